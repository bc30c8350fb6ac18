package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's side of a TLS link, against the JDK's TLS client over loopback. */
class TlsChannelTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private SSLContext serverContext;

    @BeforeEach
    void listen() throws Exception {
        serverContext = RegistryTls.loadOrCreate("", "", dir).context();
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void carriesBytesBothWaysInRecordsOfAnySizeAndEndsAtTheClientsClose() {
        assertTimeoutPreemptively(LIMIT, () -> {
            byte[] big = new byte[70_000]; // more than four records
            new Random(7).nextBytes(big);
            CompletableFuture<byte[]> echoed = serve((tls, engine) -> {
                InputStream in = tls.in();
                byte[] got = in.readNBytes(big.length);
                tls.out().write(got);
                tls.out().write("bye".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, in.read(), "the client's close_notify ends the stream");
                tls.close();
                return got;
            });
            try (SSLSocket client = client("TLSv1.3")) {
                OutputStream out = client.getOutputStream();
                out.write(big, 0, 10);
                out.write(big, 10, big.length - 10);
                assertArrayEquals(big, client.getInputStream().readNBytes(big.length));
                assertEquals("bye", new String(client.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
                client.shutdownOutput(); // close_notify
                assertEquals(-1, client.getInputStream().read(), "the server's close_notify");
            }
            assertArrayEquals(big, echoed.get(10, TimeUnit.SECONDS));
        });
    }

    @Test
    void aKeyUpdateFromTheClientIsAnsweredByTheReaderAndTheLinkGoesOn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                byte[] first = tls.in().readNBytes(5);
                tls.out().write(first);
                byte[] second = tls.in().readNBytes(5);
                // Answered as it was read: nothing is left for the next write to send first.
                assertEquals(HandshakeStatus.NOT_HANDSHAKING, engine.getHandshakeStatus());
                tls.out().write(second);
                return second;
            });
            try (SSLSocket client = client("TLSv1.3")) {
                client.getOutputStream().write("one..".getBytes(StandardCharsets.US_ASCII));
                assertEquals("one..", new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                client.startHandshake(); // TLS 1.3: a KeyUpdate asking for the server's
                client.getOutputStream().write("two..".getBytes(StandardCharsets.US_ASCII));
                assertEquals("two..", new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            }
            assertEquals("two..", new String(served.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
        });
    }

    @Test
    void writingAfterTheLinkClosedFailsInsteadOfSpinning() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                tls.close();
                assertThrows(SSLException.class, () -> tls.out().write(new byte[100]));
                return new byte[0];
            });
            try (SSLSocket client = client("TLSv1.2")) {
                client.startHandshake();
                assertEquals(-1, client.getInputStream().read(), "close_notify");
            }
            served.get(10, TimeUnit.SECONDS);
        });
    }

    @Test
    void aTls12ClientsCloseNotifyEndsTheReadAndLaterWritesFail() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                assertEquals(-1, tls.in().read(), "the client's close_notify");
                // TLS 1.2 answers a close_notify with its own: the engine's output is closed now.
                assertThrows(SSLException.class, () -> tls.out().write(new byte[100]));
                return new byte[0];
            });
            try (SSLSocket client = client("TLSv1.2")) {
                client.startHandshake();
                client.close();
            }
            served.get(10, TimeUnit.SECONDS);
        });
    }

    @Test
    void aRecordStartedButNotFinishedIsTimedSoTheDeadlineCanEndIt() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<TlsChannel> opened = new CompletableFuture<>();
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                opened.complete(tls);
                tls.in().read();
                return new byte[0];
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
                 SSLSocket client = over(plain, "TLSv1.3")) {
                client.startHandshake();
                TlsChannel tls = opened.get(10, TimeUnit.SECONDS);
                assertEquals(0, tls.recordStartedAtNanos(), "between records");
                long before = System.nanoTime();
                // Beneath TLS, a record header announcing 100 bytes, from a client that then stalls.
                plain.getOutputStream().write(new byte[] {23, 3, 3, 0, 100});
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (tls.recordStartedAtNanos() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(tls.recordStartedAtNanos() >= before, "timed from when its header came");
                tls.reset();
            }
            assertThrows(Exception.class, () -> served.get(10, TimeUnit.SECONDS));
        });
    }

    @Test
    void aTls12ClientWorksToo() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                byte[] got = tls.in().readNBytes(4);
                tls.out().write(got);
                return got;
            });
            try (SSLSocket client = client("TLSv1.2")) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
                assertEquals("TLSv1.2", client.getSession().getProtocol());
            }
            served.get(10, TimeUnit.SECONDS);
        });
    }

    @Test
    void whatIsNotTlsIsRefusedAtItsFirstBytes() {
        Throwable refused = handshakeAfter("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);
        assertTrue(refused instanceof SSLException && refused.getMessage().contains("not a TLS record"), refused.toString());
    }

    @Test
    void aRecordLongerThanTlsAllowsIsRefusedBeforeItIsRead() {
        Throwable refused = handshakeAfter(new byte[] {22, 3, 1, (byte) 0xFF, (byte) 0xFF}, true); // 65,535 bytes announced
        assertTrue(refused instanceof SSLException && refused.getMessage().contains("65535 bytes"), refused.toString());
    }

    @Test
    void aConnectionCutInsideARecordIsAnErrorNotAnEnd() {
        Throwable refused = handshakeAfter(new byte[] {22, 3, 1, 0, 100, 1, 2, 3}, false);
        assertTrue(refused instanceof EOFException, refused.toString());
    }

    /**
     * What the server's handshake throws when a client sends {@code bytes} beneath TLS and then
     * waits (or, with {@code wait} false, hangs up).
     */
    private Throwable handshakeAfter(byte[] bytes, boolean wait) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                throw new AssertionError("the handshake cannot succeed");
            });
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
            try {
                plain.getOutputStream().write(bytes);
                if (!wait) {
                    plain.close();
                }
                return assertThrows(Exception.class, () -> served.get(10, TimeUnit.SECONDS)).getCause();
            } finally {
                plain.close();
            }
        });
    }

    @Test
    void aResetEndsBothSidesAtOnceWithoutWaitingForAnything() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<TlsChannel> opened = new CompletableFuture<>();
            CompletableFuture<byte[]> served = serve((tls, engine) -> {
                opened.complete(tls);
                tls.in().read(); // parked in a read, as an idle link is
                throw new AssertionError("the client sent nothing");
            });
            try (SSLSocket client = client("TLSv1.3")) {
                client.startHandshake();
                opened.get(10, TimeUnit.SECONDS).reset();
                IOException e = assertThrows(IOException.class, () -> client.getInputStream().read(),
                        "a reset, not a clean end");
                assertTrue(String.valueOf(e.getMessage()).contains("reset"), e.toString());
            }
            Exception e = assertThrows(Exception.class, () -> served.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, "the parked read ends: " + e);
        });
    }

    private interface ServerSide {
        byte[] run(TlsChannel tls, SSLEngine engine) throws Exception;
    }

    /** Accepts one connection and, on a thread of its own, runs the handshake and then {@code side} on it. */
    private CompletableFuture<byte[]> serve(ServerSide side) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (SocketChannel channel = server.accept()) {
                SSLEngine engine = serverContext.createSSLEngine();
                engine.setUseClientMode(false);
                engine.setSSLParameters(LinkListener.linkParameters(serverContext)); // as every link's
                TlsChannel tls = new TlsChannel(channel, engine);
                tls.handshake();
                result.complete(side.run(tls, engine));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private SSLSocket client(String protocol) throws Exception {
        return over(new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort()), protocol);
    }

    /** A TLS client, trusting the registry's certificate, over a connection the test may also write to beneath TLS. */
    private SSLSocket over(Socket plain, String protocol) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("registry-tls.p12"))) {
            trusted.load(in, Files.readString(dir.resolve("registry-tls.password")).trim().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setSoTimeout((int) LIMIT.toMillis());
        return socket;
    }
}
