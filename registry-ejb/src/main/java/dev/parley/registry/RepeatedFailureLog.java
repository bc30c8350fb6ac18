package dev.parley.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs the failures a client can cause as often as it likes (an unexpected error answering a
 * request, a keepalive that cannot be handled): the first of a kind with its stack trace, the same
 * kind again within a minute only as a count, "repeated N times", when the minute is over. Without
 * it a client repeating one bad request writes a stack trace per request and fills the disk.
 *
 * <p>A kind is the failure's signature: its level and, for each exception in its cause chain, the
 * class and the line that threw. The message (which names the link) is not part of it, so one
 * fault reached from many links is one kind; the count's line quotes the first message.
 */
public final class RepeatedFailureLog {
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Kinds tallied at once; a fault has few code paths, so more than this means something odd: logged untallied. */
    static final int MAX_KINDS = 256;
    private static final Set<RepeatedFailureLog> ALL = ConcurrentHashMap.newKeySet();

    private final Logger log;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Tally> tallies = new HashMap<>(); // guarded by this

    /** One kind of failure seen in the current window. */
    private static final class Tally {
        final long since;
        final Level level;
        final String firstMessage;
        int repeats;

        Tally(long since, Level level, String firstMessage) {
            this.since = since;
            this.level = level;
            this.firstMessage = firstMessage;
        }
    }

    RepeatedFailureLog(Logger log, Duration window, LongSupplier nanoClock) {
        this.log = log;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A log for this logger whose counts {@link #reportAllRepeats()} writes out when their window is over. */
    public static RepeatedFailureLog of(Logger log) {
        RepeatedFailureLog failures = new RepeatedFailureLog(log, WINDOW, System::nanoTime);
        ALL.add(failures);
        return failures;
    }

    /** Writes the counts of every log made by {@link #of} whose window is over; the registry's timer calls it. */
    public static void reportAllRepeats() {
        for (RepeatedFailureLog failures : ALL) {
            failures.reportRepeats();
        }
    }

    /** Logs this failure in full, or counts it if the same kind was logged less than a window ago. */
    public void log(Level level, String message, Throwable failure) {
        String kind = signature(level, failure);
        List<Count> counts = new ArrayList<>();
        synchronized (this) {
            long now = nanoClock.getAsLong();
            Tally seen = tallies.get(kind);
            if (seen != null && now - seen.since < windowNanos) {
                seen.repeats++;
                return;
            }
            if (seen != null) {
                tallies.remove(kind);
                counts.add(new Count(seen, now));
            }
            if (tallies.size() >= MAX_KINDS) {
                counts.addAll(endWindows(now));
            }
            if (tallies.size() < MAX_KINDS) {
                tallies.put(kind, new Tally(now, level, message));
            }
        }
        counts.forEach(this::write);
        log.log(level, message, failure);
    }

    /** Writes out the count of each kind whose window is over and that repeated in it. */
    public void reportRepeats() {
        List<Count> counts;
        synchronized (this) {
            counts = endWindows(nanoClock.getAsLong());
        }
        counts.forEach(this::write);
    }

    private List<Count> endWindows(long now) {
        List<Count> counts = new ArrayList<>();
        for (Iterator<Tally> it = tallies.values().iterator(); it.hasNext();) {
            Tally t = it.next();
            if (now - t.since >= windowNanos) {
                it.remove();
                if (t.repeats > 0) {
                    counts.add(new Count(t, now));
                }
            }
        }
        return counts;
    }

    /** The repeats of one kind, taken out of the tallies to be written once the lock is released. */
    private record Count(Tally tally, long now) {
    }

    private void write(Count c) {
        Tally t = c.tally();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(c.now() - t.since);
        log.log(t.level, "the failure logged " + seconds + " s ago (\"" + t.firstMessage + "\") repeated " + t.repeats
                + (t.repeats == 1 ? " time" : " times") + " since; their stack traces are left out");
    }

    private static String signature(Level level, Throwable failure) {
        StringBuilder b = new StringBuilder(level.getName());
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            b.append('|').append(t.getClass().getName());
            StackTraceElement[] trace = t.getStackTrace();
            if (trace.length > 0) {
                b.append('@').append(trace[0]);
            }
        }
        return b.toString();
    }
}
