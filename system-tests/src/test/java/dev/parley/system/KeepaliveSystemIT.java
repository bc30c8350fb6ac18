package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real parley whose UDP keepalives never reach the registry, as behind a firewall that drops them:
 * it sends them to a port where nothing but a silent socket listens (--keepalive-port, the option
 * for a forwarded port). The user is told what to check, and stays online over the TLS link well
 * past the three intervals that would otherwise end the session. The registry runs with 2 s
 * intervals so this takes seconds.
 */
class KeepaliveSystemIT {
    private static final String PASSWORD = "correct horse battery";
    private static final int INTERVAL_SECONDS = 2;
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(RegistryProcess.tempHome("registry-udp"), Map.of(),
                "-Dparley.keepalive.interval-seconds=" + INTERVAL_SECONDS);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static void registerAndLogIn(ParleyProcess p, String user) throws Exception {
        p.send("/register " + user).awaitLine("password for " + user + ":");
        p.send(PASSWORD).awaitLine("repeat the password:");
        p.send(PASSWORD).awaitLine("registered " + user);
        p.send("/login " + user).awaitLine("password for " + user + ":");
        p.send(PASSWORD).awaitLine("logged in as " + user);
    }

    @Test
    void aClientWhoseUdpKeepalivesAreDroppedIsToldWhyAndStaysOnline() throws Exception {
        // Bound and never read: the datagrams vanish as a firewall's DROP would make them.
        try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                ParleyProcess alice = ParleyProcess.start("alice", RegistryProcess.tempHome("alice"), registry.address(),
                        "--keepalive-port", Integer.toString(blackHole.getLocalPort()));
                ParleyProcess bob = ParleyProcess.start("bob", RegistryProcess.tempHome("bob"), registry.address())) {
            int port = blackHole.getLocalPort();
            registerAndLogIn(alice, "alice");
            registerAndLogIn(bob, "bob");

            alice.awaitLine("keepalives over UDP to 127.0.0.1:" + port + " are not arriving — check that UDP port " + port
                    + " is open to the registry (firewall, NAT); keeping your session alive over the TLS link meanwhile");
            Thread.sleep(4000L * INTERVAL_SECONDS); // more than the three silent intervals that end a session

            bob.send("/online").awaitLine("online: alice, bob");
            bob.send("/search alice").awaitStart("alice is online at 127.0.0.1:");
            alice.send("/whoami").awaitStart("you are alice (127.0.0.1:");
            List<String> aliceSaw = alice.seen();
            assertFalse(aliceSaw.stream().anyMatch(l -> l.startsWith("lost the registry") || l.equals("reconnected")
                    || l.startsWith("the registry ended your session")), "alice kept her session: " + aliceSaw);
            assertTrue(registry.output().stream().anyMatch(l -> l.contains("alice's UDP keepalives have not arrived")),
                    "the registry's log says whose keepalives are missing");
        }
    }
}
