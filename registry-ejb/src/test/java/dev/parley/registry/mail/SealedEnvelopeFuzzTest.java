package dev.parley.registry.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.mail.Envelope;
import dev.parley.registry.RequestRefused;

/**
 * Envelopes as MAIL_DEPOSIT brings them, every field any text: the registry refuses one with a
 * reason, or keeps bytes it gives back as the very envelope that was deposited (the signature
 * covers the text, so a single changed character would make it unopenable).
 * Saved inputs under {@code src/test/resources/.../SealedEnvelopeFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class SealedEnvelopeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void depositedEnvelopes(FuzzedDataProvider data) {
        Envelope deposited = new Envelope(data.consumeString(70), data.consumeString(40), data.consumeString(40),
                data.consumeString(100), data.consumeString(2000), data.consumeRemainingAsAsciiString());
        SealedEnvelope kept;
        try {
            kept = SealedEnvelope.of("alice", deposited);
        } catch (RequestRefused refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertEquals(deposited, SealedEnvelope.envelope(kept.id(), kept.from(), deposited.to(), kept.key(),
                kept.sealed(), kept.signature()), "what is handed out is what was deposited");
    }
}
