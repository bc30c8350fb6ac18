package dev.parley.client.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Identity keys as they arrive from the registry (SEARCH_USER, LOGIN) and in mail: any text is
 * read as a key or refused with a reason, and an accepted key reads back as itself.
 * Saved inputs under {@code src/test/resources/.../IdentityKeyFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class IdentityKeyFuzzTest {

    /**
     * The first byte chooses the form: even, the rest is a DER key base64-encoded (so the key
     * parser is reached, not only the base64 decoder); odd, the rest is the text as it is.
     */
    @FuzzTest(maxDuration = "30s")
    void identityKeysFromTheNetwork(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        String text = (input[0] & 1) == 0 ? Base64.getEncoder().encodeToString(rest)
                : new String(rest, StandardCharsets.UTF_8);
        PublicKey key;
        try {
            key = Identity.decode(text);
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertEquals(key, Identity.decode(Identity.encode(key)), "an accepted key reads back as itself");
    }
}
