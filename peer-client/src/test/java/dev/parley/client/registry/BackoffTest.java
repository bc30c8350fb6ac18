package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));

    @Test
    void theCeilingDoublesFromHalfASecondAndStopsAtThirtySeconds() {
        assertEquals(Duration.ofMillis(500), backoff.ceiling(1));
        assertEquals(Duration.ofSeconds(1), backoff.ceiling(2));
        assertEquals(Duration.ofSeconds(2), backoff.ceiling(3));
        assertEquals(Duration.ofSeconds(16), backoff.ceiling(6));
        assertEquals(Duration.ofSeconds(30), backoff.ceiling(7));
        assertEquals(Duration.ofSeconds(30), backoff.ceiling(1_000_000));
    }

    @Test
    void everyDelayLiesBetweenHalfTheCeilingAndTheCeiling() {
        for (int attempt = 1; attempt <= 20; attempt++) {
            Duration ceiling = backoff.ceiling(attempt);
            for (int i = 0; i < 200; i++) {
                Duration d = backoff.delay(attempt);
                assertTrue(d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0,
                        "attempt " + attempt + ": " + d + " outside [" + ceiling.dividedBy(2) + ", " + ceiling + "]");
            }
        }
    }

    @Test
    void delaysAreJitteredSoClientsDoNotReturnTogether() {
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(backoff.delay(3));
        }
        assertTrue(seen.size() > 40, "only " + seen.size() + " distinct delays in 50");
    }

    @Test
    void theStandardBackoffStartsAtHalfASecondAndCapsAtThirty() {
        Backoff standard = Backoff.standard();
        assertEquals(Duration.ofMillis(500), standard.ceiling(1));
        assertEquals(Duration.ofSeconds(30), standard.ceiling(50));
    }
}
