package dev.parley.client.mail;

import static dev.parley.client.mail.MailFuzzing.openOrRefuse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.registry.RegistryEvent;

/**
 * A MAIL event read from any bytes and opened: a letter, or a refusal (the codec's for what is not
 * an envelope at all, {@link MailUnreadableException} for one that does not open); no other
 * exception, no hang.
 * Saved inputs under {@code src/test/resources/.../SealedMailFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class SealedMailFuzzTest {

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
}
