package dev.parley.registry.account;

/**
 * The growing wait one account imposes on password checks from addresses that never logged into
 * it, after failures from such addresses: none for the first {@code freeFailures}, then 1 s after
 * the next failure, 2 s after the one after, doubling up to {@code maxDelayNanos}. However many
 * addresses an attacker guesses from, the account is checked at most about once per maximum delay;
 * and since it is a wait, not a lockout, its owner on a new address gets in once the wait after
 * the last failure is over. Forgotten after {@code quietNanos} without a failure.
 *
 * <p>Not thread-safe: callers lock it. Times are {@link System#nanoTime()} values.
 */
final class GuessingDelay {
    private static final long SECOND = 1_000_000_000L;

    private final int freeFailures;
    private final long maxDelayNanos;
    private final long quietNanos;
    private int failures;
    private long lastFailure;

    GuessingDelay(int freeFailures, long maxDelayNanos, long quietNanos) {
        this.freeFailures = freeFailures;
        this.maxDelayNanos = maxDelayNanos;
        this.quietNanos = quietNanos;
    }

    /** Nanoseconds until the account may be checked again; 0 if now. */
    long waitNanos(long now) {
        forgetIfQuiet(now);
        long wait = lastFailure + delayNanos() - now;
        return failures <= freeFailures || wait <= 0 ? 0 : wait;
    }

    /** Whether the account is being slowed: past its free failures, and not yet forgotten. */
    boolean isSlowing(long now) {
        forgetIfQuiet(now);
        return failures > freeFailures;
    }

    /**
     * Whether a check may start now: 0 if so, else the nanoseconds to wait. Once the account is
     * being slowed, a check that may start takes the turn at once, so checks sent together on many
     * links when a wait ends get one check, not one each.
     */
    long admit(long now) {
        long wait = waitNanos(now);
        if (wait == 0 && failures > freeFailures) {
            lastFailure = now;
        }
        return wait;
    }

    /** A failed check: the wait after it is the next step up. */
    void recordFailure(long now) {
        forgetIfQuiet(now);
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        lastFailure = now;
    }

    boolean isForgotten(long now) {
        forgetIfQuiet(now);
        return failures == 0;
    }

    /** The wait after the last failure: 1 s after failure freeFailures + 1, doubling, at most the maximum. */
    private long delayNanos() {
        int steps = failures - freeFailures - 1;
        if (steps < 0) {
            return 0;
        }
        // 2^32 s is past any maximum; a larger shift would overflow.
        return steps >= 32 ? maxDelayNanos : Math.min(maxDelayNanos, SECOND << steps);
    }

    private void forgetIfQuiet(long now) {
        if (failures > 0 && now - lastFailure >= quietNanos) {
            failures = 0;
        }
    }
}
