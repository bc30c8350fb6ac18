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
import javax.net.ssl.SSLSocket;

/**
 * A {@link Link} carried by a TLS socket: the handshake, length-prefixed frames within the size
 * limits, a reader thread that hands each frame to the link's rules, and a writer that sends from a
 * bounded outbox in order, so a client that stops reading fills only its own outbox.
 */
final class TlsLink implements LinkTransport {
    private static final Logger LOG = Logger.getLogger(TlsLink.class.getName());
    /** What a client's bytes can make fail, it can make fail again and again: one stack trace a minute per fault. */
    private static final RepeatedFailureLog FAILURES = RepeatedFailureLog.of(LOG);

    private final SSLSocket socket;
    private final String address;
    private final OpenLinks open;
    private final Link link;
    private final LinkOutbox outbox;

    private volatile FrameReader reader;
    private volatile boolean handshaken;
    private volatile String refusal;

    TlsLink(SSLSocket socket, LinkHandler handler, OnlineLinks online, OpenLinks open, RegistrySettings settings) {
        this.socket = socket;
        this.address = socket.getInetAddress().getHostAddress();
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
            socket.startHandshake();
            handshaken = true;
            // No buffered streams: the TLS socket buffers a record's plaintext itself, and a frame
            // goes out as one write; a buffer of their own would cost every idle link 8 KiB.
            reader = new FrameReader(socket.getInputStream(), Limits.MAX_FRAME_BYTES);
            FrameWriter out = new FrameWriter(socket.getOutputStream(), Limits.MAX_ANSWER_BYTES);
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
                requests.onMalformed(e.getMessage());
                continue;
            }
            if (request == null) {
                return;
            }
            requests.onRequest(request);
        }
    }

    /** Marks a link over a cap: after the handshake it only gets a BYE saying why. */
    void refuse(String reason) {
        refusal = reason;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public boolean offer(Frame frame) {
        return outbox.offer(frame);
    }

    @Override
    public void closeWhenSent() {
        if (!outbox.end()) {
            closeSocket();
        }
    }

    @Override
    public void reset() {
        Thread.ofVirtual().start(this::forceClose);
    }

    @Override
    public boolean opened() {
        return handshaken;
    }

    @Override
    public long receivingSince() {
        FrameReader r = reader;
        return r == null ? 0 : r.frameStartedAtNanos();
    }

    @Override
    public long sendingSince() {
        return outbox.sendingSince();
    }

    /**
     * Resets the connection. A plain close of a TLS socket waits for the lock a writer stuck on a
     * peer that does not read is holding; with linger 0 the JDK skips the close alert and resets.
     */
    private void forceClose() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            LOG.finest(() -> "linger on " + link.describe() + ": " + e.getMessage());
        }
        closeSocket();
    }

    private void finish() {
        link.ended();
        if (!outbox.end()) {
            closeSocket();
        }
        outbox.awaitWriter();
        closeSocket();
        open.closed(link);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.finest(() -> "closing " + link.describe() + ": " + e.getMessage());
        }
    }
}
