package dev.parley.registry.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The messages this node sends to one other node, in order. The dispatcher delivers each command
 * out of band (in no particular order), so one batch is in flight at a time: the next leaves only
 * once the other node has applied the last. Whatever queued meanwhile goes in that next batch, so
 * under load batches grow instead of the wait.
 *
 * <p>A batch whose answer is lost (a timeout, a view change) is sent again although the other node
 * may have applied it, so each batch carries this outbox's stream and its number in it, the same in
 * every attempt; the other node applies each number once ({@link AppliedBatches}). Streams only
 * grow within a process (each outbox takes the next), so the other node can tell a late attempt of
 * a replaced outbox from the current one; the sending process itself is told apart by the random
 * id {@link RegistryCluster} puts on every batch, so no clock is involved.
 */
final class NodeOutbox {
    private static final Logger LOG = Logger.getLogger(NodeOutbox.class.getName());
    /** Past this many waiting messages the node is not keeping up; events for it are dropped (presence is re-sent whole). */
    static final int MAX_WAITING = 100_000;
    private static final int MAX_BATCH = 2_000;
    private static final long RETRY_MILLIS = 200;
    /** How long an attempt waits for the other node to apply a batch before the batch goes again. */
    static final long ANSWER_WAIT_MILLIS = 10_000;
    /**
     * The first attempt's wait while the node has taken nothing from this outbox, doubled at each
     * attempt up to {@link #ANSWER_WAIT_MILLIS}. A node that is starting drops a request that comes
     * before its dispatcher exists without answering it; waiting the full time for that answer
     * kept all that was said to a node that had just joined from it for up to 10 s. Doubling, not
     * staying short: a first batch (every session served here) that takes longer than that to
     * arrive and be applied still gets an answer, after a few copies rather than forever.
     */
    static final long FIRST_ANSWER_WAIT_MILLIS = 500;
    private static final long WARN_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** How a batch reaches the other node. */
    @FunctionalInterface
    interface Transport {
        /**
         * Sends batch {@code sequence} of {@code stream} and waits for the other node to apply it;
         * false if it did not (the node is starting, or unreachable for now), and the batch is sent
         * again with the same numbers.
         *
         * @param waitMillis how long to wait for the node's answer before giving up on this attempt
         */
        boolean send(long stream, long sequence, List<ClusterMessage> batch, long waitMillis);
    }

    private final String node;
    private final Transport transport;
    /** The streams of this process: see the class comment. */
    private static final java.util.concurrent.atomic.AtomicLong STREAMS = new java.util.concurrent.atomic.AtomicLong();

    private final long stream = STREAMS.incrementAndGet();
    private long sequence;
    /** Whether the node has taken a batch of this outbox; only the sending thread uses it. */
    private boolean takenBefore;
    private final ArrayDeque<ClusterMessage> waiting = new ArrayDeque<>();
    private final Thread sender;
    private boolean closed;
    private boolean overflowSaid;

    NodeOutbox(String node, Transport transport) {
        this.node = node;
        this.transport = transport;
        this.sender = Thread.ofVirtual().name("parley-cluster-to-" + node).unstarted(this::run);
    }

    NodeOutbox start() {
        sender.start();
        return this;
    }

    /** Queues a message; never waits. */
    synchronized void add(ClusterMessage m) {
        if (closed) {
            return;
        }
        if (waiting.size() >= MAX_WAITING && m instanceof ClusterMessage.Deliver) {
            if (!overflowSaid) {
                overflowSaid = true;
                LOG.warning(() -> "registry node " + node + " is not keeping up: " + MAX_WAITING
                        + " messages wait for it; events for its users are dropped until it catches up");
            }
            return;
        }
        waiting.add(m);
        notifyAll();
    }

    void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
            notifyAll();
        }
        sender.interrupt();
    }

    /** Waits up to {@code millis} for the sending thread to end after {@link #close()}; true if it did. */
    boolean awaitStopped(long millis) throws InterruptedException {
        return sender.join(java.time.Duration.ofMillis(millis));
    }

    private void run() {
        try {
            List<ClusterMessage> batch;
            while ((batch = next()) != null) {
                sequence++;
                long since = System.nanoTime();
                boolean warned = false;
                for (int attempt = 0; !taken(batch, answerWait(attempt)); attempt++) {
                    if (!warned && System.nanoTime() - since > WARN_AFTER_NANOS) {
                        warned = true;
                        LOG.warning(() -> "registry node " + node + " has not taken messages for 5 s; still trying");
                    }
                    TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends a batch; false when it must go again. Whatever goes wrong in one attempt (the dispatcher
     * throws what it likes) never ends this thread: the node would hear nothing more until it left.
     */
    private boolean taken(List<ClusterMessage> batch, long waitMillis) {
        try {
            if (transport.send(stream, sequence, batch, waitMillis)) {
                takenBefore = true;
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a batch to registry node " + node + " failed; sending it again", e);
            return false;
        }
    }

    /** How long attempt {@code attempt} (from 0) of the current batch waits for its answer. */
    private long answerWait(int attempt) {
        if (takenBefore) {
            return ANSWER_WAIT_MILLIS;
        }
        return Math.min(ANSWER_WAIT_MILLIS, FIRST_ANSWER_WAIT_MILLIS << Math.min(attempt, 5));
    }

    /** The next batch, waiting for one; null once closed. */
    private synchronized List<ClusterMessage> next() throws InterruptedException {
        while (waiting.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        List<ClusterMessage> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(waiting.poll());
        }
        if (waiting.size() < MAX_WAITING / 2) {
            overflowSaid = false;
        }
        return batch;
    }
}
