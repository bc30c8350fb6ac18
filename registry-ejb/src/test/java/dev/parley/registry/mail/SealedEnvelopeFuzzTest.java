package dev.parley.registry.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.mail.Envelope;
import dev.parley.registry.RequestRefused;
import java.util.Base64;

/**
 * Envelopes as MAIL_DEPOSIT brings them, every field any text: the registry refuses one with a
 * reason, or keeps bytes it gives back as the very envelope that was deposited (the signature
 * covers the text, so a single changed character would make it unopenable).
 * Saved inputs under {@code src/test/resources/.../SealedEnvelopeFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class SealedEnvelopeFuzzTest {

    /**
     * Each field is, as the input chooses, one a client would write (so the checks after it are
     * reached) or any text; the binary fields are often base64 of any bytes, so their decoding and
     * bounds are reached too.
     */
    @FuzzTest(maxDuration = "30s")
    void depositedEnvelopes(FuzzedDataProvider data) {
        String id = data.consumeBoolean() ? "m-1" : data.consumeString(70);
        String from = data.consumeBoolean() ? "alice" : data.consumeString(40);
        String to = data.consumeBoolean() ? "bob" : data.consumeString(40);
        String key = binary(data, 100);
        String sealed = binary(data, 3000);
        String signature = binary(data, 100);
        Envelope deposited = new Envelope(id, from, to, key, sealed, signature);
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

    private static String binary(FuzzedDataProvider data, int maxBytes) {
        return data.consumeBoolean() ? Base64.getEncoder().encodeToString(data.consumeBytes(maxBytes))
                : data.consumeString(maxBytes * 2);
    }
}
