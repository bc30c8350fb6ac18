package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the registry says our UDP keepalives do not arrive, the session keeps itself alive with
 * KEEPALIVE requests over the link (across reconnects), tells the user once, and stops when UDP
 * arrives again; an expired session is explained; --keepalive-port redirects the datagrams.
 */
class KeepaliveFallbackTest {
    private static final String PASSWORD = "correct horse";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), new SplittableRandom(1));

    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private FakeRegistry registry;
    private DatagramSocket udp;
    private RegistrySession session;

    @BeforeEach
    void start() throws Exception {
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udp.setSoTimeout(3000);
        registry = FakeRegistry.start().udpPort(udp.getLocalPort()).keepaliveIntervalSeconds(1).account("alice", PASSWORD);
        session = newSession(0);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        registry.close();
        udp.close();
    }

    private RegistrySession newSession(int keepalivePort) {
        RegistryConnector connector = new RegistryConnector(registry.address(),
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new RegistrySession(connector, observer, QUICK, 0, keepalivePort, Duration.ofSeconds(5));
    }

    private void login() throws Exception {
        session.login("alice", PASSWORD.toCharArray(), null);
        assertTrue(observer.next().startsWith("pinned "));
    }

    private void udpMissing() {
        registry.sendEvent("alice", new RegistryEvent.KeepaliveMissing(udp.getLocalPort(), 2));
    }

    private long keepalivesOverTheLink() {
        return registry.count(RegistryRequest.KeepaliveOverLink.class);
    }

    private static Keepalive receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[600], 600);
        socket.receive(p);
        return Keepalive.parse(p.getData(), p.getLength());
    }

    @Test
    void missingUdpKeepalivesMoveToTheLinkUntilTheyArriveAgainAndTheUserHearsEachOnce() throws Exception {
        login();
        String target = "127.0.0.1:" + udp.getLocalPort();

        udpMissing();

        assertEquals("udp missing " + target, observer.next());
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class); // at once
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class); // and every interval (1 s here)
        receive(udp); // UDP stays the main path: still sent
        udpMissing(); // a new session's report, or a repeat: nothing new to say
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class);
        assertTrue(observer.isEmpty(), "told once");

        registry.udpKeepalivesArriving(true);

        assertEquals("udp back " + target, observer.next());
        Thread.sleep(200);
        long sent = keepalivesOverTheLink();
        Thread.sleep(2500); // two and a half intervals
        assertEquals(sent, keepalivesOverTheLink(), "no keepalives over the link once UDP arrives");
    }

    @Test
    void keepalivesOverTheLinkGoOnAfterAReconnect() throws Exception {
        login();
        udpMissing();
        assertEquals("udp missing 127.0.0.1:" + udp.getLocalPort(), observer.next());
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class);

        registry.dropLinks();

        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
        registry.nextRequest(RegistryRequest.Login.class); // skip to the requests of the won-back link
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class);
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class);
        udpMissing(); // the won-back session's report
        Thread.sleep(300);
        assertTrue(observer.isEmpty(), "still in the fallback: nothing new to tell");
    }

    @Test
    void loggingOutStopsKeepalivesOverTheLink() throws Exception {
        login();
        udpMissing();
        observer.next();
        registry.nextRequest(RegistryRequest.KeepaliveOverLink.class);

        session.logout();

        long sent = keepalivesOverTheLink();
        Thread.sleep(2500);
        assertEquals(sent, keepalivesOverTheLink());
    }

    @Test
    void anExpiredSessionIsExplainedBeforeReconnecting() throws Exception {
        login();

        registry.sayBye(new RegistryEvent.Bye(Status.UNAUTHORIZED.code(), "session expired: no keepalive for 30 s",
                RegistryEvent.Bye.KEEPALIVE_TIMEOUT, udp.getLocalPort()));

        assertEquals("expired: session expired: no keepalive for 30 s (udp 127.0.0.1:" + udp.getLocalPort() + ")",
                observer.next());
        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
    }

    @Test
    void theKeepalivePortSendsTheDatagramsElsewhereAndIsTheOneNamed() throws Exception {
        try (DatagramSocket forwarded = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            forwarded.setSoTimeout(3000);
            session.close();
            session = newSession(forwarded.getLocalPort());
            login();
            byte[][] secrets = registry.keepaliveSecrets("alice");

            Keepalive k = receive(forwarded);

            assertTrue(k.verify(secrets[1]));
            udp.setSoTimeout(1500);
            assertThrows(java.net.SocketTimeoutException.class, () -> receive(udp), "nothing to the announced port");
            udpMissing();
            assertEquals("udp missing 127.0.0.1:" + forwarded.getLocalPort(), observer.next());
        }
    }

}
