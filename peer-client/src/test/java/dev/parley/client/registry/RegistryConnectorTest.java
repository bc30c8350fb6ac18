package dev.parley.client.registry;

import static dev.parley.client.testing.FakeRegistry.IGNORE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.ParleyVersion;
import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.protocol.registry.RegistryRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Getting a link to the registry, and the one-line reasons when that fails. */
class RegistryConnectorTest {
    @TempDir
    Path home;


    private RegistryConnector connector(RegistryAddress address, Duration requestTimeout) {
        return new RegistryConnector(address, new KnownRegistries(home.resolve("known_registries")),
                new RecordingObserver(), Duration.ofSeconds(2), requestTimeout);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableRegistryIsNamedWithAHint() throws Exception {
        RegistryAddress nowhere = new RegistryAddress("127.0.0.1", closedPort());
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> connector(nowhere, Duration.ofSeconds(2)).connect(IGNORE));
        assertEquals("cannot reach the registry at " + nowhere + ": connection refused — is it running?"
                + " (--registry host:port)", e.getMessage());
    }

    @Test
    void somethingThatIsNotATlsRegistryIsNamedAsSuch() throws Exception {
        try (ServerSocket notTls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = notTls.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // the test only needs the client's view
                }
            });
            RegistryAddress address = new RegistryAddress("127.0.0.1", notTls.getLocalPort());
            RegistryException e = assertThrows(RegistryUnreachableException.class,
                    () -> connector(address, Duration.ofSeconds(2)).connect(IGNORE));
            assertTrue(e.getMessage().startsWith("cannot set up TLS with the registry at " + address + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(" — is that a Parley registry? (--registry host:port)"), e.getMessage());
        }
    }

    @Test
    void aRegistryThatNeverAnswersHelloTimesOutWithAClearReason() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start().answerHello(false)) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> connector(registry.address(), Duration.ofMillis(300)).connect(IGNORE));
            assertEquals("the registry did not answer within 0.3 s", e.getMessage());
        }
    }

    @Test
    void helloSaysTheProtocolVersionAndTheAgent() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start();
                RegistryLink link = connector(registry.address(), Duration.ofSeconds(5)).connect(IGNORE)) {
            RegistryRequest.Hello hello = registry.nextRequest(RegistryRequest.Hello.class);
            assertEquals("1.0", hello.version());
            assertEquals("parley/" + ParleyVersion.version(), hello.agent());
            assertEquals("1", registry.idOf(hello));
            assertTrue(link.isOpen());
        }
    }
}
