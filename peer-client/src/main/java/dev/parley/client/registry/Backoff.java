package dev.parley.client.registry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each reconnection attempt: doubling from {@code initial} up to
 * {@code max}, with "equal jitter" (a random point in the upper half) so that many clients that
 * lost the same registry do not all come back in the same instant.
 */
public record Backoff(Duration initial, Duration max, RandomGenerator random) {

    /** 0.5 s, 1 s, 2 s … up to 30 s, each jittered. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), RandomGenerator.getDefault());
    }

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** The ceiling for attempt {@code attempt} (1 for the first): initial × 2^(attempt−1), at most max. */
    public Duration ceiling(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 40));
        long nanos = initial.toNanos();
        for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }

    /** The wait before attempt {@code attempt}: between half the ceiling and the ceiling. */
    public Duration delay(int attempt) {
        long ceiling = ceiling(attempt).toNanos();
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }
}
