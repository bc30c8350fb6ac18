package dev.parley.system;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A WebSocket link to a registry's web endpoint as the browser client opens it: wss to /link, one
 * frame per text message. It trusts only the certificate that registry made for its web client.
 */
final class BrowserLink implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocket socket;
    private final BlockingQueue<String> received;
    private final CompletableFuture<String> closed;
    private final AtomicInteger ids = new AtomicInteger();

    private BrowserLink(WebSocket socket, BlockingQueue<String> received, CompletableFuture<String> closed) {
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    /** Opens a link from no page at all (no Origin: not a browser). */
    static BrowserLink open(RegistryProcess registry) throws Exception {
        return open(registry, null);
    }

    /** Opens a link as a page of {@code origin} would. */
    static BrowserLink open(RegistryProcess registry, String origin) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket.Builder builder = client(registry).newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        WebSocket socket;
        try {
            socket = builder.buildAsync(URI.create("wss://localhost:" + registry.webPort + "/link"), new Listener(received, closed))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw refused;
            }
            throw e;
        }
        return new BrowserLink(socket, received, closed);
    }

    /** An HTTPS client that trusts the registry's web certificate (data/parley/web.keystore) and nothing else. */
    static HttpClient client(RegistryProcess registry) throws Exception {
        return HttpClient.newBuilder().sslContext(tls(registry)).connectTimeout(WAIT).build();
    }

    /** TLS that trusts the registry's web certificate and nothing else. */
    static SSLContext tls(RegistryProcess registry) throws Exception {
        Path dir = registry.home().resolve("data/parley");
        char[] password = Files.readString(dir.resolve("web.keystore.password")).strip().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("web.keystore"))) {
            keys.load(in, password);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("registry-web", keys.getCertificate("parley-web"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    /** Sends a request with a fresh id and returns its answer (events that come first are kept for {@link #next()}). */
    Frame request(Record request) throws Exception {
        String id = "w" + ids.incrementAndGet();
        send(FrameCodec.encodeText(Frame.request(id, request), Limits.MAX_FRAME_BYTES));
        return answerTo(id);
    }

    /** The answer with this id, skipping (and keeping nothing of) events and other answers before it. */
    Frame answerTo(String id) throws Exception {
        while (true) {
            Frame f = next();
            if (f.isAnswer() && f.id().filter(id::equals).isPresent()) {
                return f;
            }
        }
    }

    /** Sends one text message as it is. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts sending one text message without waiting for it to go: the registry may close the link before it has. */
    CompletableFuture<WebSocket> startSending(String text) {
        return socket.sendText(text, true);
    }

    void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next frame the registry sent; fails if none comes in time or the link closed. */
    Frame next() throws Exception {
        String text = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no frame within " + WAIT.toSeconds() + " s"
                    + (closed.isDone() ? "; the link closed: " + closed.join() : ""));
        }
        return FrameCodec.decode(text);
    }

    /** The next event of this type, skipping anything before it. */
    Frame nextEvent(String type) throws Exception {
        while (true) {
            Frame f = next();
            if (f.isEvent() && f.type().equals(type)) {
                return f;
            }
        }
    }

    /** How the registry closed the link: "code reason", waiting for it. */
    String closing() throws Exception {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the link is still open after " + WAIT.toSeconds() + " s");
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Collects whole text messages (the JDK calls a listener once at a time); the link's end as "code reason". */
    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<String> received;
        private final CompletableFuture<String> closed;
        private final StringBuilder parts = new StringBuilder();

        Listener(BlockingQueue<String> received, CompletableFuture<String> closed) {
            this.received = received;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                received.add(parts.toString());
                parts.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete("failed: " + (error instanceof CompletionException c ? c.getCause() : error));
        }
    }
}
