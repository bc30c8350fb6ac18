package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void burstIsAllowedThenTheRateRefills() {
        TokenBucket b = new TokenBucket(10, 3, 0);

        assertTrue(b.tryTake(0));
        assertTrue(b.tryTake(0));
        assertTrue(b.tryTake(0));
        assertFalse(b.tryTake(0), "burst spent");
        assertTrue(b.tryTake(100_000_000L), "one token back after 100 ms at 10/s");
        assertFalse(b.tryTake(100_000_000L));
    }
}
