package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Status;
import dev.parley.registry.config.RegistrySettings;
import jakarta.json.JsonObjectBuilder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;

/**
 * One client's TLS link to the registry. A reader thread turns frames into calls on the
 * {@link LinkHandler}; a writer thread sends answers and events in order from a bounded outbox, so
 * a client that stops reading is cut off instead of holding up anyone else.
 */
final class Link {
    private static final Logger LOG = Logger.getLogger(Link.class.getName());
    private static final int OUTBOX_FRAMES = 256;
    /** Written last: tells the writer to close the socket once everything before it is out. */
    private static final Frame END = Frame.event(MessageType.BYE, null);

    private final SSLSocket socket;
    private final String address;
    private final LinkHandler handler;
    private final LinkListener owner;
    private final RegistrySettings settings;
    private final TokenBucket requests;
    private final BlockingQueue<Frame> outbox = new ArrayBlockingQueue<>(OUTBOX_FRAMES);
    private final EventOrder events = new EventOrder(outbox, OUTBOX_FRAMES);
    private final long openedNanos = System.nanoTime();

    private volatile FrameReader reader;
    private volatile boolean handshaken;
    private volatile boolean greeted;
    private volatile boolean closing;
    private volatile boolean closeScheduled;
    private volatile long lastRequestNanos = openedNanos;
    private volatile long writeStartedNanos;
    private volatile String sessionId;
    private volatile String username;
    private int refusedInARow;
    private volatile String refusal;
    private String pendingBye;
    private Status pendingByeStatus;

    Link(SSLSocket socket, LinkHandler handler, LinkListener owner, RegistrySettings settings) {
        this.socket = socket;
        this.address = socket.getInetAddress().getHostAddress();
        this.handler = handler;
        this.owner = owner;
        this.settings = settings;
        this.requests = new TokenBucket(settings.requestsPerSecond(), settings.requestBurst(), openedNanos);
    }

    /** The reader loop; runs on its own (virtual) thread until the link ends. */
    void run() {
        Thread writer = null;
        try {
            socket.startHandshake();
            handshaken = true;
            reader = new FrameReader(new BufferedInputStream(socket.getInputStream()), Limits.MAX_FRAME_BYTES);
            FrameWriter out = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()), Limits.MAX_ANSWER_BYTES);
            writer = Thread.ofVirtual().name("parley-link-writer-" + address).start(() -> writeLoop(out));
            if (refusal != null) {
                bye(Status.TOO_MANY_REQUESTS, refusal);
                return;
            }
            readLoop();
        } catch (FrameTooLargeException e) {
            bye(Status.BAD_REQUEST, e.getMessage());
        } catch (ProtocolException e) {
            LOG.fine(() -> "link from " + describe() + " ended: " + e.getMessage());
        } catch (IOException e) {
            if (!closing) {
                LOG.fine(() -> "link from " + describe() + " dropped: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "link from " + describe() + " failed", e);
        } finally {
            finish(writer);
        }
    }

    private void readLoop() throws IOException {
        while (!closing) {
            Frame request;
            try {
                request = reader.read();
            } catch (MalformedFrameException e) {
                // The frame boundary is intact, so the link can go on after saying what was wrong.
                // It does not count as activity: garbage must not keep an anonymous link open.
                if (admit(null)) {
                    send(Frame.response(null, Status.BAD_REQUEST, e.getMessage(), null));
                }
                continue;
            }
            if (request == null) {
                return;
            }
            lastRequestNanos = System.nanoTime();
            if (admit(request.id().orElse(null))) {
                events.answering();
                try {
                    send(handler.onRequest(this, request));
                } finally {
                    if (!events.answered()) {
                        LOG.info(() -> "closing link from " + describe() + ": it does not read its events");
                        abort("outbox full");
                    }
                }
                if (pendingBye != null) {
                    bye(pendingByeStatus, pendingBye);
                }
            }
        }
    }

    /** Applies the per-link rate limit; a link that keeps pushing past it is closed. */
    private boolean admit(String requestId) {
        if (requests.tryTake(System.nanoTime())) {
            refusedInARow = 0;
            return true;
        }
        if (++refusedInARow > settings.requestBurst()) {
            bye(Status.TOO_MANY_REQUESTS, "request flood: more than " + settings.requestsPerSecond()
                    + " requests a second; closing");
        } else {
            send(Frame.response(requestId, Status.TOO_MANY_REQUESTS, "slow down: more than "
                    + settings.requestsPerSecond() + " requests a second", Frame.object().add("retryAfterSeconds", 1)));
        }
        return false;
    }

    private void writeLoop(FrameWriter out) {
        try {
            while (true) {
                Frame f = outbox.take();
                if (f == END) {
                    break;
                }
                writeStartedNanos = System.nanoTime();
                try {
                    out.write(f);
                } catch (FrameTooLargeException e) {
                    // Nothing the client did: an answer outgrew the limit. It hears that, and the link goes on.
                    LOG.warning(() -> "not sending a " + f.type() + " to " + describe() + ": " + e.getMessage());
                    out.write(Frame.response(f.id().orElse(null), Status.INTERNAL_ERROR,
                            "the answer is too large to send", null));
                }
                writeStartedNanos = 0;
            }
        } catch (IOException e) {
            LOG.fine(() -> "writing to " + describe() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSocket();
        }
    }

    /** Queues a frame; a client so far behind that the outbox is full is cut off. */
    void send(Frame frame) {
        if (!outbox.offer(frame)) {
            LOG.info(() -> "closing link from " + describe() + ": it does not read its answers");
            closing = true;
            forceClose();
        }
    }

    /**
     * Queues an event from another thread (someone else's request); never waits. It follows the
     * answer this link may be making now ({@link EventOrder}). A client whose outbox is full is cut
     * off, and the cut happens on a thread of its own so the sender goes on.
     */
    void push(Frame event) {
        if (!closing && !events.event(event)) {
            LOG.info(() -> "closing link from " + describe() + ": it does not read its events");
            abort("outbox full");
        }
    }

    /** Says why, then closes once the BYE is written. */
    void bye(Status status, String reason) {
        bye(status, reason, null);
    }

    /** Says why, with {@code extra} fields (may be null), then closes once the BYE is written. */
    void bye(Status status, String reason, JsonObjectBuilder extra) {
        if (closing) {
            return;
        }
        closing = true;
        LOG.fine(() -> "closing link from " + describe() + ": " + reason);
        JsonObjectBuilder fields = extra == null ? Frame.object() : extra;
        send(Frame.event(MessageType.BYE, fields.add("status", status.code()).add("message", reason)));
        if (!outbox.offer(END)) {
            closeSocket();
        }
    }

    /** Marks a link over a cap: after the handshake it only gets a BYE saying why. */
    void refuse(String reason) {
        refusal = reason;
    }

    /** Closes the link with this BYE right after the answer now being made is sent. */
    void closeAfterAnswer(Status status, String reason) {
        pendingByeStatus = status;
        pendingBye = reason;
    }

    /** Called by the watchdog: closes links that stall a handshake, a frame, a write, or sit idle before login. */
    void checkDeadlines(long now) {
        long frameLimit = settings.frameTimeout().toNanos();
        if (!handshaken && now - openedNanos > frameLimit) {
            abort("no TLS handshake within " + settings.frameTimeout().toSeconds() + " s");
            return;
        }
        FrameReader r = reader;
        long started = r == null ? 0 : r.frameStartedAtNanos();
        if (started != 0 && now - started > frameLimit) {
            bye(Status.BAD_REQUEST, "frame not completed within " + settings.frameTimeout().toSeconds() + " s");
            closeSocketLater();
            return;
        }
        long writing = writeStartedNanos;
        if (writing != 0 && now - writing > settings.writeTimeout().toNanos()) {
            // At INFO like a full outbox: either way the client stopped reading, which an operator wants to see.
            LOG.info(() -> "closing link from " + describe() + ": it does not read (a write has waited "
                    + settings.writeTimeout().toSeconds() + " s)");
            abort("a write stalled for " + settings.writeTimeout().toSeconds() + " s");
            return;
        }
        if (sessionId == null && handshaken && now - lastRequestNanos > settings.idleTimeout().toNanos()) {
            bye(Status.BAD_REQUEST, "no request for " + settings.idleTimeout().toSeconds() + " s; closing");
            closeSocketLater();
        }
    }

    private void closeSocketLater() {
        if (closeScheduled) {
            return;
        }
        closeScheduled = true;
        // A peer that trickles bytes or reads nothing would never let BYE through; give it a moment.
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forceClose();
        });
    }

    /** Closes at once, without waiting to send anything; never blocks the caller (the watchdog). */
    void abort(String reason) {
        LOG.fine(() -> "aborting link from " + describe() + ": " + reason);
        closing = true;
        Thread.ofVirtual().start(this::forceClose);
    }

    /**
     * Resets the connection. A plain close of a TLS socket waits for the lock a writer stuck on a
     * peer that does not read is holding; with linger 0 the JDK skips the close alert and resets.
     */
    private void forceClose() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            LOG.finest(() -> "linger on " + describe() + ": " + e.getMessage());
        }
        closeSocket();
    }

    private void finish(Thread writer) {
        closing = true;
        if (writer != null) {
            if (!outbox.offer(END)) {
                closeSocket();
            }
            try {
                writer.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeSocket();
        try {
            handler.onLinkClosed(this);
        } finally {
            owner.closed(this);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.finest(() -> "closing " + describe() + ": " + e.getMessage());
        }
    }

    boolean isGreeted() {
        return greeted;
    }

    void greeted() {
        greeted = true;
    }

    String address() {
        return address;
    }

    String sessionId() {
        return sessionId;
    }

    String username() {
        return username;
    }

    synchronized void attach(String sessionId, String username) {
        this.sessionId = sessionId;
        this.username = username;
        owner.attached(this, sessionId);
    }

    synchronized void detach() {
        String id = sessionId;
        sessionId = null;
        username = null;
        if (id != null) {
            owner.detached(id);
        }
    }

    /** Detaches only if the link still holds this session (a newer login on the link is kept). */
    synchronized boolean detachIf(String expectedSessionId) {
        if (!expectedSessionId.equals(sessionId)) {
            return false;
        }
        detach();
        return true;
    }

    String describe() {
        String u = username;
        return u == null ? address : u + "@" + address;
    }
}
