package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The arithmetic room-fanout-procs' processes share: schedule, stamps, per-message merging, reports. */
class FanoutStepTest {
    private static final long START = 1_765_000_000_123_456_789L;

    @Test
    void scheduleSpacesMessagesAsConstantRateDoes() {
        FanoutStep.Schedule s = FanoutStep.Schedule.of(100, 200, 2, START);
        assertEquals(400, s.count());
        assertEquals(5_000_000, s.intervalNanos());
        assertEquals(START, s.intended(100));
        assertEquals(START + 5_000_000, s.intended(101));
        assertEquals(START + 399 * 5_000_000L, s.intended(499));
        assertEquals(START + 2_000_000_000L, s.endEpochNanos());
        assertEquals(s, FanoutStep.Schedule.parse(s.text()));
        assertEquals(333_333_333, FanoutStep.Schedule.of(0, 3, 1, START).intervalNanos());
    }

    @Test
    void everyMessageIsSentByExactlyOneProcessAndShownByEveryOtherMember() {
        int members = 10;
        int[][] processes = {{0, 3}, {3, 3}, {6, 4}}; // first, size: 10 members in 3 processes, as the coordinator splits them
        FanoutStep.Schedule s = FanoutStep.Schedule.of(57, 30, 1, START);
        long[] all = Arrays.stream(processes).flatMapToLong(p -> Arrays.stream(s.sentBy(members, p[0], p[1])))
                .sorted().toArray();
        assertArrayEquals(LongStream.range(57, 87).toArray(), all);
        assertArrayEquals(new long[] {60, 61, 62, 70, 71, 72, 80, 81, 82}, s.sentBy(members, 0, 3));
        for (long seq = 57; seq < 87; seq++) {
            long q = seq;
            assertEquals(members - 1, Arrays.stream(processes).mapToInt(p -> s.shownBy(q, members, p[0], p[1])).sum());
        }
        assertEquals(3, s.shownBy(59, members, 6, 4)); // member 9 sends, its three neighbours show it
        assertEquals(3, s.shownBy(59, members, 0, 3));
    }

    @Test
    void stampLeadsTheBodyAndReadsBack() {
        FanoutStep.Stamp stamp = new FanoutStep.Stamp(1234, START);
        String body = stamp.body(PeerBench.BODY);
        assertTrue(body.startsWith("#1234 "), "the delivery notice is matched by the number first: " + body);
        assertTrue(body.endsWith(PeerBench.BODY));
        assertEquals(stamp, FanoutStep.Stamp.of(body));
        assertNull(FanoutStep.Stamp.of("#1234 " + PeerBench.BODY));
        assertNull(FanoutStep.Stamp.of("hello"));
        assertNull(FanoutStep.Stamp.of("#12 @x3 hello"));
        assertNull(FanoutStep.Stamp.of(null));
    }

    @Test
    void mergedProcessesGiveTheLastShowingOfMessagesEveryReceiverShowed() {
        // Messages 10..13 in a room of 5 (4 receivers each), over two processes.
        FanoutStep.Shown a = new FanoutStep.Shown(10, 4);
        FanoutStep.Shown b = new FanoutStep.Shown(10, 4);
        for (long seq = 10; seq < 14; seq++) {
            a.record(seq, 1000 + seq);
            a.record(seq, 2000 + seq);
        }
        b.record(10, 900);
        b.record(10, 5000);
        b.record(11, 100);
        b.record(11, 200);
        b.record(12, 3000); // one of B's members never showed 12
        b.record(13, 7000);
        b.record(13, 1);
        assertFalse(b.record(14, 1), "not of this step");
        assertFalse(b.record(9, 1), "not of this step");

        FanoutStep.Shown merged = FanoutStep.Shown.decode(a.encode()); // as the coordinator reads it
        merged.merge(FanoutStep.Shown.decode(b.encode()));
        assertEquals(4, merged.times(10));
        assertEquals(5000, merged.latestMicros(10));
        assertEquals(2011, merged.latestMicros(11));
        assertEquals(3, merged.times(12));

        Histogram last = new Histogram(3);
        assertEquals(1, merged.lastShown(4, last), "message 12 was not shown by every receiver");
        assertEquals(3, last.getTotalCount());
        assertEquals(7000, last.getMaxValue(), 7000 / 1000.0);
        assertEquals(2011, last.getMinValue(), 2);

        assertThrows(IllegalArgumentException.class, () -> merged.merge(new FanoutStep.Shown(11, 4)));
    }

    @Test
    void histogramsTravelAsOneWord() {
        Histogram h = new Histogram(3);
        for (long v = 1; v <= 100_000; v += 7) {
            h.recordValue(v);
        }
        h.recordValue(3_600_000_000L);
        String word = FanoutStep.encode(h);
        assertFalse(word.contains(" ") || word.contains("\n"));
        Histogram back = FanoutStep.decodeHistogram(word);
        assertEquals(h, back);
        assertEquals(h.getValueAtPercentile(99), back.getValueAtPercentile(99));
        assertEquals(0, FanoutStep.decodeHistogram(FanoutStep.encode(new Histogram(3))).getTotalCount());
    }

    @Test
    void reportReadsBackFromItsLine() {
        Histogram receipts = new Histogram(3);
        receipts.recordValue(4200);
        Histogram each = new Histogram(3);
        each.recordValue(1300);
        each.recordValue(2600);
        FanoutStep.Shown shown = new FanoutStep.Shown(40, 2);
        shown.record(41, 2600);
        FanoutStep.Report r = new FanoutStep.Report(7, 1, START, 123_456_789, 2, 35, receipts, each, shown,
                "java.util.concurrent.TimeoutException: no receipt\nfrom member07");
        String line = r.text();
        assertFalse(line.contains("\n"));
        FanoutStep.Report back = FanoutStep.Report.parse(line);
        assertEquals(List.of(7L, 1L, START, 123_456_789L, 2L, 35L), List.of(back.sent(), back.failed(),
                back.lastDoneEpochNanos(), back.cpuNanos(), back.gcCount(), back.gcMillis()));
        assertEquals(receipts, back.receipts());
        assertEquals(each, back.shownEach());
        assertEquals(1, back.shown().times(41));
        assertEquals(2600, back.shown().latestMicros(41));
        assertEquals("java.util.concurrent.TimeoutException: no receipt from member07", back.firstError());

        FanoutStep.Report clean = new FanoutStep.Report(7, 0, START, 1, 0, 0, receipts, each, shown, null);
        assertNull(FanoutStep.Report.parse(clean.text()).firstError());
    }
}
