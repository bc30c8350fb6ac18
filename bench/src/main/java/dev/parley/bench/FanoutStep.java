package dev.parley.bench;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What the member processes of {@code room-fanout-procs} and their coordinator share about one
 * timed step: its schedule (every process works out its own members' sends from it), the stamp in
 * each message's body, and what each process reports afterwards. Times are wall-clock nanoseconds
 * since the epoch: the one clock all processes on a machine read alike.
 */
final class FanoutStep {
    private static final Clock WALL = Clock.systemUTC();

    /** Now, by the wall clock, in nanoseconds since the epoch (the JDK reads it to the microsecond or better). */
    static long wallNanos() {
        Instant now = WALL.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Messages {@code firstSeq} to {@code firstSeq + count - 1}, message {@code firstSeq + i} meant to
     * start at {@code startEpochNanos + i * intervalNanos} and sent by member {@code seq % members}:
     * the senders take turns, as in {@code room-fanout}.
     */
    record Schedule(long firstSeq, int count, long startEpochNanos, long intervalNanos) {
        /** {@code rate} messages a second for {@code seconds}, as {@link ConstantRate} spaces them. */
        static Schedule of(long firstSeq, double rate, int seconds, long startEpochNanos) {
            return new Schedule(firstSeq, (int) (rate * seconds), startEpochNanos, (long) (1e9 / rate));
        }

        /** When message {@code seq} is meant to start. */
        long intended(long seq) {
            return startEpochNanos + (seq - firstSeq) * intervalNanos;
        }

        /** When the message after the last would be meant to start. */
        long endEpochNanos() {
            return intended(firstSeq + count);
        }

        /** The messages sent by members {@code from} to {@code from + size - 1} of a room of {@code members}, in order. */
        long[] sentBy(int members, int from, int size) {
            return java.util.stream.LongStream.range(firstSeq, firstSeq + count)
                    .filter(seq -> holds(members, from, size, seq)).toArray();
        }

        /** How many of members {@code from} to {@code from + size - 1} show message {@code seq}: all but its sender. */
        int shownBy(long seq, int members, int from, int size) {
            return holds(members, from, size, seq) ? size - 1 : size;
        }

        private static boolean holds(int members, int from, int size, long seq) {
            long sender = seq % members;
            return sender >= from && sender < from + size;
        }

        /** As one line of the coordinator's command. */
        String text() {
            return firstSeq + " " + count + " " + startEpochNanos + " " + intervalNanos;
        }

        static Schedule parse(String text) {
            String[] f = text.trim().split(" ");
            return new Schedule(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        }
    }

    /** A message's number and when it was meant to start, as its body carries them. */
    record Stamp(long seq, long intendedEpochNanos) {
        /**
         * {@code #SEQ @INTENDED } and then {@code text}: the number first, as the sender's delivery
         * notice is matched by it ({@link RoomMesh.RoomScreen}).
         */
        String body(String text) {
            return "#" + seq + " @" + intendedEpochNanos + " " + text;
        }

        /** The stamp at the start of a body, or null when it has none. */
        static Stamp of(String body) {
            if (body == null || !body.startsWith("#")) {
                return null;
            }
            int space = body.indexOf(' ');
            int end = space < 0 ? -1 : body.indexOf(' ', space + 1);
            if (end < 0 || body.charAt(space + 1) != '@') {
                return null;
            }
            try {
                return new Stamp(Long.parseLong(body, 1, space, 10), Long.parseLong(body, space + 2, end, 10));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * For each message of a step: how many members have shown it, and the latest any of them did,
     * in microseconds after the message was meant to start. A member process keeps one for its
     * members; the coordinator merges those of all processes, so memory stays at one entry per
     * message of the step whatever the number of members.
     */
    static final class Shown {
        private final long firstSeq;
        private final AtomicIntegerArray times;
        private final AtomicLongArray latestMicros;

        Shown(long firstSeq, int count) {
            this.firstSeq = firstSeq;
            this.times = new AtomicIntegerArray(count);
            this.latestMicros = new AtomicLongArray(count);
        }

        int count() {
            return times.length();
        }

        /** One member showed message {@code seq}; false (and nothing kept) when it is not of this step. */
        boolean record(long seq, long latencyMicros) {
            long i = seq - firstSeq;
            if (i < 0 || i >= times.length()) {
                return false;
            }
            latestMicros.accumulateAndGet((int) i, Math.max(1, latencyMicros), Math::max);
            times.incrementAndGet((int) i);
            return true;
        }

        int times(long seq) {
            return times.get((int) (seq - firstSeq));
        }

        long latestMicros(long seq) {
            return latestMicros.get((int) (seq - firstSeq));
        }

        /** Adds another process's members: the counts add up, the latest is the later of the two. */
        void merge(Shown other) {
            if (other.firstSeq != firstSeq || other.count() != count()) {
                throw new IllegalArgumentException("not the same step: messages from " + other.firstSeq + " ("
                        + other.count() + ") against " + firstSeq + " (" + count() + ")");
            }
            for (int i = 0; i < count(); i++) {
                times.addAndGet(i, other.times.get(i));
                latestMicros.accumulateAndGet(i, other.latestMicros.get(i), Math::max);
            }
        }

        /**
         * Records into {@code last} when the last of {@code receivers} showed each message all of
         * them showed; returns how many messages were shown fewer (or more) times than that.
         */
        long lastShown(int receivers, Histogram last) {
            long wrong = 0;
            for (int i = 0; i < count(); i++) {
                if (times.get(i) == receivers) {
                    last.recordValue(latestMicros.get(i));
                } else {
                    wrong++;
                }
            }
            return wrong;
        }

        String encode() {
            ByteBuffer b = ByteBuffer.allocate(8 + count() * 12);
            b.putLong(firstSeq);
            for (int i = 0; i < count(); i++) {
                b.putInt(times.get(i)).putLong(latestMicros.get(i));
            }
            return Base64.getEncoder().encodeToString(b.array());
        }

        static Shown decode(String text) {
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(text));
            Shown s = new Shown(b.getLong(), b.remaining() / 12);
            for (int i = 0; i < s.count(); i++) {
                s.times.set(i, b.getInt());
                s.latestMicros.set(i, b.getLong());
            }
            return s;
        }
    }

    /** A histogram as one word of text (compressed, base64). */
    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(b.array(), length));
    }

    static Histogram decodeHistogram(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    /**
     * What one member process reports after a step: its sends that every member acknowledged and
     * those that failed (with the first reason), when its last send completed, its CPU time and
     * garbage collections during the step, the senders' latencies until every receipt was in, the
     * latency of each showing by one of its members, and per message what its members showed.
     */
    record Report(long sent, long failed, long lastDoneEpochNanos, long cpuNanos, long gcCount, long gcMillis,
            Histogram receipts, Histogram shownEach, Shown shown, String firstError) {

        /** As one line (without newlines; the first error last, as it may hold spaces). */
        String text() {
            return sent + " " + failed + " " + lastDoneEpochNanos + " " + cpuNanos + " " + gcCount + " " + gcMillis
                    + " " + encode(receipts) + " " + encode(shownEach) + " " + shown.encode()
                    + (firstError == null ? "" : " " + firstError.replaceAll("[\\r\\n]+", " "));
        }

        static Report parse(String text) {
            String[] f = text.split(" ", 10);
            return new Report(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), decodeHistogram(f[6]), decodeHistogram(f[7]),
                    Shown.decode(f[8]), f.length > 9 ? f[9] : null);
        }
    }

    private FanoutStep() {
    }
}
