package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Identity keys as REGISTER and LOGIN offer them: any text is refused or stored in a canonical
 * form that is itself accepted unchanged, so what SEARCH_USER hands out is what was checked.
 * Saved inputs under {@code src/test/resources/.../IdentityKeysFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class IdentityKeysFuzzTest {

    /**
     * The first byte chooses the form: even, the rest is a DER key base64-encoded (so the key
     * parser is reached, not only the base64 decoder); odd, the rest is the text as it is.
     */
    @FuzzTest(maxDuration = "30s")
    void offeredIdentityKeys(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        String offered = (input[0] & 1) == 0 ? Base64.getEncoder().encodeToString(rest)
                : new String(rest, StandardCharsets.UTF_8);
        Optional<String> canonical = IdentityKeys.canonical(offered);
        canonical.ifPresent(key -> assertEquals(canonical, IdentityKeys.canonical(key), "the canonical form is a fixed point"));
    }
}
