package dev.parley.registry.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last batch this node applied from each other node, so that a batch sent again (its answer
 * was lost, though it had been applied) is applied once: a room message or a presence change
 * delivered twice would show twice on the user's screen. One sending node's batches are applied
 * one at a time, so a batch sent again while its first attempt is still being applied waits for it
 * and is then skipped, instead of running beside it.
 *
 * <p>Within one sending process streams only grow ({@link NodeOutbox}): a batch of an older stream
 * than the last applied one (an outbox replaced, its last attempt still on the wire) is skipped. A
 * batch from another process of that node (it restarted) starts afresh. A node's entry is kept
 * when it leaves, so that a late attempt is still recognised; there is one per node name.
 */
final class AppliedBatches {
    private final Map<String, Last> last = new ConcurrentHashMap<>();

    /** A sending node's process, stream and the number of its last batch applied; guarded by itself. */
    private static final class Last {
        private long process;
        private long stream;
        private long sequence;
    }

    /**
     * Runs {@code apply} unless batch {@code sequence} of {@code stream} from this {@code process}
     * of {@code node} is one already applied or older; true if it ran.
     */
    boolean applyOnce(String node, long process, long stream, long sequence, Runnable apply) {
        Last l = last.computeIfAbsent(node, n -> new Last());
        synchronized (l) {
            boolean sameProcess = l.stream != 0 && process == l.process;
            if (sameProcess && (stream < l.stream || (stream == l.stream && sequence <= l.sequence))) {
                return false;
            }
            apply.run();
            l.process = process;
            l.stream = stream;
            l.sequence = sequence;
            return true;
        }
    }
}
