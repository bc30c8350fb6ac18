package dev.parley.client.peer;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/** Two ends of a peer TLS connection on loopback, handshaken: the caller's and the callee's. */
record TlsPair(SSLSocket caller, SSLSocket callee) {
    static TlsPair connect(PeerTls callerTls, PeerTls calleeTls) throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            CompletableFuture<SSLSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket raw = listener.accept();
                    return calleeTls.accept(raw, Duration.ofSeconds(5));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SSLSocket out = callerTls.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()),
                    Duration.ofSeconds(5));
            return new TlsPair(out, accepted.get(10, TimeUnit.SECONDS));
        }
    }
}
