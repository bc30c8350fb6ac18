package dev.parley.registry.account;

import java.util.ArrayDeque;

/**
 * Counts events inside a sliding time window, remembering at most {@code limit} of them. Not
 * thread-safe: callers lock it.
 */
final class AttemptWindow {
    private final ArrayDeque<Long> times = new ArrayDeque<>();
    private final int limit;
    private final long windowNanos;

    AttemptWindow(int limit, long windowNanos) {
        this.limit = limit;
        this.windowNanos = windowNanos;
    }

    /** Nanoseconds until another event is allowed; 0 if one is allowed now. */
    long waitNanos(long now) {
        prune(now);
        if (times.size() < limit) {
            return 0;
        }
        return times.peekFirst() + windowNanos - now;
    }

    void record(long now) {
        prune(now);
        if (times.size() == limit) {
            times.pollFirst();
        }
        times.addLast(now);
    }

    boolean isEmpty(long now) {
        prune(now);
        return times.isEmpty();
    }

    private void prune(long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.pollFirst();
        }
    }
}
