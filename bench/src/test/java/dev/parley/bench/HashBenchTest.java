package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HashBenchTest {

    @Test
    void noRoundsIsRefusedWithWhatToGive() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HashBench.run(0));

        assertEquals("ROUNDS must be at least 1", refused.getMessage());
    }
}
