package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry as an operator starts it (bin/registry, H2 default database) and real
 * {@code parley --plain} processes doing what people do; checks what each of them prints.
 */
class FoundationSystemIT {
    private static final String PASSWORD = "correct horse battery";
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(RegistryProcess.tempHome("registry"), Map.of());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static ParleyProcess client(String name) throws Exception {
        return ParleyProcess.start(name, RegistryProcess.tempHome(name), registry.address());
    }

    private static void register(ParleyProcess p, String user) throws Exception {
        p.send("/register " + user).awaitLine("password for " + user + ":");
        p.send(PASSWORD).awaitLine("repeat the password:");
        p.send(PASSWORD).awaitLine("registered " + user);
    }

    private static void login(ParleyProcess p, String user) throws Exception {
        p.send("/login " + user).awaitLine("password for " + user + ":");
        p.send(PASSWORD).awaitLine("logged in as " + user);
    }

    @Test
    void twoPeopleRegisterLogInFindEachOtherAndLeave() throws Exception {
        try (ParleyProcess alice = client("alice"); ParleyProcess bob = client("bob")) {
            alice.send("/register alice");
            String pinned = alice.awaitStart("pinned registry ");
            assertEquals("pinned registry " + registry.address() + ", certificate SHA-256 " + registry.fingerprint, pinned);
            alice.awaitLine("password for alice:");
            alice.send(PASSWORD).awaitLine("repeat the password:");
            alice.send(PASSWORD).awaitLine("registered alice");
            login(alice, "alice");

            register(bob, "bob");
            login(bob, "bob");

            bob.send("/search alice");
            String found = bob.awaitStart("alice is online at 127.0.0.1:");
            assertTrue(found.matches("alice is online at 127\\.0\\.0\\.1:\\d+"), found);
            bob.send("/search ALICE").awaitStart("alice is online at ");
            bob.send("/search carol").awaitLine("no user named carol");

            alice.send("/online").awaitLine("online: alice, bob");
            alice.send("/online -l").awaitLine("online (2):");
            assertTrue(alice.awaitStart("  alice 127.0.0.1:").matches("  alice 127\\.0\\.0\\.1:\\d+"));
            alice.awaitStart("  bob 127.0.0.1:");
            alice.send("/whoami").awaitStart("you are alice (127.0.0.1:");

            bob.send("/logout").awaitLine("logged out");
            alice.send("/search bob").awaitLine("bob is offline");
            alice.send("/online").awaitLine("nobody else is online");

            bob.send("/quit");
            assertEquals(0, bob.waitForExit());
            alice.send("/quit").awaitLine("logged out");
            assertEquals(0, alice.waitForExit());
        }
    }

    @Test
    void aSecondLoginOfAnOnlineAccountIsRefusedWithTheReason() throws Exception {
        // Two clients on one computer (one parley home), and a third on another computer with a copy
        // of the account's identity key: each is told why it cannot log in too.
        Path home = RegistryProcess.tempHome("dana");
        Path laptop = RegistryProcess.tempHome("dana-laptop");
        try (ParleyProcess first = ParleyProcess.start("dana1", home, registry.address());
                ParleyProcess second = ParleyProcess.start("dana2", home, registry.address())) {
            register(first, "dana");
            login(first, "dana");

            second.send("/login dana").awaitLine("password for dana:"); // the registry is pinned already
            second.send(PASSWORD).awaitLine("error: another parley is logged in as dana with this folder ("
                    + home.resolve("dana") + ") — use that one, or /logout there first");

            Files.createDirectories(laptop.resolve("dana"));
            Files.copy(home.resolve("dana").resolve("identity.key"), laptop.resolve("dana").resolve("identity.key"));
            try (ParleyProcess third = ParleyProcess.start("dana3", laptop, registry.address())) {
                third.send("/login dana").awaitLine("password for dana:");
                third.send(PASSWORD).awaitLine("error: dana is already logged in from another client");
            }
        }
    }

    @Test
    void wrongPasswordsAndTakenNamesAreExplained() throws Exception {
        try (ParleyProcess eve = client("eve")) {
            register(eve, "eve");
            eve.send("/register EVE").awaitLine("error: the username EVE is taken"); // before any password

            eve.send("/login eve").awaitLine("password for eve:");
            eve.send("not the password").awaitLine("error: wrong username or password");

            eve.send("/register x").awaitLine("error: a username has 3 to 32 characters");
            eve.send("/frobnicate").awaitLine("error: unknown command /frobnicate — type /help");
            eve.send("/search").awaitLine("error: missing required parameter: 'NAME' — usage: /search NAME");
            eve.send("hello there").awaitLine("error: not in a conversation — /chat NAME starts one, /help lists commands");
        }
    }

    @Test
    void anUnreachableRegistryGetsOneLineAndAHint() throws Exception {
        int closedPort = RegistryProcess.freePort();
        try (ParleyProcess lost = ParleyProcess.start("lost", RegistryProcess.tempHome("lost"), "127.0.0.1:" + closedPort)) {
            lost.send("/login someone");
            lost.awaitLine("error: cannot reach the registry at 127.0.0.1:" + closedPort
                    + ": connection refused — is it running? (--registry host:port)");
        }
    }

    @Test
    void aRegistryWhoseCertificateChangedIsRefusedLoudly() throws Exception {
        Path home = RegistryProcess.tempHome("wary");
        String wrong = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
        Files.writeString(home.resolve("known_registries"), registry.address() + " " + wrong + "\n");
        try (ParleyProcess wary = ParleyProcess.start("wary", home, registry.address())) {
            wary.send("/login someone");
            wary.awaitLine("error: the registry at " + registry.address()
                    + " presented a DIFFERENT certificate than the one pinned — refusing to connect");
            wary.awaitLine("  pinned:    SHA-256 " + wrong);
            wary.awaitLine("  presented: SHA-256 " + registry.fingerprint);
        }
    }
}
