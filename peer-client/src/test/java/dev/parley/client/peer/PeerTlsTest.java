package dev.parley.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.TlsPolicy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Peer links use the same cipher suite policy as the registry: authenticated encryption only. */
class PeerTlsTest {

    @Test
    void bothEndsOfAPeerLinkEnableOnlyTheAllowedSuites() throws Exception {
        PeerTls callee = new PeerTls(Identity.create("callee"));
        PeerTls caller = new PeerTls(Identity.create("caller"));
        try (ServerSocket listener = new ServerSocket(0)) {
            CompletableFuture<SSLSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket raw = listener.accept();
                    return callee.accept(raw, Duration.ofSeconds(5));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket out = caller.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()),
                    Duration.ofSeconds(5)); SSLSocket in = accepted.get(10, TimeUnit.SECONDS)) {
                for (SSLSocket end : List.of(out, in)) {
                    List<String> enabled = Arrays.asList(end.getEnabledCipherSuites());
                    assertTrue(TlsPolicy.CIPHER_SUITES.containsAll(enabled), "not allowed: " + enabled);
                    assertTrue(TlsPolicy.CIPHER_SUITES.contains(end.getSession().getCipherSuite()));
                    assertEquals("TLSv1.3", end.getSession().getProtocol());
                }
            }
        }
    }
}
