package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.client.testing.TestCertificate;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session on a registry of two nodes, each on its own host address (127.0.0.1 and 127.0.0.2)
 * with its own keepalive port: when its node dies, the session is won back on the other node with
 * its resume token, promptly (with the real backoff), and keepalives follow it there.
 */
class SessionFailoverTest {
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private FakeRegistry node1;
    private FakeRegistry node2;
    private DatagramSocket udp1;
    private DatagramSocket udp2;
    private RegistrySession session;

    @BeforeEach
    void startTwoNodes() throws Exception {
        TestCertificate cluster = TestCertificate.generate("registry-cluster");
        InetAddress host2 = InetAddress.getByName("127.0.0.2");
        udp1 = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udp2 = new DatagramSocket(0, host2);
        udp1.setSoTimeout(3000);
        udp2.setSoTimeout(3000);
        node1 = FakeRegistry.start(cluster).udpPort(udp1.getLocalPort()).keepaliveIntervalSeconds(1)
                .account("alice", PASSWORD);
        node2 = FakeRegistry.startAt(host2, cluster).udpPort(udp2.getLocalPort()).keepaliveIntervalSeconds(1)
                .account("alice", PASSWORD);
        RegistryConnector connector = new RegistryConnector(RegistryAddresses.of(node1.address(), node2.address()),
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        session = new RegistrySession(connector, observer, Backoff.standard(), 0, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        node1.close();
        node2.close();
        udp1.close();
        udp2.close();
    }

    private SessionGrant loginOnNode1() throws Exception {
        SessionGrant grant = session.login("alice", PASSWORD.toCharArray(), null);
        assertTrue(observer.next().startsWith("pinned " + node1.address() + " "));
        assertNull(node1.nextRequest(RegistryRequest.Login.class).resumeToken());
        return grant;
    }

    /** Kills node 1 as kill -9 would: its links drop and its port refuses from now on. */
    private void killNode1AndSeeTheSessionMove() throws Exception {
        node1.close();
        assertEquals("lost", observer.next());
        assertEquals("moved " + node1.address() + " -> " + node2.address(), observer.next());
        assertEquals("reconnected alice", observer.next());
    }

    private static Keepalive receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[600], 600);
        socket.receive(p);
        return Keepalive.parse(p.getData(), p.getLength());
    }

    @Test
    void whenItsNodeDiesTheSessionIsResumedOnTheOtherNodePromptlyWithItsToken() throws Exception {
        SessionGrant first = loginOnNode1();
        int peerPort = session.peerPort().orElseThrow();

        long killed = System.nanoTime();
        killNode1AndSeeTheSessionMove();
        Duration away = Duration.ofNanos(System.nanoTime() - killed);

        assertTrue(away.compareTo(Duration.ofSeconds(5)) < 0,
                "resumed after " + away.toMillis() + " ms; the registry's session timeout is 30 s");
        RegistryRequest.Login resume = node2.nextRequest(RegistryRequest.Login.class);
        assertEquals(first.resumeToken(), resume.resumeToken());
        assertEquals(peerPort, resume.peerPort());
        assertEquals(node2.address(), session.registry());
        assertEquals("alice", session.whoami().username());
        node2.nextRequest(RegistryRequest.Whoami.class);
    }

    @Test
    void aLoginTheFirstNodeIsTooBusyForIsMadeOnTheOtherNode() throws Exception {
        node1.refuseLogins(Status.UNAVAILABLE, "the registry is busy; try again shortly", 0);

        SessionGrant grant = session.login("alice", PASSWORD.toCharArray(), null);

        assertEquals("alice", grant.username());
        assertEquals(node2.address(), session.registry());
        assertEquals(1, node1.count(RegistryRequest.Login.class));
        assertEquals(1, node2.count(RegistryRequest.Login.class));
        assertTrue(node2.isOnline("alice"));
        assertTrue(observer.next().startsWith("pinned " + node1.address() + " "));
        assertEquals("moved " + node1.address() + " -> " + node2.address(), observer.next());
    }

    @Test
    void whenEveryNodeIsTooBusyTheLoginSaysSoAfterAskingEachOnce() throws Exception {
        node1.refuseLogins(Status.UNAVAILABLE, "the registry is busy; try again shortly", 0);
        node2.refuseLogins(Status.UNAVAILABLE, "the registry is busy; try again shortly", 0);

        RegistryRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryRefusedException.class,
                () -> session.login("alice", PASSWORD.toCharArray(), null));

        assertEquals(Status.UNAVAILABLE, e.status());
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        assertEquals(1, node1.count(RegistryRequest.Login.class));
        assertEquals(1, node2.count(RegistryRequest.Login.class));
    }

    @Test
    void aSessionWonBackWhileItsNodeIsTooBusyIsWonBackOnTheOtherNode() throws Exception {
        loginOnNode1();
        node1.refuseLogins(Status.UNAVAILABLE, "the registry is busy; try again shortly", 0);

        node1.dropLinks(); // node 1 lives, but cannot hash now

        assertEquals("lost", observer.next());
        assertEquals("moved " + node1.address() + " -> " + node2.address(), observer.next());
        assertEquals("reconnected alice", observer.next());
        assertEquals(node2.address(), session.registry());
        assertTrue(node2.isOnline("alice"));
    }

    @Test
    void keepalivesGoToTheNodeNowConnectedAtItsOwnPort() throws Exception {
        loginOnNode1();
        byte[][] node1Secrets = node1.keepaliveSecrets("alice");
        Keepalive before = receive(udp1);
        assertArrayEquals(node1Secrets[0], before.sessionId());

        killNode1AndSeeTheSessionMove();

        byte[][] node2Secrets = node2.keepaliveSecrets("alice");
        Keepalive after = receive(udp2);
        assertArrayEquals(node2Secrets[0], after.sessionId());
        assertTrue(after.verify(node2Secrets[1]));
        assertEquals(1, after.counter());
    }

    @Test
    void aNoticeAboutKeepalivesNamesTheNodeNowConnected() throws Exception {
        loginOnNode1();
        killNode1AndSeeTheSessionMove();

        node2.sendEvent("alice", new RegistryEvent.KeepaliveMissing(udp2.getLocalPort(), 2));

        assertEquals("udp missing 127.0.0.2:" + udp2.getLocalPort(), observer.next());
    }
}
