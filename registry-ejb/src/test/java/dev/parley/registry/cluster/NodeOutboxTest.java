package dev.parley.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.registry.cluster.ClusterMessage.SessionGone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeOutboxTest {

    private static SessionGone message(int i) {
        return new SessionGone("user" + i, "s" + i);
    }

    @Test
    void messagesArriveInOrderInBatchesAndOneBatchAtATime() throws Exception {
        List<ClusterMessage> arrived = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlapped = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        NodeOutbox outbox = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            if (inFlight.incrementAndGet() > 1) {
                overlapped.incrementAndGet();
            }
            synchronized (arrived) {
                arrived.addAll(batch);
                if (arrived.size() == 5000) {
                    all.countDown();
                }
            }
            inFlight.decrementAndGet();
            return true;
        }).start();
        for (int i = 0; i < 5000; i++) {
            outbox.add(message(i));
        }
        assertTrue(all.await(10, TimeUnit.SECONDS));
        outbox.close();
        for (int i = 0; i < 5000; i++) {
            assertEquals(message(i), arrived.get(i));
        }
        assertEquals(0, overlapped.get());
    }

    @Test
    void aBatchTheNodeDidNotTakeIsSentAgainBeforeAnythingLater() throws Exception {
        List<List<ClusterMessage>> attempts = new ArrayList<>();
        CountDownLatch taken = new CountDownLatch(1);
        NodeOutbox outbox = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            synchronized (attempts) {
                attempts.add(List.copyOf(batch));
                if (attempts.size() < 3) {
                    return false; // starting: no dispatcher yet
                }
            }
            taken.countDown();
            return true;
        });
        outbox.add(message(1));
        outbox.start();
        assertTrue(taken.await(5, TimeUnit.SECONDS));
        outbox.close();
        assertEquals(List.of(List.of(message(1)), List.of(message(1)), List.of(message(1))), attempts);
    }

    @Test
    void untilTheNodeTakesABatchTheWaitForItsAnswerStartsShortAndDoubles() throws Exception {
        List<Long> attempts = new ArrayList<>();
        CountDownLatch second = new CountDownLatch(1);
        NodeOutbox outbox = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            synchronized (attempts) {
                attempts.add(waitMillis);
                if (batch.contains(message(2))) {
                    second.countDown();
                }
                return attempts.size() >= 4; // the first three go unanswered: the node is starting
            }
        });
        outbox.add(message(1));
        outbox.start();
        while (true) {
            synchronized (attempts) {
                if (attempts.size() >= 4) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        outbox.add(message(2));
        assertTrue(second.await(5, TimeUnit.SECONDS));
        outbox.close();
        synchronized (attempts) {
            assertEquals(List.of(500L, 1000L, 2000L, 4000L, NodeOutbox.ANSWER_WAIT_MILLIS), attempts,
                    "once the node has taken a batch, the full wait");
        }
    }

    @Test
    void everyAttemptAtABatchCarriesItsNumberAndTheNextBatchTheNext() throws Exception {
        List<String> attempts = new ArrayList<>();
        java.util.Set<Long> streams = new java.util.HashSet<>();
        CountDownLatch second = new CountDownLatch(1);
        NodeOutbox outbox = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            synchronized (attempts) {
                streams.add(stream);
                attempts.add(sequence + ":" + batch);
                if (attempts.size() == 1) {
                    return false; // the answer was lost: sent again, with the same number
                }
            }
            if (sequence == 2) {
                second.countDown();
            }
            return true;
        });
        outbox.add(message(1));
        outbox.start();
        assertTrue(waitFor(() -> {
            synchronized (attempts) {
                return attempts.size() == 2;
            }
        }));
        outbox.add(message(2));
        assertTrue(second.await(5, TimeUnit.SECONDS));
        outbox.close();

        assertEquals(List.of("1:" + List.of(message(1)), "1:" + List.of(message(1)), "2:" + List.of(message(2))), attempts);
        assertEquals(1, streams.size(), "one stream for the outbox's life");
        long firstStream = streams.iterator().next();
        assertTrue(firstStream > 0, "0 means no stream to the receiving side");
        NodeOutbox another = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            synchronized (attempts) {
                streams.add(stream);
            }
            return true;
        }).start();
        another.add(message(3));
        assertTrue(waitFor(() -> {
            synchronized (attempts) {
                return streams.size() == 2;
            }
        }), "a new outbox (the node joined again) has a stream of its own");
        another.close();
        long secondStream;
        synchronized (attempts) {
            secondStream = streams.stream().filter(x -> x != firstStream).findFirst().orElseThrow();
        }
        assertTrue(secondStream > firstStream, "and a later one: the receiving side drops late attempts of older streams");
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void anAttemptThatThrowsIsSentAgainAndTheOutboxGoesOn() throws Exception {
        List<ClusterMessage> arrived = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch both = new CountDownLatch(2);
        NodeOutbox outbox = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new java.util.concurrent.CancellationException("get"); // as the dispatcher does for a node still starting
            }
            synchronized (arrived) {
                arrived.addAll(batch);
            }
            batch.forEach(m -> both.countDown());
            return true;
        });
        outbox.add(message(1));
        outbox.start();
        outbox.add(message(2));
        assertTrue(both.await(5, TimeUnit.SECONDS), "both arrived after the failed attempt: " + arrived);
        outbox.close();
        assertEquals(List.of(message(1), message(2)), arrived);
    }

    @Test
    void aClosedOutboxStopsItsThreadAndTakesNothing() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        NodeOutbox outbox = new NodeOutbox("b", (stream, sequence, batch, waitMillis) -> {
            blocked.countDown();
            return false; // never taken: the node is gone
        }).start();
        outbox.add(message(1));
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        outbox.close();
        outbox.add(message(2));
        assertTrue(outbox.awaitStopped(5000), "the sender thread ended");
    }
}
