package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.MessageCatalog;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection to the registry. Requests get increasing string ids; a reader thread matches
 * each RESPONSE to its waiting request by id, reads every other frame as a {@link RegistryEvent}
 * and hands it to the observer (a BYE it keeps, for when the link closes). Answers are left to the
 * caller to read: it knows which record answers its request.
 */
public final class RegistryLink implements AutoCloseable {
    /**
     * The events' codecs, built when the first link is made rather than on its reader thread when
     * the first event comes (making them costs reflection; reading with them does not).
     */
    private static final MessageCatalog<RegistryEvent> EVENTS = RegistryEvent.CATALOG;

    private final SSLSocket socket;
    private final RegistryAddress registry;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final LinkObserver observer;
    private final Map<String, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean open = true;
    private volatile RegistryEvent.Bye bye;
    /** What HELLO's answer gave this link to sign at LOGIN; null from a registry that gives none. */
    private volatile String loginChallenge;

    RegistryLink(SSLSocket socket, RegistryAddress registry, LinkObserver observer) throws IOException {
        this.socket = socket;
        this.registry = registry;
        this.observer = observer;
        this.reader = new FrameReader(socket.getInputStream(), Limits.MAX_ANSWER_BYTES);
        this.writer = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
    }

    void start() {
        Thread.ofVirtual().name("registry-reader " + registry).start(this::readFrames);
    }

    /** The address this link was opened to: which node of the registry, when it has several. */
    public RegistryAddress registry() {
        return registry;
    }

    /** What to sign at LOGIN on this link ({@code LoginProof}); public for a LOGIN built by hand, as the load generator builds it. */
    public String loginChallenge() {
        return loginChallenge;
    }

    void loginChallenge(String challenge) {
        loginChallenge = challenge;
    }

    public boolean isOpen() {
        return open;
    }

    /** The registry's IP address as this link reached it: where keepalives go. */
    public InetAddress remoteAddress() {
        return socket.getInetAddress();
    }

    /**
     * Sends a request and waits for its response, whatever its status.
     *
     * @throws RegistryUnreachableException the link is closed or closes before the answer
     * @throws RegistryException no answer within {@code timeout}
     */
    public Frame call(RegistryRequest request, Duration timeout) throws RegistryException {
        if (!open) {
            throw new RegistryUnreachableException(closedReason());
        }
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            writer.write(Frame.request(id, (Record) request));
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            close();
            throw new RegistryUnreachableException("lost the registry at " + registry + ": " + Diagnostics.reason(e), e);
        } catch (TimeoutException e) {
            throw new RegistryException("the registry did not answer within " + seconds(timeout));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RegistryException r) {
                throw r;
            }
            throw new RegistryException("the request failed: " + Diagnostics.reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting for the registry");
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            Diagnostics.trace("closing the registry link", e);
        }
    }

    private void readFrames() {
        try {
            while (true) {
                Frame frame;
                try {
                    frame = reader.read();
                } catch (MalformedFrameException e) {
                    // The framing is intact, so the link can go on; the registry never sends these on purpose.
                    Diagnostics.trace("unreadable frame from the registry at " + registry, e);
                    continue;
                }
                if (frame == null) {
                    break;
                }
                deliver(frame);
            }
        } catch (IOException e) {
            if (open) {
                Diagnostics.trace("reading from the registry at " + registry, e);
            }
        } finally {
            open = false;
            try {
                socket.close();
            } catch (IOException e) {
                Diagnostics.trace("closing the registry link", e);
            }
            RegistryUnreachableException lost = new RegistryUnreachableException(closedReason());
            pending.values().forEach(f -> f.completeExceptionally(lost));
            observer.closed(this, bye);
        }
    }

    private void deliver(Frame frame) {
        if (frame.isAnswer()) {
            // An answer nobody waits for any more (its request timed out) is dropped.
            frame.id().map(pending::get).ifPresent(f -> f.complete(frame));
            return;
        }
        RegistryEvent event;
        try {
            event = EVENTS.read(frame);
        } catch (InvalidFieldException e) {
            // A type of a newer registry, or fields this client cannot use: the link goes on without it.
            Diagnostics.trace("ignoring an event from the registry at " + registry, e);
            return;
        }
        if (event instanceof RegistryEvent.Bye b) {
            bye = b;
        } else {
            observer.event(this, event);
        }
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }

    private String closedReason() {
        RegistryEvent.Bye b = bye;
        if (b != null && !b.message().isBlank()) {
            return "the registry closed the link: " + b.message();
        }
        return "the link to the registry at " + registry + " is closed";
    }
}
