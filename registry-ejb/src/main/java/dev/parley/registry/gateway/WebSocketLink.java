package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.Status;
import dev.parley.registry.RepeatedFailureLog;
import dev.parley.registry.config.RegistrySettings;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Link} carried by a WebSocket: the browser client's. One frame is one text message, the
 * same JSON as on the TLS link, within the same size limits; the link's rules ({@link
 * RequestPipeline}, {@link LinkDeadlines}) and its caps ({@link OpenLinks}) are the TLS link's, so
 * nothing about accounts, rooms or mail differs with the transport.
 *
 * <p>The web module's endpoint hands it each message, part by part, in the order they came, one at
 * a time (the container calls an endpoint so), on the container's thread: the answer is made there,
 * as the TLS link's reader thread makes it, and the client's next message waits meanwhile. What goes out is
 * queued and sent by the link's own writer, so a browser that stops reading holds up nobody.
 */
public final class WebSocketLink implements LinkTransport {
    private static final Logger LOG = Logger.getLogger(WebSocketLink.class.getName());
    private static final RepeatedFailureLog FAILURES = RepeatedFailureLog.of(LOG);

    private final Session socket;
    private final String address;
    private final OpenLinks open;
    private final Link link;
    private final LinkOutbox outbox;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The text message arriving now; only the container's thread for this socket touches it, one part at a time. */
    private final StringBuilder message = new StringBuilder();
    private volatile long receivingSince;

    WebSocketLink(Session socket, String address, LinkHandler handler, OnlineLinks online, OpenLinks open,
            RegistrySettings settings) {
        this.socket = socket;
        this.address = address;
        this.open = open;
        this.link = new Link(this, handler, online, settings);
        this.outbox = new LinkOutbox(link);
    }

    /** Counts the link in and starts its writer; a link over a cap only hears a BYE saying why. */
    void start() {
        String refusal = open.admit(link);
        outbox.start("parley-web-writer-", new LinkOutbox.Wire() {
            @Override
            public void write(Frame frame) throws IOException {
                socket.getBasicRemote().sendText(FrameCodec.encodeText(frame, Limits.MAX_ANSWER_BYTES));
            }

            @Override
            public void close() {
                closeSocket(CloseReason.CloseCodes.NORMAL_CLOSURE, "end of link");
            }
        });
        if (refusal != null) {
            LOG.info(() -> "refusing a link: " + refusal);
            link.bye(Status.TOO_MANY_REQUESTS, refusal);
        }
    }

    /**
     * A part of a text message from the client (a whole message is one frame), as it arrives: the
     * container hands over what it has read, so a message of any size costs at most the frame limit
     * here, and one that takes too long to finish is seen by the frame deadline as on TLS.
     */
    public void receivedPart(String part, boolean last) {
        if (link.isClosing()) {
            return;
        }
        if (message.isEmpty()) {
            receivingSince = System.nanoTime();
        }
        message.append(part);
        // At least one byte a char: past the limit in chars is past it in bytes, whatever follows.
        if (message.length() > Limits.MAX_FRAME_BYTES) {
            tooLarge();
            return;
        }
        if (!last) {
            return;
        }
        String text = message.toString();
        message.setLength(0);
        receivingSince = 0;
        try {
            FrameCodec.checkTextSize(text, Limits.MAX_FRAME_BYTES);
            link.requests().onRequest(FrameCodec.decode(text));
        } catch (FrameTooLargeException e) {
            tooLarge();
        } catch (MalformedFrameException e) {
            link.requests().onMalformed(e.getMessage());
        } catch (RuntimeException e) {
            FAILURES.log(Level.SEVERE, "link from " + link.describe() + " failed", e);
            link.abort("failed: " + e);
        }
    }

    /** As on TLS the link ends: the client sends frames the registry will not read. */
    private void tooLarge() {
        message.setLength(0);
        message.trimToSize();
        receivingSince = 0;
        link.bye(Status.BAD_REQUEST, "frame exceeds the limit of " + Limits.MAX_FRAME_BYTES + " bytes");
    }

    /** A binary message: frames are text, so it is answered as a frame that cannot be read, and the link goes on. */
    public void receivedBinary() {
        if (!link.isClosing()) {
            link.requests().onMalformed("a frame is one text message; binary messages are not read");
        }
    }

    /** The WebSocket is closed, by either side or by a failure: the link's session and counts are released once. */
    public void closed() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        link.ended();
        outbox.end();
        open.closed(link);
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
            reset();
        }
    }

    @Override
    public void reset() {
        // Closing sends a close frame, which may wait on a client that does not read; never on the caller's thread.
        Thread.ofVirtual().start(() -> closeSocket(CloseReason.CloseCodes.GOING_AWAY, "link reset"));
    }

    /** The HTTP upgrade is over before the container hands the socket to the link. */
    @Override
    public boolean opened() {
        return true;
    }

    @Override
    public long receivingSince() {
        return receivingSince;
    }

    @Override
    public long sendingSince() {
        return outbox.sendingSince();
    }

    private void closeSocket(CloseReason.CloseCode code, String reason) {
        try {
            if (socket.isOpen()) {
                socket.close(new CloseReason(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.finest(() -> "closing " + link.describe() + ": " + e.getMessage());
        }
    }
}
