package dev.parley.protocol.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginProofTest {
    private final SecureRandom random = new SecureRandom();
    private final KeyPair alice = p256();
    private final KeyPair mallory = p256();

    @Test
    void aProofHoldsForItsKeyChallengeAndUserOnly() {
        String challenge = LoginProof.newChallenge(random);
        String proof = LoginProof.sign(alice.getPrivate(), challenge, "Alice");
        assertEquals(LoginProof.MAX_LENGTH, proof.length());
        assertEquals(Optional.empty(), LoginProof.problem(proof));
        assertTrue(LoginProof.verify(alice.getPublic(), challenge, "alice", proof), "the name in any case");
        assertTrue(LoginProof.verify(alice.getPublic(), challenge, "ALICE", proof));
        assertFalse(LoginProof.verify(mallory.getPublic(), challenge, "alice", proof), "another key");
        assertFalse(LoginProof.verify(alice.getPublic(), LoginProof.newChallenge(random), "alice", proof),
                "another link's challenge");
        assertFalse(LoginProof.verify(alice.getPublic(), challenge, "alicia", proof), "another account");
        assertFalse(LoginProof.verify(alice.getPublic(), null, "alice", proof), "a link that was given no challenge");
    }

    @Test
    void challengesAreRandomAndUrlSafe() {
        String a = LoginProof.newChallenge(random);
        assertNotEquals(a, LoginProof.newChallenge(random));
        assertEquals(32, Base64.getUrlDecoder().decode(a).length);
    }

    @Test
    void aMalformedProofIsNamedAndNeverVerifies() {
        String challenge = LoginProof.newChallenge(random);
        for (String bad : new String[] {"", "not base64 at all", "A".repeat(88), "QUJD",
                Base64.getEncoder().encodeToString(new byte[63]) + "=", Base64.getEncoder().encodeToString(new byte[66])}) {
            assertFalse(LoginProof.verify(alice.getPublic(), challenge, "alice", bad), bad);
        }
        assertEquals(Optional.of(LoginProof.RULE), LoginProof.problem("QUJD"));
        assertEquals(Optional.of(LoginProof.RULE), LoginProof.problem("*".repeat(88)));
        // Well formed but all zero: r = s = 0 is no signature.
        String zeros = Base64.getEncoder().encodeToString(new byte[64]);
        assertEquals(Optional.empty(), LoginProof.problem(zeros));
        assertFalse(LoginProof.verify(alice.getPublic(), challenge, "alice", zeros));
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
