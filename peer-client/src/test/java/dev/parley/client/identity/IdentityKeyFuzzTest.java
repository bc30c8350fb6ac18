package dev.parley.client.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.security.PublicKey;

/**
 * Identity keys as they arrive from the registry (SEARCH_USER, LOGIN) and in mail: any text is
 * read as a key or refused with a reason, and an accepted key reads back as itself.
 * Saved inputs under {@code src/test/resources/.../IdentityKeyFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class IdentityKeyFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void identityKeysFromTheNetwork(@NotNull String text) {
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
