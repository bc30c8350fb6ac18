package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Registry addresses as people type them ({@code --registry}, {@code PARLEY_REGISTRY}): any text is
 * an address or a refusal with a reason, and an address prints as it reads.
 * Saved inputs under {@code src/test/resources/.../RegistryAddressFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class RegistryAddressFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void registryAddresses(@NotNull String text) {
        RegistryAddress address;
        try {
            address = RegistryAddress.parse(text);
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertFalse(address.host().isEmpty());
        assertTrue(address.port() >= 1 && address.port() <= 65535);
        assertEquals(address, RegistryAddress.parse(address.toString()), "an address prints as it reads");
    }
}
