package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdentityKeysTest {

    static byte[] ecKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair().getPublic().getEncoded();
    }

    @Test
    void aP256KeyIsAcceptedInItsCanonicalForm() throws Exception {
        String key = Base64.getEncoder().encodeToString(ecKey("secp256r1"));

        assertEquals(key, IdentityKeys.canonical(key).orElseThrow());
        assertEquals(key, IdentityKeys.canonical(key.replace("=", "")).orElseThrow(), "padding is restored");
    }

    @Test
    void otherKeysAndTextAreRefused() throws Exception {
        byte[] offCurve = ecKey("secp256r1");
        offCurve[offCurve.length - 1] ^= 1;
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(512);
        Base64.Encoder b64 = Base64.getEncoder();

        for (String bad : new String[] {"", "not base64!", b64.encodeToString(new byte[91]),
                b64.encodeToString(ecKey("secp384r1")), b64.encodeToString(offCurve),
                b64.encodeToString(rsa.generateKeyPair().getPublic().getEncoded()),
                b64.encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()),
                "A".repeat(400)}) {
            assertTrue(IdentityKeys.canonical(bad).isEmpty(), bad);
        }
    }
}
