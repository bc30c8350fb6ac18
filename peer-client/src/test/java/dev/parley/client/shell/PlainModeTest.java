package dev.parley.client.shell;

import java.time.Instant;
import java.time.Clock;
import dev.parley.client.store.ConversationLog;
import dev.parley.client.store.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityStore;
import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.OldIdentityFile;
import dev.parley.client.testing.OwnerOnly;
import dev.parley.client.testing.PlainClient;
import dev.parley.client.testing.PlainRun;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact lines plain mode prints for each command, against a TLS test registry. System tests
 * and scripts match these lines, so these tests pin them down.
 */
class PlainModeTest {
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path home;

    private FakeRegistry registry;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = FakeRegistry.start();
    }

    @AfterEach
    void stopRegistry() throws Exception {
        registry.close();
    }

    private List<String> args() {
        return List.of("--plain", "--registry", registry.address().toString(), "--home", home.toString());
    }

    private PlainRun script(String... lines) {
        return PlainRun.of(args(), Map.of(), lines);
    }

    private String pinnedLine() {
        return "pinned registry " + registry.address() + ", certificate SHA-256 " + registry.certificate().fingerprint();
    }

    /** The run's output without the one-time pin announcement. */
    private static List<String> afterPin(PlainRun run) {
        List<String> out = new ArrayList<>(run.out());
        assertTrue(out.get(0).startsWith("pinned registry "), "first line should announce the pin: " + out);
        out.remove(0);
        return out;
    }

    @Test
    void registerAsksForThePasswordTwiceAndCreatesTheUsersFolder() throws Exception {
        PlainRun run = script("/register alice", PASSWORD, PASSWORD);
        assertEquals(List.of(pinnedLine(), "password for alice:", "repeat the password:", "registered alice"), run.out());
        assertEquals(0, run.exitCode());
        assertTrue(Files.isDirectory(home.resolve("alice")));
        RegistryRequest.Register request = registry.nextRequest(RegistryRequest.Register.class);
        assertEquals("alice", request.username());
        assertEquals(PASSWORD, request.password());
    }

    @Test
    void aSessionLeavesNothingUnderTheHomeThatOthersCanRead() throws Exception {
        PlainRun run = script("/register alice", PASSWORD, PASSWORD, "/login alice", PASSWORD, "/quit");
        assertEquals(0, run.exitCode(), run.err().toString());
        assertTrue(Files.exists(home.resolve("known_registries")));
        assertTrue(Files.isDirectory(home.resolve("alice").resolve("conversations")));
        OwnerOnly.assertOwnerOnly(home);
    }

    @Test
    void whatALoginBringsBackFromDiskComesAfterLoggedIn() throws Exception {
        registry.account("alice", PASSWORD);
        PlainRun first = script("/login alice", PASSWORD, "/quit");
        assertEquals(List.of("password for alice:", "logged in as alice", "logged out"), afterPin(first));
        // bob's message reached alice's disk, receipted, just before her parley stopped: not shown yet.
        Path file = home.resolve("alice").resolve("conversations").resolve(ConversationLog.fileName("bob"));
        try (ConversationLog log = ConversationLog.open(file, Clock.systemUTC())) {
            log.opened();
            log.received(new ChatMessage("m-1", "bob", Instant.parse("2026-12-07T10:15:00Z"), "are you there?", 1));
        }

        PlainRun again = script("/login alice", PASSWORD, "/quit");

        List<String> out = again.out();
        assertEquals(List.of("password for alice:", "logged in as alice"), out.subList(0, 2), out.toString());
        assertTrue(out.indexOf("logged out") > 2, out.toString());
        assertTrue(out.subList(2, out.indexOf("logged out")).stream().anyMatch(l -> l.contains("are you there?")),
                "bob's message is shown after 'logged in as': " + out);
    }

    @Test
    void anOlderClientsKeyFileIsUpgradedAtLogin() throws Exception {
        registry.account("alice", PASSWORD);
        Identity made = Identity.create("alice");
        Path old = OldIdentityFile.save(home.resolve("alice"), made, PASSWORD.toCharArray());
        PlainRun run = script("/login alice", PASSWORD, "/quit");
        assertEquals(List.of("password for alice:", "logged in as alice", "logged out"), afterPin(run));
        assertEquals(made.publicKeyText(), registry.nextRequest(RegistryRequest.Login.class).identityKey(),
                "the key from the old file is the one used");
        assertFalse(Files.exists(old), "the old file is gone");
        assertTrue(Files.isRegularFile(IdentityStore.file(home.resolve("alice"))));
        PlainRun again = script("/login alice", PASSWORD, "/quit");
        assertEquals(List.of("password for alice:", "logged in as alice", "logged out"), again.out());
    }

    @Test
    void registerAsksForTheNameWhenItIsLeftOut() {
        PlainRun run = script("/register", "alice", PASSWORD, PASSWORD);
        assertEquals(List.of(pinnedLine(), "username:", "password for alice:", "repeat the password:",
                "registered alice"), run.out(), "the client connects and pins at start, before the first command");
    }

    @Test
    void aTakenNameIsSaidBeforeAnyPasswordAndLeavesNoFolder() {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/register Alice", "/register carol", PASSWORD, PASSWORD);
        assertEquals(List.of("error: the username Alice is taken", "password for carol:", "repeat the password:",
                "registered carol"), afterPin(run));
        assertFalse(Files.exists(home.resolve("alice")), "no folder for an account that was not made");
        assertEquals(1, registry.count(RegistryRequest.Register.class), "only carol was sent to be registered");
    }

    @Test
    void aTakenNameIsSaidBeforeAnyPasswordWhenLoggedIn() {
        registry.account("alice", PASSWORD).account("bob", PASSWORD);
        PlainRun run = script("/login bob", PASSWORD, "/register Alice", "/register carol", PASSWORD, PASSWORD);
        assertEquals(List.of("password for bob:", "logged in as bob", "error: the username Alice is taken",
                "password for carol:", "repeat the password:", "registered carol", "logged out"), afterPin(run));
        assertFalse(Files.exists(home.resolve("alice")));
        assertTrue(registry.count(RegistryRequest.Register.class) == 1,
                "only carol was sent to be registered");
    }

    @Test
    void aRefusedLoginLeavesNoFolder() {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", "not the password");
        assertEquals(List.of("password for alice:", "error: wrong username or password"), afterPin(run));
        assertFalse(Files.exists(home.resolve("alice")));
    }

    @Test
    void passwordsThatDoNotMatchRegisterNothing() {
        PlainRun run = script("/register alice", PASSWORD, "correct horse!");
        assertEquals(List.of("password for alice:", "repeat the password:",
                "error: the passwords do not match — nothing was registered"), afterPin(run));
        assertEquals(0, registry.count(RegistryRequest.Register.class));
    }

    @Test
    void aShortPasswordIsRefusedBeforeItIsSentOrAskedAgain() {
        PlainRun run = script("/register alice", "short");
        assertEquals(List.of("password for alice:", "error: a password has 8 to 128 characters"), afterPin(run));
        assertEquals(0, registry.count(RegistryRequest.Register.class));
    }

    @Test
    void aBadUsernameIsRefusedWithTheRule() {
        PlainRun run = script("/register -alice");
        assertEquals(List.of("error: unknown option '-alice' — usage: /register [NAME]"), afterPin(run));
        run = script("/register a!ice"); // pinned by the run before: nothing to announce
        assertEquals(List.of("error: a username uses only letters, digits, '.', '_' and '-', and starts with a letter"
                + " or digit"), run.out());
    }

    @Test
    void loginWhoamiLogoutAndQuit() {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", PASSWORD, "/whoami", "/logout", "/whoami", "/quit", "/help");
        List<String> out = afterPin(run);
        assertEquals("password for alice:", out.get(0));
        assertEquals("logged in as alice", out.get(1));
        assertTrue(out.get(2).matches("you are alice \\(127\\.0\\.0\\.1:\\d+, since \\d\\d:\\d\\d\\)"), out.get(2));
        assertEquals(List.of("logged out", "error: log in first — /login NAME"), out.subList(3, 5));
        assertEquals(5, out.size(), "/quit ends the program; /help after it is never read: " + out);
        assertEquals(0, run.exitCode());
        assertTrue(Files.isDirectory(home.resolve("alice")));
    }

    @Test
    void whoamiShowsThePeerPortTheClientListensOn() throws Exception {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", PASSWORD, "/whoami");
        int peerPort = registry.nextRequest(RegistryRequest.Login.class).peerPort();
        assertTrue(afterPin(run).get(2).startsWith("you are alice (127.0.0.1:" + peerPort + ", since "), run.out().toString());
    }

    @Test
    void endOfInputLogsOutFirst() throws Exception {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", PASSWORD);
        assertEquals(List.of("password for alice:", "logged in as alice", "logged out"), afterPin(run));
        registry.nextRequest(RegistryRequest.Logout.class);
        assertEquals(0, run.exitCode());
    }

    @Test
    void quitLogsOutFirst() throws Exception {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", PASSWORD, "/quit");
        assertEquals(List.of("password for alice:", "logged in as alice", "logged out"), afterPin(run));
        registry.nextRequest(RegistryRequest.Logout.class);
    }

    @Test
    void inputEndingAtThePasswordQuestionEndsCleanly() {
        PlainRun run = script("/login alice");
        assertEquals(List.of("password for alice:", "error: input ended before the password was given"),
                afterPin(run));
        assertEquals(0, run.exitCode());
    }

    @Test
    void aWrongPasswordShowsTheRegistrysWords() {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", "not the password", "/whoami");
        assertEquals(List.of("password for alice:", "error: wrong username or password",
                "error: log in first — /login NAME"), afterPin(run));
    }

    @Test
    void loggingInWithoutTheKeySaysWhichFolderToCopyFromWhereToWhere() {
        registry.account("alice", PASSWORD);
        registry.refuseLoginsForTheKey("Alice");
        PlainRun run = script("/login Alice", PASSWORD);
        assertEquals(List.of("password for Alice:", "error: this computer has no identity key for Alice, and chat"
                + " needs the one made when you registered: copy the folder ~/.parley/alice (or DIR/alice if parley"
                + " ran there with --home DIR) from the computer where you registered into " + home + "/ on this one,"
                + " then log in again"), afterPin(run));
        assertFalse(Files.exists(home.resolve("alice")), "no folder, and no key, for a login that was refused");
    }

    @Test
    void aRoomPasswordIsAskedTwice() throws Exception {
        registry.account("ann", PASSWORD);
        PlainRun run = script("/login ann", PASSWORD, "/create vault --password", "open sesame", "open sesame",
                "/lock", "new sesame", "new sesame");
        assertEquals(List.of("password for ann:", "logged in as ann",
                "password for #vault:", "repeat the password:", "created #vault — you are its host",
                "new password for #vault:", "repeat the password:", "#vault now: no description, locked with a password",
                "logged out"), afterPin(run));
        assertEquals("open sesame", registry.nextRequest(RegistryRequest.RoomCreate.class).password());
        assertEquals("new sesame", registry.nextRequest(RegistryRequest.RoomUpdate.class).password());
    }

    @Test
    void roomPasswordsThatDoNotMatchCreateOrChangeNothing() throws Exception {
        registry.account("ann", PASSWORD);
        PlainRun run = script("/login ann", PASSWORD, "/create vault --password", "open sesame", "open sesam",
                "/create vault", "/lock", "new sesame", "new sesam", "/lock", "abc");
        assertEquals(List.of("password for ann:", "logged in as ann",
                "password for #vault:", "repeat the password:", "error: the passwords do not match — #vault was not created",
                "created #vault — you are its host",
                "new password for #vault:", "repeat the password:",
                "error: the passwords do not match — #vault is unchanged",
                "new password for #vault:", "error: a room password has 4 to 128 characters",
                "logged out"), afterPin(run));
        assertNull(registry.nextRequest(RegistryRequest.RoomCreate.class).password(),
                "the room made after the mismatch is the open one");
        assertEquals(0, registry.count(RegistryRequest.RoomUpdate.class));
    }

    @Test
    void aSecondClientOfTheSameUserIsToldWhy() {
        registry.account("alice", PASSWORD);
        registry.refuseLogins(Status.CONFLICT, "alice is already logged in from another client", 0);
        PlainRun run = script("/login alice", PASSWORD);
        assertEquals("error: alice is already logged in from another client", afterPin(run).get(1));
    }

    @Test
    void tooManyFailedLoginsSayWhenToTryAgain() {
        registry.refuseLogins(Status.TOO_MANY_REQUESTS, "too many failed logins; try again in 60 s", 60);
        PlainRun run = script("/login alice", PASSWORD);
        assertEquals("error: too many failed logins; try again in 60 s", afterPin(run).get(1));
    }

    @Test
    void aRetryHintTheMessageLacksIsAdded() {
        registry.refuseLogins(Status.TOO_MANY_REQUESTS, "slow down", 3);
        PlainRun run = script("/login alice", PASSWORD);
        assertEquals("error: slow down (try again in 3 s)", afterPin(run).get(1));
    }

    @Test
    void loggingInTwiceIsRefusedWithoutAskingForAPassword() {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", PASSWORD, "/login alice");
        assertEquals(List.of("password for alice:", "logged in as alice",
                "error: already logged in as alice — /logout first", "logged out"), afterPin(run));
    }

    @Test
    void logoutWhenNotLoggedInSaysSo() {
        assertEquals(List.of("error: not logged in"), afterPin(script("/logout")));
    }

    @Test
    void searchSaysOnlineWithAddressOfflineOrNoSuchUser() {
        registry.account("alice", PASSWORD).account("carol", "carol's password")
                .otherOnline("bob", "127.0.0.1", 40311);
        PlainRun run = script("/login alice", PASSWORD, "/search bob", "/search BOB", "/search carol", "/search dave");
        assertEquals(List.of("password for alice:", "logged in as alice",
                "bob is online at 127.0.0.1:40311",
                "bob is online at 127.0.0.1:40311",
                "carol is offline",
                "no user named dave",
                "logged out"), afterPin(run));
    }

    @Test
    void searchNeedsAName() {
        assertEquals(List.of("error: missing required parameter: 'NAME' — usage: /search NAME"),
                afterPin(script("/search")));
    }

    @Test
    void onlineListsNamesOrAddresses() {
        registry.account("alice", PASSWORD).otherOnline("bob", "127.0.0.1", 40311).otherOnline("carol", "10.1.2.3", 40411);
        PlainRun run = script("/login alice", PASSWORD, "/online", "/online --long");
        List<String> out = afterPin(run);
        assertEquals("online: alice, bob, carol", out.get(2));
        assertEquals("online (3):", out.get(3));
        assertTrue(out.get(4).matches("  alice 127\\.0\\.0\\.1:\\d+"), out.get(4));
        assertEquals(List.of("  bob 127.0.0.1:40311", "  carol 10.1.2.3:40411", "logged out"), out.subList(5, 8));
    }

    @Test
    void onlineAloneSaysNobodyElseIsOnline() {
        registry.account("alice", PASSWORD);
        PlainRun run = script("/login alice", PASSWORD, "/online", "/online -l");
        assertEquals(List.of("password for alice:", "logged in as alice", "nobody else is online",
                "nobody else is online", "logged out"), afterPin(run));
    }

    @Test
    void anUnreachableRegistryIsOneLineWithAHint() throws Exception {
        // A port held by a socket that does not listen: refused, and no other test's registry can take it meanwhile.
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int port = holder.getLocalPort();
            PlainRun run = PlainRun.of(List.of("--plain", "--registry", "127.0.0.1:" + port, "--home", home.toString()),
                    Map.of(), "/login alice", "/register bob");
            String line = "error: cannot reach the registry at 127.0.0.1:" + port + ": connection refused — is it running?"
                    + " (--registry host:port)";
            assertEquals(List.of(line, line, line), run.out(), "at start, then for each command that needs the registry");
            assertEquals(List.of(), run.err());
        }
    }

    @Test
    void aChangedRegistryCertificateIsRefusedLoudly() throws Exception {
        Files.writeString(home.resolve("known_registries"), registry.address() + " "
                + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\n");
        PlainRun run = script("/login alice");
        assertEquals("error: the registry at " + registry.address() + " presented a DIFFERENT certificate than the"
                + " one pinned — refusing to connect", run.out().get(0));
        assertEquals("  presented: SHA-256 " + registry.certificate().fingerprint(), run.out().get(2));
        assertTrue(run.out().get(4).contains("remove the line for " + registry.address() + " from "
                + home.resolve("known_registries")), run.out().get(4));
        assertEquals(10, run.out().size(), "at start and at /login, no password asked for: " + run.out());
        assertEquals(run.out().subList(0, 5), run.out().subList(5, 10));
    }

    @Test
    void aLostRegistryIsAnnouncedAndWonBack() throws Exception {
        registry.account("alice", PASSWORD);
        try (PlainClient parley = new PlainClient(args())) {
            parley.type("/login alice");
            parley.awaitLine("password for alice:");
            parley.type(PASSWORD);
            parley.awaitLine("logged in as alice");
            registry.nextRequest(RegistryRequest.ReceiptFetch.class); // the fetches after login are read
            registry.sayBye(Status.UNAVAILABLE, "the registry is shutting down");
            assertEquals("the registry closed the link: the registry is shutting down", parley.nextLine());
            assertEquals("lost the registry — reconnecting…", parley.nextLine());
            assertEquals("reconnected", parley.nextLine());
            parley.type("/whoami");
            assertTrue(parley.nextLine().startsWith("you are alice (127.0.0.1:"));
            assertEquals(0, parley.finish());
            assertEquals(List.of("logged out"), parley.drain());
        }
    }

    @Test
    void whenItsRegistryNodeGoesAwayTheSessionCarriesOnWithAnotherOneAndSaysSoOnce() throws Exception {
        registry.account("alice", PASSWORD);
        try (FakeRegistry otherNode = FakeRegistry.start(registry.certificate()).account("alice", PASSWORD);
                PlainClient parley = new PlainClient(List.of("--plain", "--registry",
                        registry.address() + ", " + otherNode.address(), "--home", home.toString()))) {
            parley.type("/login alice");
            parley.awaitLine("password for alice:");
            parley.type(PASSWORD);
            parley.awaitLine("logged in as alice");
            registry.nextRequest(RegistryRequest.ReceiptFetch.class); // the fetches after login are read

            registry.close(); // the node dies

            assertEquals("lost the registry — reconnecting…", parley.nextLine());
            assertEquals("the registry at " + registry.address() + " is gone; carrying on with " + otherNode.address(),
                    parley.nextLine());
            assertEquals("reconnected", parley.nextLine());
            parley.type("/whoami");
            assertTrue(parley.nextLine().startsWith("you are alice (127.0.0.1:"));
            otherNode.nextRequest(RegistryRequest.Whoami.class);
            assertEquals(0, parley.finish());
            assertEquals(List.of("logged out"), parley.drain());
            String fingerprint = registry.certificate().fingerprint();
            assertEquals(List.of(registry.address() + " " + fingerprint, otherNode.address() + " " + fingerprint),
                    Files.readAllLines(home.resolve("known_registries")), "one certificate, pinned for both nodes");
        }
    }

    @Test
    void commandsWhileReconnectingSayTheRegistryIsNotConnected() throws Exception {
        registry.account("alice", PASSWORD);
        try (PlainClient parley = new PlainClient(args())) {
            parley.type("/login alice");
            parley.type(PASSWORD);
            parley.awaitLine("logged in as alice");
            var held = registry.holdLogins();
            registry.dropLinks();
            assertEquals("lost the registry — reconnecting…", parley.nextLine());
            parley.type("/online");
            assertEquals("error: not connected to the registry (reconnecting)", parley.nextLine());
            held.countDown();
            assertEquals("reconnected", parley.nextLine());
        }
    }
}
