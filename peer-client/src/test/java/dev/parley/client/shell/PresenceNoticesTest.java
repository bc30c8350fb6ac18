package dev.parley.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.PlainClient;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user sees of presence and keepalive trouble in plain mode: nothing for a watched user's
 * coming and going (the chat layer decides), one line when UDP keepalives do not arrive and one when
 * they do again, and an expired session explained with the port to check.
 */
class PresenceNoticesTest {
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path home;

    private FakeRegistry registry;
    /** Stands for the registry's UDP port: bound, so nothing else gets the datagrams, and never read. */
    private DatagramSocket udp;

    @BeforeEach
    void start() throws Exception {
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        registry = FakeRegistry.start().udpPort(udp.getLocalPort()).keepaliveIntervalSeconds(1).account("alice", PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
        udp.close();
    }

    private PlainClient loggedIn() throws Exception {
        PlainClient parley = new PlainClient(List.of("--plain", "--registry", registry.address().toString(),
                "--home", home.toString()));
        parley.type("/login alice");
        parley.type(PASSWORD);
        parley.awaitLine("logged in as alice");
        // After login the client fetches its mail, then its receipts: a BYE sent while those requests are
        // unread would have the link reset under it rather than closed.
        registry.nextRequest(RegistryRequest.ReceiptFetch.class);
        return parley;
    }

    @Test
    void keepalivesThatDoNotArriveAreExplainedOnceAndTheirReturnToo() throws Exception {
        int port = udp.getLocalPort();
        try (PlainClient parley = loggedIn()) {
            registry.sendEvent("alice", new RegistryEvent.KeepaliveMissing(port, 2));

            assertEquals("keepalives over UDP to 127.0.0.1:" + port + " are not arriving — check that UDP port " + port
                    + " is open to the registry (firewall, NAT); keeping your session alive over the TLS link meanwhile",
                    parley.nextLine());
            registry.nextRequest(RegistryRequest.KeepaliveOverLink.class);

            registry.udpKeepalivesArriving(true);

            assertEquals("keepalives over UDP to 127.0.0.1:" + port
                    + " arrive again; the TLS link no longer carries them", parley.nextLine());
            assertEquals(0, parley.finish());
        }
    }

    @Test
    void anExpiredSessionSaysWhichPortToCheckBeforeReconnecting() throws Exception {
        int port = udp.getLocalPort();
        try (PlainClient parley = loggedIn()) {
            registry.sayBye(new RegistryEvent.Bye(Status.UNAUTHORIZED.code(), "session expired: no keepalive for 3 s",
                    RegistryEvent.Bye.KEEPALIVE_TIMEOUT, port));

            assertEquals("the registry ended your session (session expired: no keepalive for 3 s) — keepalives go over"
                    + " UDP to 127.0.0.1:" + port + "; if this happens again, check that UDP port " + port
                    + " is open to the registry (firewall, NAT). Logging in again; rooms you were in have been left",
                    parley.nextLine());
            assertEquals("lost the registry — reconnecting…", parley.nextLine());
            assertEquals("reconnected", parley.nextLine());
        }
    }

    @Test
    void presenceChangesShowNothingByThemselves() throws Exception {
        try (PlainClient parley = loggedIn()) {
            registry.sendEvent("alice", new RegistryEvent.Presence("bob", true, "127.0.0.1", 40123, null));
            registry.sendEvent("alice", new RegistryEvent.Presence("bob", false, null, null, null));

            parley.type("/whoami");

            assertTrue(parley.nextLine().startsWith("you are alice (127.0.0.1:"), "nothing printed before the answer");
        }
    }
}
