package dev.parley.client.mail;

import static dev.parley.client.mail.MailFuzzing.ALICE;
import static dev.parley.client.mail.MailFuzzing.BOB;
import static dev.parley.client.mail.MailFuzzing.openOrRefuse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import java.time.Instant;

/**
 * Any bytes properly sealed and signed, so that reading the letter inside is reached: a letter or
 * a {@link MailUnreadableException}; a good letter sealed beside them still opens.
 * Saved inputs under {@code src/test/resources/.../SealedLetterFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class SealedLetterFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anySealedBytesAreReadAsALetterOrRefused(byte[] plain) {
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
}
