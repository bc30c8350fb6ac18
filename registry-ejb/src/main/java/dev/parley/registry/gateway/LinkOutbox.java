package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The frames waiting to go out on one link and the thread that sends them, in order, whatever the
 * transport: bounded, so a client that stops reading fills only its own outbox, and never waited on
 * by whoever queues (a request's thread, another user's event).
 *
 * <p>The writer is a virtual thread that runs only while there is something to send: the first
 * frame queued into an empty outbox starts one, and it ends when the outbox is empty again. An idle
 * link thus holds no writer thread, no stack and no queue, only this object.
 */
final class LinkOutbox {
    private static final Logger LOG = Logger.getLogger(LinkOutbox.class.getName());
    /** Queued last: the writer stops once everything before it is out. */
    private static final Frame END = Frame.event(new Bye(Status.OK.code(), "end of link", null, null));

    /** How a transport puts one frame on its wire. */
    interface Wire {
        /**
         * Sends one frame, blocking while the client does not take it.
         *
         * @throws FrameTooLargeException before anything is sent, when it is over the answer limit
         */
        void write(Frame frame) throws IOException;

        /** Closes the connection; called once the writer is done, whatever ended it. */
        void close();
    }

    private final Link link;
    private volatile long sendingSince;
    // Guarded by this.
    /** What waits to be sent, in order; null while nothing does. */
    private ArrayDeque<Frame> frames;
    private Wire wire;
    /** The writer threads' names: this and the client's address. */
    private String writerPrefix;
    /** A writer thread runs (or is starting) and will take what is queued. */
    private boolean writing;
    /** The writer sent END or failed, and closed the wire: nothing more is sent. */
    private boolean done;

    LinkOutbox(Link link) {
        this.link = link;
    }

    /**
     * Lets frames go out from now on; frames queued before are sent first. Each writer thread is
     * named {@code namePrefix} and the client's address.
     */
    void start(String namePrefix, Wire wire) {
        synchronized (this) {
            this.wire = wire;
            this.writerPrefix = namePrefix;
            if (!wakeWriter()) {
                return;
            }
        }
        startWriter();
    }

    /** Queues a frame; false when the outbox is full. */
    boolean offer(Frame frame) {
        synchronized (this) {
            if (frames == null) {
                frames = new ArrayDeque<>();
            } else if (frames.size() >= Link.OUTBOX_FRAMES) {
                return false;
            }
            frames.add(frame);
            if (!wakeWriter()) {
                return true;
            }
        }
        startWriter();
        return true;
    }

    /** Lets the writer finish what is queued, then close; false when there is no room for that (close at once). */
    boolean end() {
        return offer(END);
    }

    /** When the frame now being sent, or the wire's close after the last one, began to go out; or 0. */
    long sendingSince() {
        return sendingSince;
    }

    /** Waits a moment (at most 2 s) for the writer to send what is queued, after {@link #end()}. */
    synchronized void awaitWriter() {
        if (wire == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether a writer must be started for what is queued: marks it running if so. Holding the lock. */
    private boolean wakeWriter() {
        if (wire == null || writing || done || frames == null || frames.isEmpty()) {
            return false;
        }
        writing = true;
        return true;
    }

    private void startWriter() {
        String name;
        synchronized (this) {
            name = writerPrefix + link.address();
        }
        try {
            Thread.ofVirtual().name(name).start(this::writeLoop);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                writing = false; // the next frame queued tries again
            }
            throw e;
        }
    }

    /** The next frame to send, or null when there is none: the writer then ends, and the next frame queued starts another. */
    private synchronized Frame next() {
        Frame f = frames == null ? null : frames.poll();
        if (f == null) {
            frames = null;
            writing = false;
        }
        return f;
    }

    private void writeLoop() {
        Wire w;
        synchronized (this) {
            w = wire;
        }
        try {
            Frame f;
            while ((f = next()) != null) {
                if (f == END) {
                    finish(w);
                    return;
                }
                sendingSince = System.nanoTime();
                try {
                    w.write(f);
                } catch (FrameTooLargeException e) {
                    // Nothing the client did: an answer outgrew the limit. It hears that, and the link goes on.
                    Frame tooLarge = f;
                    LOG.warning(() -> "not sending a " + tooLarge.type() + " to " + link.describe() + ": " + e.getMessage());
                    w.write(Frame.answer(f.id().orElse(null), Status.INTERNAL_ERROR,
                            "the answer is too large to send"));
                }
                sendingSince = 0;
            }
        } catch (IOException e) {
            LOG.fine(() -> "writing to " + link.describe() + " failed: " + e.getMessage());
            finish(w);
        } catch (RuntimeException | Error e) {
            finish(w);
            throw e;
        }
    }

    /**
     * The writer is done for good: what is still queued stays unsent, the wire is closed, and whoever
     * waits is told. Closing writes too (TLS's close_notify): a client that stopped reading just as
     * its last frame went out would hold it, so it counts as sending, and the watchdog cuts a link
     * whose close stalls as it cuts one whose frame does. (A WebSocket's close does not block on the
     * client, but the container runs the link's closing, presence included, inside it: that counts
     * too, and would only matter past the write timeout.)
     */
    private void finish(Wire w) {
        synchronized (this) {
            done = true;
            writing = false;
        }
        sendingSince = System.nanoTime();
        try {
            w.close();
        } finally {
            sendingSince = 0;
            synchronized (this) {
                notifyAll();
            }
        }
    }
}
