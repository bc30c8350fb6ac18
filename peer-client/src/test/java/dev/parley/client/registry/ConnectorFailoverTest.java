package dev.parley.client.registry;

import static dev.parley.client.testing.FakeRegistry.IGNORE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.client.testing.TestCertificate;
import dev.parley.protocol.registry.RegistryRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry of several addresses (the nodes of a cluster): the connector uses the first that
 * answers, starting with the one that worked last, and says why each failed when none answers.
 */
class ConnectorFailoverTest {
    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private final TestCertificate clusterCertificate = TestCertificate.generate("registry-cluster");


    private RegistryConnector connector(Duration requestTimeout, RegistryAddress... addresses) {
        return new RegistryConnector(RegistryAddresses.of(addresses), new KnownRegistries(home.resolve("known_registries")),
                observer, Duration.ofSeconds(2), requestTimeout);
    }

    private RegistryConnector connector(RegistryAddress... addresses) {
        return connector(Duration.ofSeconds(5), addresses);
    }


    @Test
    void anAddressThatRefusesIsPassedOverForTheNext() throws Exception {
        RegistryAddress down = FakeRegistry.nobodyListening();
        try (FakeRegistry up = FakeRegistry.start(clusterCertificate)) {
            RegistryConnector connector = connector(down, up.address());

            try (RegistryLink link = connector.connect(IGNORE)) {
                assertTrue(link.isOpen());
                assertEquals(up.address(), link.registry());
                assertEquals(up.address(), connector.registry(), "the address in use is the one that answered");
                up.nextRequest(RegistryRequest.Hello.class);
            }
            assertEquals("pinned " + up.address() + " " + clusterCertificate.fingerprint(), observer.next());
            assertTrue(observer.isEmpty(), "no move to tell of: no address had worked before");
        }
    }

    @Test
    void somethingThatIsNotATlsRegistryIsPassedOver() throws Exception {
        try (ServerSocket notTls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                FakeRegistry up = FakeRegistry.start(clusterCertificate)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = notTls.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // only the client's view matters
                }
            });
            RegistryAddress web = new RegistryAddress("127.0.0.1", notTls.getLocalPort());

            try (RegistryLink link = connector(web, up.address()).connect(IGNORE)) {
                assertEquals(up.address(), link.registry());
            }
            up.nextRequest(RegistryRequest.Hello.class);
        }
    }

    @Test
    void aNodeThatNeverAnswersHelloIsPassedOver() throws Exception {
        try (FakeRegistry hung = FakeRegistry.start(clusterCertificate).answerHello(false);
                FakeRegistry up = FakeRegistry.start(clusterCertificate)) {
            try (RegistryLink link = connector(Duration.ofMillis(300), hung.address(), up.address()).connect(IGNORE)) {
                assertEquals(up.address(), link.registry());
            }
            hung.nextRequest(RegistryRequest.Hello.class);
            up.nextRequest(RegistryRequest.Hello.class);
        }
    }

    @Test
    void whenNoAddressAnswersEachIsNamedWithItsReasonInOneSentence() throws Exception {
        RegistryAddress first = FakeRegistry.nobodyListening();
        RegistryAddress second = FakeRegistry.nobodyListening();

        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> connector(first, second).connect(IGNORE));

        assertEquals("cannot reach the registry at any of its 2 addresses (" + first + ": connection refused; "
                + second + ": connection refused) — are they running? (--registry host:port,host:port)",
                e.getMessage());
        assertEquals(first, connector(first, second).registry(), "before any answered, the first is named");
        assertTrue(observer.isEmpty());
    }

    @Test
    void theAddressThatWorkedLastIsTriedFirstSoTheClientStaysWithItsNode() throws Exception {
        try (FakeRegistry second = FakeRegistry.start(clusterCertificate)) {
            FakeRegistry first = FakeRegistry.start(clusterCertificate);
            int firstPort = first.port();
            RegistryConnector connector = connector(first.address(), second.address());
            connector.connect(IGNORE).close();
            assertEquals("pinned " + first.address() + " " + clusterCertificate.fingerprint(), observer.next());

            first.close(); // the node dies
            try (RegistryLink moved = connector.connect(IGNORE)) {
                assertEquals(second.address(), moved.registry());
            }
            assertEquals("moved " + first.address() + " -> " + second.address(), observer.next());

            try (FakeRegistry firstBack = FakeRegistry.startOn(firstPort, clusterCertificate);
                    RegistryLink again = connector.connect(IGNORE)) {
                assertEquals(second.address(), again.registry());
                assertEquals(second.address(), connector.registry());
                assertEquals(2, second.count(RegistryRequest.Hello.class));
                assertTrue(firstBack.requests.isEmpty(), "the node that came back is not asked while the other lives");
            }
            assertTrue(observer.isEmpty(), "staying is nothing to tell");
        }
    }

    @Test
    void aCertificateThatDoesNotMatchItsPinEndsTheSearch() throws Exception {
        TestCertificate old = TestCertificate.generate("before");
        try (FakeRegistry first = FakeRegistry.start(clusterCertificate);
                FakeRegistry second = FakeRegistry.start(clusterCertificate)) {
            Files.writeString(home.resolve("known_registries"), first.address() + " " + old.fingerprint() + "\n");

            CertificateChangedException e = assertThrows(CertificateChangedException.class,
                    () -> connector(first.address(), second.address()).connect(IGNORE));

            assertEquals(old.fingerprint(), e.pinned());
            assertTrue(e.getMessage().startsWith("the registry at " + first.address() + " presented a DIFFERENT"),
                    e.getMessage());
            assertTrue(first.requests.isEmpty());
            assertEquals(0, second.openLinks() + second.requests.size(), "no other node is tried");
        }
    }
}
