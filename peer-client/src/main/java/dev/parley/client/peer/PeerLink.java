package dev.parley.client.peer;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameTooLargeException;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.MessageCatalog;
import dev.parley.protocol.Status;
import dev.parley.protocol.TruncatedFrameException;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * One authenticated TLS link to another user's client. A reader thread hands requests and events
 * to the {@link Handler} and matches responses to calls by id. Frames are encoded by the caller and
 * queued (bounded); a writer thread is started only while the queue has something in it, writes
 * until it runs dry and then flushes, so a burst of messages and acks costs few TLS records, and an
 * idle link holds no parked writer (a client in big rooms has hundreds of links, most of them
 * quiet at any moment). Reads the peer's events itself (a BYE says why the link closes; the
 * others go to the handler); requests are the handler's to read. Knows frames, not conversations.
 */
public final class PeerLink {
    /** What arrives on the link; called on its reader thread, in order. */
    public interface Handler {
        /** The link is verified (either side opened it); called before its first frame is read. */
        default void opened(PeerLink link) {
        }

        /**
         * A request with a usable id, as it came: the handler reads it (with
         * {@link PeerRequest#CATALOG}) and answers it now or later with {@link PeerLink#respond}.
         */
        void request(PeerLink link, Frame request);

        /** The other user ended the conversation on this link. */
        void chatClosed(PeerLink link, PeerEvent.ChatClose close);

        /** The link is gone for good (called once); {@code reason} is for the user. */
        void closed(PeerLink link, String reason);
    }

    /** The events' codecs, built with the first link rather than when the first event comes. */
    private static final MessageCatalog<PeerEvent> EVENTS = PeerEvent.CATALOG;
    /** A peer that stalls inside a frame this long is cut off; between frames a link may stay silent for ever. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);
    /** How long a writer waits for room in a full queue before deciding the peer stopped reading. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(10);
    /** How long our side waits, after its last frame, for the peer to close its side. */
    static final Duration LINGER = Duration.ofSeconds(2);
    private static final int QUEUE_FRAMES = 8192;
    /** Most bytes of queued frames joined into one write: one TLS record's worth. */
    private static final int GATHER_BYTES = 16 * 1024;
    /** Queued after the last frame to send; the writer closes the link when it reaches it. */
    private static final byte[] CLOSE_MARK = new byte[0];

    /**
     * A request encoded once, to send on several links: a room message goes to every member with
     * the same id and the same bytes.
     */
    public record Request(String id, byte[] encoded) {
    }

    private final SSLSocket socket;
    private final String peer;
    private final String describe;
    private final Handler handler;
    private final FrameReader reader;
    private final OutputStream out;
    /** Encoded frames, length prefix included. Linked, so an idle link does not hold 8192 empty slots. */
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(QUEUE_FRAMES);
    /** True while a writer thread owns the output stream. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final ThreadFactory writers;
    private final Map<String, CompletableFuture<Frame>> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason;
    /** Set once we have sent our last frame ({@link #closeAfterSending}): why we are leaving. */
    private volatile String leaving;

    PeerLink(SSLSocket socket, String peer, Handler handler) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.describe = peer + " at " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.handler = handler;
        // The TLS socket's own streams: it buffers a decrypted record already, and the writer gathers
        // what is queued into one write. Two 16 KiB buffers per link end were half of a link's heap,
        // copied by every young collection while a room's links were new.
        this.reader = new FrameReader(socket.getInputStream(), Limits.MAX_FRAME_BYTES);
        this.out = socket.getOutputStream();
        this.writers = Thread.ofVirtual().name("peer-writer " + peer).factory();
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
    public CompletableFuture<Frame> call(String id, PeerRequest request) {
        return call(request(id != null ? id : "r" + ids.incrementAndGet(), request));
    }

    /** Sends a request encoded beforehand with {@link #request}; otherwise as {@link #call(String, PeerRequest)}. */
    public CompletableFuture<Frame> call(Request request) {
        String requestId = request.id();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        CompletableFuture<Frame> earlier = calls.putIfAbsent(requestId, answer);
        if (earlier != null) {
            return earlier; // the same message sent again while its ack is awaited: one answer serves both
        }
        answer.whenComplete((f, e) -> calls.remove(requestId, answer));
        if (!enqueue(request.encoded())) {
            answer.completeExceptionally(new PeerLinkClosedException(closedReason()));
        }
        return answer;
    }

    /**
     * Encodes a request once, for {@link #call(Request)} on one or more links.
     *
     * @throws IllegalArgumentException if it does not fit in a frame (the callers bound what they send)
     */
    public static Request request(String id, PeerRequest request) {
        return new Request(id, encode(Frame.request(id, (Record) request)));
    }

    /** Answers a request that arrived on this link with its status and message only. */
    public void respond(String id, Status status, String message) {
        enqueue(encode(Frame.answer(id, status, message)));
    }

    /** Answers a request that arrived on this link with the fields of {@code body} beside its status and message. */
    public void respond(String id, Status status, String message, PeerAnswer body) {
        enqueue(encode(Frame.answer(id, status, message, (Record) body)));
    }

    /** Sends an event (no answer expected). */
    public void send(PeerEvent event) {
        enqueue(encode(Frame.event((Record) event)));
    }

    /** Sends what is queued, then a BYE with {@code reason}, then closes. */
    public void closeAfterSending(String reason) {
        enqueue(bye(reason));
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
        PeerLinkClosedException gone = new PeerLinkClosedException(reason);
        calls.values().forEach(c -> c.completeExceptionally(gone));
        handler.closed(this, reason);
    }

    @Override
    public String toString() {
        return describe;
    }

    private static byte[] encode(Frame frame) {
        try {
            return FrameCodec.encodeWithLength(frame, Limits.MAX_FRAME_BYTES);
        } catch (FrameTooLargeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static byte[] bye(String reason) {
        return encode(Frame.event(new PeerEvent.Bye(reason)));
    }

    private boolean enqueue(byte[] frame) {
        if (closed.get() || leaving != null) {
            return false; // after our last frame nothing more goes out; the link closes shortly
        }
        try {
            // A full queue means a writer is running (it only stops once the queue is empty): wait for it.
            if (!queue.offer(frame) && !queue.offer(frame, QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                close(peer + " stopped reading; the link is closed");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        startWriter();
        return true;
    }

    private void startWriter() {
        if (writing.compareAndSet(false, true)) {
            writers.newThread(this::writeFrames).start();
        }
    }

    private String closedReason() {
        String r = closeReason;
        return r != null ? r : "the link to " + peer + " is closed";
    }

    /**
     * Writes until the queue is empty, then ends; {@link #startWriter} starts the next one. Frames
     * queued together go out in one write (one TLS record, one system call) up to {@link #GATHER_BYTES}.
     */
    private void writeFrames() {
        try {
            do {
                byte[] frame;
                while ((frame = queue.poll()) != null) {
                    if (frame == CLOSE_MARK) {
                        leave();
                        return; // "writing" stays true: no writer after the close
                    }
                    out.write(withFollowing(frame));
                }
                writing.set(false);
                // A frame queued after the last poll but before the line above found "writing" still
                // true and started no writer: this one takes it.
            } while (!queue.isEmpty() && !closed.get() && writing.compareAndSet(false, true));
        } catch (IOException e) {
            close("lost the link to " + peer + ": " + Diagnostics.reason(e));
        } catch (RuntimeException e) {
            Diagnostics.trace("writing to " + describe, e);
            close("cannot write to " + peer + ": " + Diagnostics.reason(e));
        }
    }

    /**
     * Ends our side once everything queued is written: TLS's close_notify and a half-close, so the
     * peer reads every frame before the end (closing at once while the peer's answers were still
     * unread here would reset the connection, and the peer would lose what it had not read yet).
     * The reader then sees the peer close; a peer that does not is cut off after {@link #LINGER}.
     */
    private void leave() {
        String reason = closeReason != null ? closeReason : "closed";
        leaving = reason;
        try {
            socket.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            close(reason);
            return;
        }
        CompletableFuture.delayedExecutor(LINGER.toMillis(), TimeUnit.MILLISECONDS).execute(() -> close(reason));
    }

    /**
     * {@code first}, joined with the frames queued after it as far as {@link #GATHER_BYTES} allows
     * (only the writer takes from the queue, so what it peeks at is what it polls).
     */
    private byte[] withFollowing(byte[] first) {
        List<byte[]> frames = null;
        int size = first.length;
        byte[] next;
        while ((next = queue.peek()) != null && next != CLOSE_MARK && size + next.length <= GATHER_BYTES) {
            if (frames == null) {
                frames = new ArrayList<>();
                frames.add(first);
            }
            frames.add(queue.poll());
            size += next.length;
        }
        if (frames == null) {
            return first;
        }
        byte[] joined = new byte[size];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, joined, at, f.length);
            at += f.length;
        }
        return joined;
    }

    private void readFrames() {
        // What is said when the stream ends without a BYE: a killed client, a closed laptop lid.
        String reason = peer + " went away without a goodbye";
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
                    respond(null, Status.BAD_REQUEST, "unreadable frame: " + e.getMessage());
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
        String left = leaving;
        close(closeReason != null ? closeReason : left != null ? left : reason);
    }

    private void enqueueBye(String why) {
        // Best effort: the peer learns why before the socket closes, if the writer gets to it first.
        if (queue.offer(bye(why))) {
            startWriter();
        }
    }

    private void deliver(Frame frame) {
        if (frame.isAnswer()) {
            frame.id().map(calls::get).ifPresent(c -> c.complete(frame));
        } else if (frame.isEvent()) {
            event(frame);
        } else if (frame.id().isEmpty()) {
            respond(null, Status.BAD_REQUEST, "a request needs an 'id' of 1 to " + Limits.MAX_REQUEST_ID_LENGTH
                    + " characters");
        } else {
            handler.request(this, frame);
        }
    }

    private void event(Frame frame) {
        PeerEvent event;
        try {
            event = EVENTS.read(frame);
        } catch (InvalidFieldException e) {
            // Events get no answer: one of a newer peer's types, or one this side cannot use, is passed over.
            Diagnostics.note("ignored an event from " + describe + ": " + e.getMessage());
            return;
        }
        switch (event) {
            case PeerEvent.Bye bye -> closeReason = peer + " closed the link"
                    + (bye.message().isBlank() ? "" : ": " + printable(bye.message()));
            case PeerEvent.ChatClose close -> handler.chatClosed(this, close);
        }
    }

    /** Text from a peer shown in a local message: no control characters, bounded. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
