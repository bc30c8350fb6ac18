package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The frames waiting to go out on one link and the thread that sends them, in order, whatever the
 * transport: bounded, so a client that stops reading fills only its own outbox, and never waited on
 * by whoever queues (a request's thread, another user's event).
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
    private final BlockingQueue<Frame> frames = new ArrayBlockingQueue<>(Link.OUTBOX_FRAMES);
    private volatile long sendingSince;
    private volatile Thread writer;

    LinkOutbox(Link link) {
        this.link = link;
    }

    /** Starts the writer; frames queued before it are sent first. */
    void start(String name, Wire wire) {
        writer = Thread.ofVirtual().name(name).start(() -> writeLoop(wire));
    }

    /** Queues a frame; false when the outbox is full. */
    boolean offer(Frame frame) {
        return frames.offer(frame);
    }

    /** Lets the writer finish what is queued, then close; false when there is no room for that (close at once). */
    boolean end() {
        return frames.offer(END);
    }

    /** When the frame now being sent began to go out, or 0. */
    long sendingSince() {
        return sendingSince;
    }

    /** Waits a moment for the writer to send what is queued, after {@link #end()}. */
    void awaitWriter() {
        Thread w = writer;
        if (w == null) {
            return;
        }
        try {
            w.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop(Wire wire) {
        try {
            while (true) {
                Frame f = frames.take();
                if (f == END) {
                    break;
                }
                sendingSince = System.nanoTime();
                try {
                    wire.write(f);
                } catch (FrameTooLargeException e) {
                    // Nothing the client did: an answer outgrew the limit. It hears that, and the link goes on.
                    LOG.warning(() -> "not sending a " + f.type() + " to " + link.describe() + ": " + e.getMessage());
                    wire.write(Frame.answer(f.id().orElse(null), Status.INTERNAL_ERROR,
                            "the answer is too large to send"));
                }
                sendingSince = 0;
            }
        } catch (IOException e) {
            LOG.fine(() -> "writing to " + link.describe() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wire.close();
        }
    }
}
