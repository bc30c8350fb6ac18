package dev.parley.client.mail;

import static dev.parley.client.mail.MailFuzzing.openOrRefuse;
import static dev.parley.client.mail.MailFuzzing.signedByAlice;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.mail.Envelope;
import java.util.Base64;

/**
 * An envelope whose key and ciphertext are any bytes but properly signed, so that the HPKE opening
 * itself is reached: a letter or a {@link MailUnreadableException}.
 * Saved inputs under {@code src/test/resources/.../SignedEnvelopeFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class SignedEnvelopeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anySignedKeyAndCiphertextAreOpenedOrRefused(FuzzedDataProvider data) throws Exception {
        byte[] key = data.consumeBytes(data.consumeInt(0, 100));
        byte[] sealed = data.consumeRemainingAsBytes();
        Envelope unsigned = new Envelope("m-1", "alice", "bob", Base64.getEncoder().encodeToString(key),
                Base64.getEncoder().encodeToString(sealed), "-");
        openOrRefuse(unsigned.signed(signedByAlice(unsigned)));
    }
}
