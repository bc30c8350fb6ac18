package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.Optional;

/**
 * Identity keys as REGISTER and LOGIN offer them: any text is refused or stored in a canonical
 * form that is itself accepted unchanged, so what SEARCH_USER hands out is what was checked.
 * Saved inputs under {@code src/test/resources/.../IdentityKeysFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class IdentityKeysFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void offeredIdentityKeys(@NotNull String offered) {
        Optional<String> canonical = IdentityKeys.canonical(offered);
        canonical.ifPresent(key -> assertEquals(canonical, IdentityKeys.canonical(key), "the canonical form is a fixed point"));
    }
}
