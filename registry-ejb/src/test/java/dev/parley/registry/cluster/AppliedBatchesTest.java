package dev.parley.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppliedBatchesTest {
    private final AppliedBatches applied = new AppliedBatches();
    private final List<String> ran = new ArrayList<>();

    /** A batch from the first process of {@code node}. */
    private boolean apply(String node, long stream, long sequence) {
        return apply(node, 1, stream, sequence);
    }

    private boolean apply(String node, long process, long stream, long sequence) {
        return applied.applyOnce(node, process, stream, sequence, () -> ran.add(node + ":" + stream + ":" + sequence));
    }

    @Test
    void aBatchSentAgainAfterItWasAppliedIsSkipped() {
        assertTrue(apply("a", 5, 1));
        assertFalse(apply("a", 5, 1), "the same batch again: its answer was lost");
        assertTrue(apply("a", 5, 2));
        assertFalse(apply("a", 5, 1), "an older one");

        assertEquals(List.of("a:5:1", "a:5:2"), ran);
    }

    @Test
    void eachNodeCountsOnItsOwnAndALaterStreamStartsAfresh() {
        assertTrue(apply("a", 5, 3));
        assertTrue(apply("b", 5, 1), "another node's first batch");
        assertTrue(apply("a", 9, 1), "node a's outbox was replaced: a later stream starts at 1");
        assertFalse(apply("a", 9, 1));
        assertFalse(apply("a", 5, 4), "a late attempt of the replaced outbox's stream");

        assertEquals(List.of("a:5:3", "b:5:1", "a:9:1"), ran);
    }

    @Test
    void aRestartedNodeStartsAfreshWhateverItsStreams() {
        assertTrue(apply("a", 1, 7, 40));
        assertTrue(apply("a", 2, 1, 1), "node a restarted: its new process counts from 1 again");
        assertFalse(apply("a", 2, 1, 1));
        assertTrue(apply("a", 2, 1, 2));

        assertEquals(List.of("a:7:40", "a:1:1", "a:1:2"), ran);
    }

    @Test
    void aBatchThatFailsToApplyIsAppliedWhenSentAgain() {
        try {
            applied.applyOnce("a", 1, 5, 1, () -> {
                throw new IllegalStateException("still starting");
            });
        } catch (IllegalStateException expected) {
            // the dispatcher hands this to the sender, which sends the batch again
        }
        assertTrue(apply("a", 5, 1));
        assertEquals(List.of("a:5:1"), ran);
    }

    @Test
    void aBatchSentAgainWhileItsFirstAttemptIsStillBeingAppliedWaitsAndIsSkipped() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Thread first = Thread.ofPlatform().start(() -> applied.applyOnce("a", 1, 5, 1, () -> {
            runs.incrementAndGet();
            firstRunning.countDown();
            try {
                letFirstFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
        boolean[] secondRan = new boolean[1];
        Thread second = Thread.ofPlatform().start(() -> secondRan[0] = applied.applyOnce("a", 1, 5, 1, runs::incrementAndGet));
        second.join(200);
        assertTrue(second.isAlive(), "the second attempt waits for the first");
        letFirstFinish.countDown();
        first.join(5000);
        second.join(5000);

        assertFalse(secondRan[0]);
        assertEquals(1, runs.get());
    }
}
