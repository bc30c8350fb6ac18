package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.registry.config.RegistrySettings;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A link's outbox on a wire without a socket: order, the bound, the end, and a writer only while there is something to send. */
class LinkOutboxTest {
    private final Link link = new Link(new FakeTransport(), new LinkHandler() {
        @Override
        public Frame onRequest(Link l, String id, RegistryRequest request) {
            throw new AssertionError("no request is made here");
        }

        @Override
        public void onLinkClosed(Link l) {
        }
    }, new OnlineLinks(), RegistrySettings.defaults());
    private final LinkOutbox outbox = new LinkOutbox(link);

    /** Keeps what it is given; each write may be held until {@link #release} opens. */
    private static final class RecordingWire implements LinkOutbox.Wire {
        final List<String> written = new CopyOnWriteArrayList<>();
        final Set<String> writers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);
        volatile CountDownLatch releaseClose = new CountDownLatch(0);
        volatile boolean fail;
        volatile long lastWriteEnded;
        volatile long closeStarted;

        @Override
        public void write(Frame frame) throws IOException {
            writers.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (fail) {
                throw new IOException("connection reset");
            }
            written.add(frame.message());
            lastWriteEnded = System.nanoTime();
        }

        @Override
        public void close() {
            closeStarted = System.nanoTime();
            closes.incrementAndGet();
            try {
                releaseClose.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closed.countDown();
        }
    }

    private static Frame frame(int n) {
        return Frame.answer("r" + n, Status.OK, "frame " + n);
    }

    private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }

    @Test
    void framesQueuedBeforeTheStartGoFirstThenTheRestInOrder() throws Exception {
        RecordingWire wire = new RecordingWire();
        for (int i = 0; i < 3; i++) {
            assertTrue(outbox.offer(frame(i)));
        }
        Thread.sleep(50);
        assertEquals(List.of(), wire.written, "nothing goes out before the start");

        outbox.start("test-writer-", wire);
        for (int i = 3; i < 200; i++) {
            assertTrue(outbox.offer(frame(i)));
            if (i % 50 == 0) {
                Thread.sleep(20); // the writer empties the outbox and ends; the next frame starts another
            }
        }
        waitFor(() -> wire.written.size() == 200);
        for (int i = 0; i < 200; i++) {
            assertEquals("frame " + i, wire.written.get(i));
        }
        assertEquals(Set.of("test-writer-192.0.2.7"), wire.writers);
        assertEquals(0, wire.closes.get(), "the link goes on");
    }

    @Test
    void aClientThatDoesNotReadFillsOnlyItsOutbox() throws Exception {
        RecordingWire wire = new RecordingWire();
        wire.release = new CountDownLatch(1);
        outbox.start("test-writer-", wire);
        assertTrue(outbox.offer(frame(0)));
        waitFor(() -> outbox.sendingSince() != 0); // the writer took it and is stuck on the wire
        for (int i = 1; i <= Link.OUTBOX_FRAMES; i++) {
            assertTrue(outbox.offer(frame(i)), "frame " + i);
        }
        assertFalse(outbox.offer(frame(-1)), "full");
        assertFalse(outbox.end(), "no room for the end either");

        wire.release.countDown();
        waitFor(() -> wire.written.size() == Link.OUTBOX_FRAMES + 1);
        assertEquals(0L, outbox.sendingSince());
        assertTrue(outbox.offer(frame(-2)), "room again once it reads");
    }

    @Test
    void theEndGoesAfterWhatIsQueuedThenTheWireClosesOnce() throws Exception {
        RecordingWire wire = new RecordingWire();
        outbox.start("test-writer-", wire);
        outbox.offer(frame(1));
        outbox.offer(frame(2));
        assertTrue(outbox.end());
        outbox.awaitWriter();

        assertTrue(wire.closed.await(1, TimeUnit.SECONDS));
        assertEquals(List.of("frame 1", "frame 2"), wire.written);
        outbox.offer(frame(3));
        Thread.sleep(50);
        assertEquals(2, wire.written.size(), "nothing is sent after the end");
        assertEquals(1, wire.closes.get());
    }

    @Test
    void aCloseTheClientDoesNotTakeCountsAsSendingForTheWatchdog() throws Exception {
        RecordingWire wire = new RecordingWire();
        wire.releaseClose = new CountDownLatch(1);
        outbox.start("test-writer-", wire);
        outbox.offer(frame(1));
        assertTrue(outbox.end());
        waitFor(() -> wire.closes.get() == 1); // the frame is out; the close (a close_notify) is stuck
        assertEquals(List.of("frame 1"), wire.written);
        long since = outbox.sendingSince();
        assertTrue(since != 0, "the stuck close is a write the watchdog sees");
        assertTrue(since - wire.lastWriteEnded >= 0 && wire.closeStarted - since >= 0,
                "since the close began, not since the last frame");

        wire.releaseClose.countDown();
        assertTrue(wire.closed.await(5, TimeUnit.SECONDS));
        waitFor(() -> outbox.sendingSince() == 0);
    }

    @Test
    void aFailedWriteClosesTheWireAndSendsNothingMore() throws Exception {
        RecordingWire wire = new RecordingWire();
        wire.fail = true;
        outbox.start("test-writer-", wire);
        outbox.offer(frame(1));
        assertTrue(wire.closed.await(5, TimeUnit.SECONDS));

        wire.fail = false;
        outbox.offer(frame(2));
        outbox.end();
        outbox.awaitWriter();
        Thread.sleep(50);
        assertEquals(List.of(), wire.written);
        assertEquals(1, wire.closes.get());
        assertEquals(0L, outbox.sendingSince(), "the failed write is not taken for one still waiting");
    }

    @Test
    void awaitingTheWriterGivesUpAfterAMomentWhenTheClientDoesNotRead() throws Exception {
        RecordingWire wire = new RecordingWire();
        wire.release = new CountDownLatch(1);
        outbox.start("test-writer-", wire);
        outbox.offer(frame(1));
        outbox.end();
        long t0 = System.nanoTime();
        outbox.awaitWriter();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 1900 && waited < 4000, "waited " + waited + " ms");
        assertEquals(0, wire.closes.get());
        wire.release.countDown();
        assertTrue(wire.closed.await(5, TimeUnit.SECONDS));
    }

    @Test
    void withoutAStartNothingIsAwaited() {
        outbox.offer(frame(1));
        outbox.end();
        long t0 = System.nanoTime();
        outbox.awaitWriter();
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500));
    }
}
