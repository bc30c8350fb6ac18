package dev.parley.bench;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The registry link over WebSocket, as the browser client opens it (wss to /link, one frame per text
 * message), for timing it beside the TLS link: requests and their answers by id; events are dropped.
 */
final class WebSocketRegistryLink implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WebSocket socket;
    private final Map<String, CompletableFuture<Frame>> waiting;
    private final AtomicLong ids = new AtomicLong();
    private final Object sending = new Object();

    private WebSocketRegistryLink(WebSocket socket, Map<String, CompletableFuture<Frame>> waiting) {
        this.socket = socket;
        this.waiting = waiting;
    }

    /** What opens links to one registry's web port: HTTPS trusting only the certificate in its home. */
    record Opener(HttpClient http, URI uri) {
        /** {@code registryHome}'s data/parley/web.keystore holds the certificate bin/registry made. */
        static Opener of(String host, int webPort, Path registryHome) throws Exception {
            Path dir = registryHome.resolve("data/parley");
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
            return new Opener(HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build(),
                    URI.create("wss://" + host + ":" + webPort + "/link"));
        }

        /** A new connection: TLS, the HTTP upgrade, then HELLO, as the page begins. */
        WebSocketRegistryLink open() throws Exception {
            Map<String, CompletableFuture<Frame>> waiting = new ConcurrentHashMap<>();
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, new Answers(waiting))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            WebSocketRegistryLink link = new WebSocketRegistryLink(socket, waiting);
            link.ok(new RegistryRequest.Hello(dev.parley.protocol.ProtocolVersion.CURRENT, "parley-bench"));
            return link;
        }
    }

    /** Sends a request and waits for its answer. */
    Frame call(RegistryRequest request) throws Exception {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        String text = FrameCodec.encodeText(Frame.request(id, (Record) request), Limits.MAX_FRAME_BYTES);
        // A WebSocket takes one message at a time: a send begun while another is pending fails.
        synchronized (sending) {
            socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        try {
            return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            waiting.remove(id);
        }
    }

    /** Calls and insists on a success status. */
    Frame ok(RegistryRequest request) throws Exception {
        Frame f = call(request);
        if (!f.status().isSuccess()) {
            throw new IllegalStateException(request.getClass().getSimpleName() + " refused: " + f.status().code() + " "
                    + f.message());
        }
        return f;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                .whenComplete((s, e) -> socket.abort());
    }

    /** Hands each answer to the request waiting for it. */
    private static final class Answers implements WebSocket.Listener {
        private final Map<String, CompletableFuture<Frame>> waiting;
        private final StringBuilder parts = new StringBuilder();

        Answers(Map<String, CompletableFuture<Frame>> waiting) {
            this.waiting = waiting;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String text = parts.toString();
                parts.setLength(0);
                try {
                    Frame f = FrameCodec.decode(text);
                    if (f.isAnswer()) {
                        f.id().map(waiting::get).ifPresent(w -> w.complete(f));
                    }
                } catch (MalformedFrameException e) {
                    waiting.values().forEach(w -> w.completeExceptionally(e));
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            IllegalStateException closed = new IllegalStateException("the registry closed the link: " + code + " " + reason);
            waiting.values().forEach(w -> w.completeExceptionally(closed));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            waiting.values().forEach(w -> w.completeExceptionally(error));
        }
    }
}
