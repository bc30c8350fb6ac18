package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.MessageType;
import jakarta.json.JsonObjectBuilder;
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
 * each RESPONSE to its waiting request by id and hands events to the observer. Knows frames, not
 * what they mean.
 */
public final class RegistryLink implements AutoCloseable {
    private final SSLSocket socket;
    private final RegistryAddress registry;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final LinkObserver observer;
    private final Map<String, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean open = true;
    private volatile Frame bye;

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
    public Frame call(MessageType type, JsonObjectBuilder fields, Duration timeout) throws RegistryException {
        if (!open) {
            throw new RegistryUnreachableException(closedReason());
        }
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            writer.write(Frame.request(type, id, fields));
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
        if (MessageType.RESPONSE.name().equals(frame.type())) {
            // An answer nobody waits for any more (its request timed out) is dropped.
            frame.id().map(pending::get).ifPresent(f -> f.complete(frame));
        } else if (MessageType.BYE.name().equals(frame.type())) {
            bye = frame;
        } else {
            observer.event(this, frame);
        }
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }

    private String closedReason() {
        Frame b = bye;
        if (b != null && !b.message().isBlank()) {
            return "the registry closed the link: " + b.message();
        }
        return "the link to the registry at " + registry + " is closed";
    }
}
