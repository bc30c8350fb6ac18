package dev.parley.client.peer;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import dev.parley.protocol.TruncatedFrameException;
import jakarta.json.JsonObjectBuilder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * One authenticated TLS link to another user's client. A reader thread hands requests and events
 * to the {@link Handler} and matches responses to calls by id; a writer thread drains a bounded
 * queue and flushes only when it runs dry, so a burst of messages and acks costs few TLS records.
 * Knows frames, not conversations.
 */
public final class PeerLink {
    /** What arrives on the link; called on its reader thread, in order. */
    public interface Handler {
        /** The link is verified and running (either side opened it). */
        default void opened(PeerLink link) {
        }

        /** A request: answer it now or later with {@link PeerLink#respond}. */
        void request(PeerLink link, Frame request);

        /** An event (no id), e.g. CHAT_CLOSE. */
        void event(PeerLink link, Frame event);

        /** The link is gone for good (called once); {@code reason} is for the user. */
        void closed(PeerLink link, String reason);
    }

    /** A peer that stalls inside a frame this long is cut off; between frames a link may stay silent for ever. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);
    /** How long a writer waits for room in a full queue before deciding the peer stopped reading. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(10);
    private static final int QUEUE_FRAMES = 8192;
    private static final Frame CLOSE_MARK = Frame.event(MessageType.BYE, null);

    private final SSLSocket socket;
    private final String peer;
    private final String describe;
    private final Handler handler;
    private final FrameReader reader;
    private final OutputStream out;
    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final Map<String, CompletableFuture<Frame>> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason;

    PeerLink(SSLSocket socket, String peer, Handler handler) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.describe = peer + " at " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.handler = handler;
        this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream(), 16 * 1024), Limits.MAX_FRAME_BYTES);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    void start() {
        try {
            // The reader's timeout ticks so a peer that stops mid-frame is noticed; silence between frames is fine.
            socket.setSoTimeout((int) STALL_LIMIT.toMillis());
        } catch (IOException e) {
            close("cannot set up the link: " + Diagnostics.reason(e));
            return;
        }
        Thread.ofVirtual().name("peer-reader " + peer).start(this::readFrames);
        Thread.ofVirtual().name("peer-writer " + peer).start(this::writeFrames);
    }

    /** The other user's name, as the registry spells it. */
    public String peer() {
        return peer;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Sends a request and returns its response when it comes. Fails with
     * {@link PeerLinkClosedException} if the link closes first; the caller sets its own deadline.
     *
     * @param id the request id, or null to make one (message ids come from the message)
     */
    public CompletableFuture<Frame> call(MessageType type, String id, JsonObjectBuilder fields) {
        String requestId = id != null ? id : "r" + ids.incrementAndGet();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        CompletableFuture<Frame> earlier = calls.putIfAbsent(requestId, answer);
        if (earlier != null) {
            return earlier; // the same message sent again while its ack is awaited: one answer serves both
        }
        answer.whenComplete((f, e) -> calls.remove(requestId, answer));
        if (!enqueue(Frame.request(type, requestId, fields))) {
            answer.completeExceptionally(new PeerLinkClosedException(closedReason()));
        }
        return answer;
    }

    /** Answers a request that arrived on this link. */
    public void respond(String id, Status status, String message, JsonObjectBuilder fields) {
        enqueue(Frame.response(id, status, message, fields));
    }

    /** Sends an event (no answer expected). */
    public void send(MessageType type, JsonObjectBuilder fields) {
        enqueue(Frame.event(type, fields));
    }

    /** Sends what is queued, then a BYE with {@code reason}, then closes. */
    public void closeAfterSending(String reason) {
        enqueue(Frame.event(MessageType.BYE, Frame.object().add("message", reason)));
        enqueue(CLOSE_MARK);
    }

    /** Closes now; the handler hears {@code reason}. Safe to call twice. */
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        try {
            socket.close();
        } catch (IOException e) {
            Diagnostics.trace("closing the link to " + describe, e);
        }
        queue.clear();
        queue.offer(CLOSE_MARK); // wakes the writer
        PeerLinkClosedException gone = new PeerLinkClosedException(reason);
        calls.values().forEach(c -> c.completeExceptionally(gone));
        handler.closed(this, reason);
    }

    @Override
    public String toString() {
        return describe;
    }

    private boolean enqueue(Frame frame) {
        if (closed.get()) {
            return false;
        }
        try {
            if (queue.offer(frame, QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            close(peer + " stopped reading; the link is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private String closedReason() {
        String r = closeReason;
        return r != null ? r : "the link to " + peer + " is closed";
    }

    private void writeFrames() {
        try {
            while (true) {
                Frame frame = queue.take();
                while (frame != null) {
                    if (frame == CLOSE_MARK) {
                        out.flush();
                        close(closeReason != null ? closeReason : "closed");
                        return;
                    }
                    out.write(FrameCodec.encodeWithLength(frame, Limits.MAX_FRAME_BYTES));
                    frame = queue.poll();
                }
                out.flush();
            }
        } catch (IOException e) {
            close("lost the link to " + peer + ": " + Diagnostics.reason(e));
        } catch (InterruptedException e) {
            close("closed");
        } catch (RuntimeException e) {
            Diagnostics.trace("writing to " + describe, e);
            close("cannot write to " + peer + ": " + Diagnostics.reason(e));
        }
    }

    private void readFrames() {
        String reason = peer + " closed the link";
        try {
            while (!closed.get()) {
                Frame frame;
                try {
                    frame = reader.read();
                } catch (SocketTimeoutException e) {
                    if (reader.frameStartedAtNanos() == 0) {
                        continue; // quiet between frames: nothing is wrong
                    }
                    reason = peer + " stalled in the middle of a message; the link is closed";
                    break;
                } catch (MalformedFrameException e) {
                    // The framing is intact, so the link goes on; the sender hears what was wrong.
                    respond(null, Status.BAD_REQUEST, "unreadable frame: " + e.getMessage(), null);
                    continue;
                }
                if (frame == null) {
                    break;
                }
                deliver(frame);
            }
        } catch (FrameTooLargeException e) {
            reason = peer + " sent an oversized frame (" + e.getMessage() + "); the link is closed";
            enqueueBye("frame too large");
        } catch (TruncatedFrameException e) {
            reason = peer + " vanished in the middle of a message; the link is closed";
        } catch (IOException e) {
            if (!closed.get()) {
                reason = "lost the link to " + peer + ": " + Diagnostics.reason(e);
            }
        } catch (RuntimeException e) {
            Diagnostics.trace("reading from " + describe, e);
            reason = "cannot read from " + peer + ": " + Diagnostics.reason(e);
        }
        close(closeReason != null ? closeReason : reason);
    }

    private void enqueueBye(String why) {
        // Best effort: the peer learns why before the socket closes, if the writer gets to it first.
        queue.offer(Frame.event(MessageType.BYE, Frame.object().add("message", why)));
    }

    private void deliver(Frame frame) {
        String type = frame.type();
        if (MessageType.RESPONSE.name().equals(type)) {
            frame.id().map(calls::get).ifPresent(c -> c.complete(frame));
        } else if (MessageType.BYE.name().equals(type)) {
            String message = frame.optionalString("message").orElse("");
            closeReason = peer + " closed the link" + (message.isBlank() ? "" : ": " + printable(message));
        } else if (frame.json().containsKey("id")) {
            if (frame.id().isEmpty()) {
                respond(null, Status.BAD_REQUEST, "a request needs an 'id' of 1 to " + Limits.MAX_REQUEST_ID_LENGTH
                        + " characters", null);
                return;
            }
            handler.request(this, frame);
        } else {
            handler.event(this, frame);
        }
    }

    /** Text from a peer shown in a local message: no control characters, bounded. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
