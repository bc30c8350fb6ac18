package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashBenchTest {

    @Test
    void noRoundsIsRefusedWithWhatToGive() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HashBench.run(0));

        assertEquals("ROUNDS must be at least 1", refused.getMessage());
    }

    @Test
    void quantilesFallBetweenNeighbours() {
        List<Double> sorted = List.of(1.0, 2.0, 3.0, 4.0);

        assertEquals(2.5, HashBench.quantile(sorted, 0.5));
        assertEquals(1.75, HashBench.quantile(sorted, 0.25));
        assertEquals(4.0, HashBench.quantile(sorted, 1.0));
        assertEquals(3.0, HashBench.quantile(List.of(3.0), 0.5));
    }
}
