package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.client.testing.TestCertificate;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.LoginProof;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session against a real TLS test registry: login state, keepalives, peer port, and winning a lost link back. */
class RegistrySessionTest {
    private static final String PASSWORD = "correct horse";
    /** Fast enough for tests, same shape as the real one. */
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), new SplittableRandom(1));

    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private FakeRegistry registry;
    private DatagramSocket udp;
    private RegistrySession session;

    @BeforeEach
    void startRegistry() throws Exception {
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udp.setSoTimeout(3000);
        registry = FakeRegistry.start().udpPort(udp.getLocalPort()).keepaliveIntervalSeconds(1)
                .account("alice", PASSWORD);
        session = newSession(0);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        registry.close();
        udp.close();
    }

    private RegistrySession newSession(int peerPort) {
        RegistryConnector connector = new RegistryConnector(registry.address(),
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        return new RegistrySession(connector, observer, QUICK, peerPort, Duration.ofSeconds(5));
    }

    private RegistrySession sessionFor(RegistryAddress address, Backoff backoff) {
        RegistryConnector connector = new RegistryConnector(address,
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        return new RegistrySession(connector, observer, backoff, 0, Duration.ofSeconds(5));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRegistryNotRunningAtStartIsTriedAgainUntilItAnswers() throws Exception {
        int port = freePort();
        try (RegistrySession waiting = sessionFor(new RegistryAddress("127.0.0.1", port), QUICK)) {
            waiting.connectOrKeepTrying();
            String unreachable = observer.next();
            assertTrue(unreachable.startsWith("unreachable: cannot reach the registry at 127.0.0.1:" + port),
                    unreachable);
            assertTrue(waiting.isWaitingForRegistry());
            Thread.sleep(300); // several attempts fail meanwhile, each silently
            assertTrue(observer.isEmpty());
            try (FakeRegistry late = FakeRegistry.startOn(port)) {
                assertTrue(observer.next().startsWith("pinned 127.0.0.1:" + port));
                assertEquals("reached", observer.next());
                assertFalse(waiting.isWaitingForRegistry());
                assertTrue(waiting.isConnected());
            }
        }
    }

    @Test
    void aCommandThatConnectsFirstEndsTheTryingAgain() throws Exception {
        int port = freePort();
        Backoff slow = new Backoff(Duration.ofSeconds(20), Duration.ofSeconds(20), new SplittableRandom(1));
        try (RegistrySession waiting = sessionFor(new RegistryAddress("127.0.0.1", port), slow)) {
            waiting.connectOrKeepTrying();
            assertTrue(observer.next().startsWith("unreachable: "));
            try (FakeRegistry late = FakeRegistry.startOn(port)) {
                waiting.connect(); // as /login does before asking for the password
                assertTrue(observer.next().startsWith("pinned "));
                assertEquals("reached", observer.next());
                assertFalse(waiting.isWaitingForRegistry());
            }
        }
    }

    @Test
    void twoConnectsAtOnceMakeOneLinkAndPinOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Thread[] both = new Thread[2];
        for (int i = 0; i < both.length; i++) {
            both[i] = Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    session.connect();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        go.countDown();
        for (Thread t : both) {
            t.join();
        }
        assertTrue(observer.next().startsWith("pinned "));
        Thread.sleep(200);
        assertTrue(observer.isEmpty(), "the pin is announced once");
        assertEquals(1, registry.count(RegistryRequest.Hello.class), "one link, one HELLO");
    }

    @Test
    void aRegistryWithAnotherCertificateStopsTheTryingAgain() throws Exception {
        int port = freePort();
        RegistryAddress address = new RegistryAddress("127.0.0.1", port);
        new KnownRegistries(home.resolve("known_registries")).pin(address,
                KnownRegistries.fingerprint(TestCertificate.generate("the registry first met").certificate()));
        try (RegistrySession waiting = sessionFor(address, QUICK)) {
            waiting.connectOrKeepTrying();
            assertTrue(observer.next().startsWith("unreachable: "));
            try (FakeRegistry impostor = FakeRegistry.startOn(port)) {
                String refused = observer.next();
                assertTrue(refused.startsWith("refused: ") && refused.contains("certificate"), refused);
                assertFalse(waiting.isWaitingForRegistry());
            }
        }
    }

    private SessionGrant login() throws Exception {
        SessionGrant grant = session.login("alice", PASSWORD.toCharArray(), null);
        assertTrue(observer.next().startsWith("pinned "));
        return grant;
    }

    private Keepalive receiveKeepalive() throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[600], 600);
        udp.receive(p);
        try {
            return Keepalive.parse(p.getData(), p.getLength());
        } catch (dev.parley.protocol.MalformedFrameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loginReportsARealListeningPeerPortAndLogoutClosesIt() throws Exception {
        login();
        RegistryRequest.Login loginRequest = registry.nextRequest(RegistryRequest.Login.class);
        int peerPort = loginRequest.peerPort();
        assertEquals(peerPort, session.peerPort().orElseThrow());
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), peerPort)) {
            assertTrue(peer.isConnected());
        }
        session.logout();
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), peerPort).close());
    }

    @Test
    void theChosenPeerPortIsUsed() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        session.close();
        session = newSession(free);
        login();
        assertEquals(free, registry.nextRequest(RegistryRequest.Login.class).peerPort());
    }

    @Test
    void aPeerPortInUseIsRefusedWithTheOptionToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            session.close();
            session = newSession(taken.getLocalPort());
            RegistryException e = assertThrows(RegistryException.class,
                    () -> session.login("alice", PASSWORD.toCharArray(), null));
            assertEquals("cannot listen for peers on port " + taken.getLocalPort() + ": the port is in use"
                    + " — choose another with --peer-port (0 picks a free one)", e.getMessage());
            assertTrue(session.username().isEmpty());
        }
    }

    @Test
    void loginStartsSignedKeepalivesToTheRegistrysUdpPort() throws Exception {
        login();
        byte[][] secrets = registry.keepaliveSecrets("alice");
        Keepalive first = receiveKeepalive();
        assertEquals(1, first.counter());
        assertArrayEquals(secrets[0], first.sessionId());
        assertTrue(first.verify(secrets[1]));
        assertEquals(2, receiveKeepalive().counter());
    }

    @Test
    void logoutStopsTheKeepalives() throws Exception {
        login();
        receiveKeepalive();
        session.logout();
        udp.setSoTimeout(1500);
        assertThrows(java.net.SocketTimeoutException.class, () -> {
            while (true) {
                receiveKeepalive(); // drain any datagram sent before logout, then expect silence
            }
        });
    }

    @Test
    void aDroppedLinkIsWonBackWithTheResumeTokenAndTheSamePeerPort() throws Exception {
        SessionGrant first = login();
        RegistryRequest.Login firstLogin = registry.nextRequest(RegistryRequest.Login.class);
        assertNull(firstLogin.resumeToken());

        registry.dropLinks();

        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
        RegistryRequest.Login again = registry.nextRequest(RegistryRequest.Login.class);
        assertEquals(first.resumeToken(), again.resumeToken());
        assertEquals(firstLogin.peerPort(), again.peerPort());
        assertEquals("alice", session.whoami().username());
        assertTrue(registry.isOnline("alice"));
    }

    @Test
    void whileTheAccountIsGuessedAtThisComputersKeyProvesItAtLoginAndAtEveryResume() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair mine = g.generateKeyPair();
        DeviceKey device = new DeviceKey(Base64.getEncoder().encodeToString(mine.getPublic().getEncoded()),
                mine.getPrivate());
        registry.slowUnlessProvenBy("alice", mine.getPublic());

        RegistryRefusedException waits = assertThrows(RegistryRefusedException.class,
                () -> session.login("alice", PASSWORD.toCharArray(), null));
        assertEquals(Status.TOO_MANY_REQUESTS, waits.status(), "a password alone waits");
        assertTrue(observer.next().startsWith("pinned "));
        KeyPair other = g.generateKeyPair();
        assertThrows(RegistryRefusedException.class, () -> session.login("alice", PASSWORD.toCharArray(),
                new DeviceKey(Base64.getEncoder().encodeToString(other.getPublic().getEncoded()), other.getPrivate())));

        SessionGrant grant = session.login("alice", PASSWORD.toCharArray(), device);
        assertEquals("alice", grant.username());
        assertNull(registry.nextRequest(RegistryRequest.Login.class).proof(), "no key, no proof");
        assertEquals(LoginProof.MAX_LENGTH, registry.nextRequest(RegistryRequest.Login.class).proof().length());
        RegistryRequest.Login sent = registry.nextRequest(RegistryRequest.Login.class);
        assertEquals(device.publicKeyText(), sent.identityKey());

        registry.dropLinks(); // the resume goes over a new link, with a new challenge: proven again
        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
        RegistryRequest.Login resumed = registry.nextRequest(RegistryRequest.Login.class);
        assertEquals(grant.resumeToken(), resumed.resumeToken());
        assertFalse(sent.proof().equals(resumed.proof()), "each link's challenge is signed afresh");
        assertTrue(registry.isOnline("alice"));
    }

    @Test
    void keepalivesFollowTheNewSessionAfterReconnecting() throws Exception {
        login();
        registry.dropLinks();
        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
        byte[][] secrets = registry.keepaliveSecrets("alice");
        Keepalive k;
        do {
            k = receiveKeepalive(); // skip any datagram of the old session still in the socket
        } while (!java.util.Arrays.equals(secrets[0], k.sessionId()));
        assertEquals(1, k.counter());
        assertTrue(k.verify(secrets[1]));
    }

    @Test
    void commandsWhileReconnectingSayTheRegistryIsNotConnected() throws Exception {
        login();
        CountDownLatch held = registry.holdLogins();
        registry.dropLinks();
        assertEquals("lost", observer.next());
        assertTrue(session.isReconnecting());
        assertEquals("alice", session.username().orElseThrow());

        RegistryException e = assertThrows(RegistryUnreachableException.class, () -> session.whoami());
        assertEquals("not connected to the registry (reconnecting)", e.getMessage());

        held.countDown();
        assertEquals("reconnected alice", observer.next());
        assertFalse(session.isReconnecting());
        assertEquals("alice", session.whoami().username());
    }

    @Test
    void aByeWhileLoggedInIsShownBeforeReconnecting() throws Exception {
        login();
        registry.sayBye(Status.UNAVAILABLE, "the registry is shutting down");
        assertEquals("closed: the registry is shutting down", observer.next());
        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
    }

    @Test
    void aRefusedLoginAfterTheLossEndsTheSessionWithTheRegistrysReason() throws Exception {
        login();
        registry.refuseLogins(Status.UNAUTHORIZED, "wrong username or password", 0);
        registry.dropLinks();
        assertEquals("lost", observer.next());
        assertEquals("abandoned: could not log in again: wrong username or password — /login to try again",
                observer.next());
        assertTrue(session.username().isEmpty());
        assertFalse(session.isReconnecting());
        assertTrue(session.peerPort().isEmpty());
    }

    @Test
    void busyRefusalsAreRetriedUntilTheRegistryTakesUsBack() throws Exception {
        login();
        registry.refuseLogins(Status.UNAVAILABLE, "the registry is busy; try again shortly", 0);
        registry.dropLinks();
        assertEquals("lost", observer.next());
        registry.nextRequest(RegistryRequest.Login.class); // the first login, before the drop
        registry.nextRequest(RegistryRequest.Login.class); // refused
        registry.nextRequest(RegistryRequest.Login.class); // refused again: still trying
        registry.acceptLogins();
        assertEquals("reconnected alice", observer.next());
    }

    @Test
    void loggingOutWhileReconnectingStopsTrying() throws Exception {
        login();
        registry.close(); // nobody answers any more
        assertEquals("lost", observer.next());
        session.logout();
        assertFalse(session.isReconnecting());
        assertTrue(session.username().isEmpty());
        Thread.sleep(300); // longer than the quick backoff's ceiling: a live reconnector would report by now
        assertTrue(observer.isEmpty());
    }

    @Test
    void whenNotLoggedInADroppedLinkIsReopenedByTheNextRequest() throws Exception {
        session.connect();
        observer.next();
        registry.dropLinks();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (session.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the client has seen the link close
        }
        assertFalse(session.isConnected());
        session.login("alice", PASSWORD.toCharArray(), null);
        assertEquals("alice", session.whoami().username());
        assertTrue(observer.isEmpty(), "nothing to report when no session was lost");
    }

    @Test
    void requestsThatNeedASessionAskToLogInFirst() {
        RegistryException e = assertThrows(RegistryException.class, () -> session.listOnline(false));
        assertEquals("log in first — /login NAME", e.getMessage());
    }

    @Test
    void theOnlineListIsFetchedPageByPage() throws Exception {
        registry.pageCap(2);
        for (String name : List.of("bob", "carol", "dave", "erin")) {
            registry.otherOnline(name, "127.0.0.1", 40000 + name.length());
        }
        login();
        List<OnlineUser> everyone = session.listOnline(true);
        assertEquals(List.of("alice", "bob", "carol", "dave", "erin"),
                everyone.stream().map(OnlineUser::username).toList());
        assertEquals(new OnlineUser("bob", "127.0.0.1", 40003), everyone.get(1));
        long pages = registry.count(RegistryRequest.ListOnline.class);
        assertEquals(3, pages);
    }

    @Test
    void closingLogsOutAndStopsEverything() throws Exception {
        login();
        int peerPort = session.peerPort().orElseThrow();
        session.close();
        registry.nextRequest(RegistryRequest.Logout.class);
        assertFalse(registry.isOnline("alice"));
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), peerPort).close());
        RegistryException e = assertThrows(RegistryException.class, () -> session.login("alice", PASSWORD.toCharArray(), null));
        assertEquals("parley is shutting down", e.getMessage());
    }
}
