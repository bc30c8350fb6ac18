package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Status;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.RepeatedFailureLog;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Link} carried by TLS over TCP ({@link TlsChannel}): the handshake, length-prefixed frames
 * within the size limits, a reader thread that hands each frame to the link's rules, and a writer
 * that sends from a bounded outbox in order, so a client that stops reading fills only its own outbox.
 */
final class TlsLink implements LinkTransport {
    private static final Logger LOG = Logger.getLogger(TlsLink.class.getName());
    /** What a client's bytes can make fail, it can make fail again and again: one stack trace a minute per fault. */
    private static final RepeatedFailureLog FAILURES = RepeatedFailureLog.of(LOG);

    private final TlsChannel tls;
    private final OpenLinks open;
    private final Link link;
    private final LinkOutbox outbox;

    private volatile FrameReader reader;
    private volatile boolean handshaken;
    private volatile String refusal;

    TlsLink(TlsChannel tls, LinkHandler handler, OnlineLinks online, OpenLinks open, RegistrySettings settings) {
        this.tls = tls;
        this.open = open;
        this.link = new Link(this, handler, online, settings);
        this.outbox = new LinkOutbox(link);
    }

    Link link() {
        return link;
    }

    /** The reader loop; runs on its own (virtual) thread until the link ends. */
    void run() {
        try {
            // On a thread of its own, like each request: its deep stack and the thread locals the
            // JDK's providers leave would otherwise stay with the reader as long as the link.
            onItsOwnThread(() -> {
                tls.handshake();
                return null;
            });
            handshaken = true;
            // No buffered streams: the channel holds a record's plaintext until it is read, and a
            // frame goes out as one write; a buffer of their own would cost every idle link 8 KiB.
            reader = new FrameReader(tls.in(), Limits.MAX_FRAME_BYTES);
            FrameWriter out = new FrameWriter(tls.out(), Limits.MAX_ANSWER_BYTES);
            outbox.start("parley-link-writer-", new LinkOutbox.Wire() {
                @Override
                public void write(Frame frame) throws IOException {
                    out.write(frame);
                }

                @Override
                public void close() {
                    closeSocket();
                }
            });
            if (refusal != null) {
                link.bye(Status.TOO_MANY_REQUESTS, refusal);
                return;
            }
            readLoop();
        } catch (FrameTooLargeException e) {
            link.bye(Status.BAD_REQUEST, e.getMessage());
        } catch (ProtocolException e) {
            LOG.fine(() -> "link from " + link.describe() + " ended: " + e.getMessage());
        } catch (IOException e) {
            if (!link.isClosing()) {
                LOG.fine(() -> "link from " + link.describe() + " dropped: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            FAILURES.log(Level.SEVERE, "link from " + link.describe() + " failed", e);
        } finally {
            finish();
        }
    }

    private void readLoop() throws IOException {
        RequestPipeline requests = link.requests();
        while (!link.isClosing()) {
            Frame request;
            try {
                request = reader.read();
            } catch (MalformedFrameException e) {
                String problem = e.getMessage();
                onItsOwnThread(() -> {
                    requests.onMalformed(problem);
                    return null;
                });
                continue;
            }
            if (request == null) {
                return;
            }
            onItsOwnThread(() -> {
                requests.onRequest(request);
                return null;
            });
        }
    }

    /** Work for {@link #onItsOwnThread}: a request, or the handshake. */
    private interface Work {
        Void run() throws IOException;
    }

    /**
     * Runs one request's work (or the handshake) on a thread of its own and waits for it, so the
     * requests of a link still go one at a time, and what it throws is thrown here. The reader
     * thread lives as long as the link and is parked in a read nearly all that time; what a request
     * leaves behind on its thread (the container's thread locals: transaction, security and naming
     * contexts, log formatters; a stack as deep as the request went while it waited for a password
     * hash or the database) then goes with the request's thread instead of staying with every idle
     * link.
     */
    private static void onItsOwnThread(Work work) throws IOException {
        Thread reading = Thread.currentThread();
        Throwable[] failure = new Throwable[1];
        // The name and the context class loader are the reader's.
        Thread worker = Thread.ofVirtual().name(reading.getName()).start(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            reading.interrupt();
        }
        switch (failure[0]) {
            case null -> {
            }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable t -> throw new IllegalStateException(t);
        }
    }

    /** Marks a link over a cap: after the handshake it only gets a BYE saying why. */
    void refuse(String reason) {
        refusal = reason;
    }

    @Override
    public String address() {
        return tls.address();
    }

    @Override
    public boolean offer(Frame frame) {
        return outbox.offer(frame);
    }

    @Override
    public void closeWhenSent() {
        if (!outbox.end()) {
            tls.reset(); // no room for the END: the client is not reading, and a close_notify could wait for it
        }
    }

    @Override
    public void reset() {
        tls.reset(); // closing a channel wakes its blocked threads; it waits for none of them
    }

    @Override
    public boolean opened() {
        return handshaken;
    }

    /** The earlier of the frame and the TLS record now arriving: a record held half-sent holds a buffer too. */
    @Override
    public long receivingSince() {
        FrameReader r = reader;
        long frame = r == null ? 0 : r.frameStartedAtNanos();
        long record = tls.recordStartedAtNanos();
        return frame == 0 || record == 0 ? Math.max(frame, record) : Math.min(frame, record);
    }

    @Override
    public long sendingSince() {
        return outbox.sendingSince();
    }

    private void finish() {
        link.ended();
        if (!outbox.end()) {
            tls.reset(); // as in closeWhenSent
        }
        outbox.awaitWriter();
        closeSocket();
        open.closed(link);
    }

    private void closeSocket() {
        tls.close();
    }
}
