package dev.parley.client.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.client.identity.Identity;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.registry.RegistryEvent;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The envelope decoder under arbitrary input: a MAIL event read from any bytes and opened, an
 * envelope whose key and ciphertext are any bytes but properly signed (so the HPKE opening itself
 * is reached), and any bytes properly sealed and signed (so the letter's reading is reached). The
 * only outcomes allowed are a letter or a {@link MailUnreadableException} (or the codec's refusal
 * for what is not an envelope at all): no other exception, no hang. Saved inputs under
 * {@code src/test/resources/.../SealedMailFuzzTestInputs} replay in every normal test run;
 * {@code JAZZER_FUZZ=1} explores further.
 */
class SealedMailFuzzTest {
    private static final Identity ALICE = Identity.create("alice");
    private static final Identity BOB = Identity.create("bob");

    @FuzzTest(maxDuration = "30s")
    void aMailEventOfAnyBytesIsOpenedOrRefused(byte[] input) {
        Envelope envelope;
        try {
            Frame frame = FrameCodec.decode(input);
            envelope = ((RegistryEvent.Mail) RegistryEvent.CATALOG.read(frame)).envelope();
        } catch (ProtocolException | InvalidFieldException | ClassCastException notAnEnvelope) {
            return;
        }
        openOrRefuse(envelope);
    }

    @FuzzTest(maxDuration = "30s")
    void anySignedKeyAndCiphertextAreOpenedOrRefused(FuzzedDataProvider data) throws Exception {
        byte[] key = data.consumeBytes(data.consumeInt(0, 100));
        byte[] sealed = data.consumeRemainingAsBytes();
        Envelope unsigned = new Envelope("m-1", "alice", "bob", Base64.getEncoder().encodeToString(key),
                Base64.getEncoder().encodeToString(sealed), "-");
        openOrRefuse(unsigned.signed(sign(unsigned)));
    }

    @FuzzTest(maxDuration = "30s")
    void anySealedBytesAreReadAsALetterOrRefused(byte[] plain) {
        // A properly sealed letter first (so the sealing code runs), then the fuzzer's bytes sealed the same way.
        Envelope good = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1",
                new Letter(Instant.EPOCH, "x", null, null));
        Envelope anyBytes = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-2", plain);
        try {
            assertEquals("x", SealedMail.open(good, BOB, ALICE.publicKey()).body());
        } catch (MailUnreadableException e) {
            throw new AssertionError("a good envelope was refused: " + e.getMessage(), e);
        }
        openOrRefuse(anyBytes);
    }

    private static void openOrRefuse(Envelope envelope) {
        try {
            assertNotNull(SealedMail.open(envelope, BOB, ALICE.publicKey()));
        } catch (MailUnreadableException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    private static String sign(Envelope e) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ALICE.privateKey());
        s.update(e.signedText());
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
