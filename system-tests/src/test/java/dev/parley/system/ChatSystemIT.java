package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.client.peer.PeerTls;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One-to-one chat as people do it: a registry started by bin/registry and real {@code parley
 * --plain} processes talking directly to each other over mutually authenticated TLS.
 */
class ChatSystemIT {
    private static final String PASSWORD = ParleyProcess.PASSWORD;
    private static final String TIME = "\\d\\d:\\d\\d ";
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(RegistryProcess.tempHome("chat-registry"), Map.of());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static ParleyProcess client(String user, Path home) throws Exception {
        return ParleyProcess.start(user, home, registry.address());
    }

    private static ParleyProcess registered(String user) throws Exception {
        return ParleyProcess.online(user, RegistryProcess.tempHome(user), registry.address());
    }

    @Test
    void twoPeopleChatWithReceiptsThenOneEndsIt() throws Exception {
        try (ParleyProcess alice = registered("alice"); ParleyProcess bob = registered("bob")) {
            ParleyProcess.converse(alice, "alice", bob, "bob");

            alice.send("hello bob, see https://example.org");
            alice.await(l -> l.matches(TIME + "alice: hello bob, see https://example.org — sent"), "the sent line");
            bob.await(l -> l.matches(TIME + "alice: hello bob, see https://example.org"), "alice's message");
            alice.await(l -> l.matches("delivered to bob at \\d\\d:\\d\\d:\\d\\d: \"hello bob, see https://example.org\""),
                    "the delivery receipt");

            bob.send("hi **alice**");
            alice.await(l -> l.matches(TIME + "bob: hi \\*\\*alice\\*\\*"), "bob's message");
            bob.awaitStart("delivered to alice at ");

            bob.send("/history alice");
            bob.await(l -> l.matches(TIME + "alice: hello bob, see https://example.org"), "history: alice's line");
            bob.await(l -> l.matches(TIME + "bob: hi \\*\\*alice\\*\\* — delivered \\d\\d:\\d\\d"), "history: bob's line");

            bob.send("/exit").awaitLine("ended the conversation with alice");
            alice.awaitLine("bob ended the conversation");
            alice.send("anyone?").awaitLine("error: not in a conversation — /chat NAME starts one, /help lists commands");

            long shown = bob.seen().stream().filter(l -> l.matches(TIME + "alice: hello bob, see https://example.org")).count();
            assertEquals(2, shown, "once as it arrived, once in /history");
        }
    }

    @Test
    void rejectedAndBusyRequestsAreReported() throws Exception {
        try (ParleyProcess carol = registered("carol"); ParleyProcess dave = registered("dave")) {
            carol.send("/chat dave").awaitLine("asked dave to chat — waiting for an answer");
            dave.awaitLine("carol wants to chat — /accept carol or /reject carol");
            dave.send("/reject carol").awaitLine("rejected carol");
            carol.awaitLine("dave rejected the chat");

            dave.send("/busy on").awaitLine("do not disturb is on — chat requests are answered busy");
            carol.send("/chat dave").awaitLine("asked dave to chat — waiting for an answer");
            carol.awaitLine("dave is busy (do not disturb)");
            dave.awaitLine("carol asked to chat; answered busy (do not disturb is on)");

            carol.send("/chat carol").awaitLine("error: that is you — chat with someone else");
            carol.send("/chat nobody1").awaitLine("error: no user named nobody1");
        }
    }

    @Test
    void logoutTellsOpenConversations() throws Exception {
        try (ParleyProcess erin = registered("erin"); ParleyProcess frank = registered("frank")) {
            ParleyProcess.converse(erin, "erin", frank, "frank");
            erin.send("/logout").awaitLine("logged out");
            frank.awaitLine("erin logged out — the conversation goes on, and what you write waits for erin");
            // The conversation was not ended by either: it goes on, and what frank writes waits for erin
            // on the registry, sealed.
            frank.send("see you tomorrow");
            frank.awaitLine("erin is offline — it will wait for erin on the registry (sealed: only erin can read it)");
        }
    }

    @Test
    void anImpostorClaimingSomeonesNameIsRefused() throws Exception {
        try (ParleyProcess grace = registered("grace"); ParleyProcess heidi = registered("heidi")) {
            heidi.send("/search grace");
            String where = heidi.awaitStart("grace is online at ");
            int port = Integer.parseInt(where.substring(where.lastIndexOf(':') + 1));
            // Someone with a key of their own connects to grace's client and says it is heidi.
            Identity mallory = Identity.create("heidi");
            try (SSLSocket s = new PeerTls(mallory).connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5))) {
                s.setSoTimeout(10_000);
                new FrameWriter(s.getOutputStream(), Limits.MAX_FRAME_BYTES).write(Frame.request("h",
                        new PeerRequest.Hello(ProtocolVersion.CURRENT, "heidi")));
                Frame answer = new FrameReader(s.getInputStream(), Limits.MAX_FRAME_BYTES).read();
                assertEquals(Status.FORBIDDEN, answer.status());
                assertTrue(answer.message().contains("someone may be impersonating heidi"), answer.message());
            }
            grace.await(l -> l.startsWith("WARNING: refused a peer link from 127.0.0.1 claiming to be heidi: WARNING:"
                    + " the peer claiming to be heidi presented key "), "the impersonation warning");
            // The real heidi still gets through.
            ParleyProcess.converse(heidi, "heidi", grace, "grace");
        }
    }

    @Test
    void loggingInFromAComputerWithoutTheKeyIsExplained() throws Exception {
        try (ParleyProcess ivan = registered("ivan")) {
            ivan.send("/logout").awaitLine("logged out");
        }
        Path elsewhere = RegistryProcess.tempHome("ivan-laptop");
        try (ParleyProcess laptop = client("ivan-laptop", elsewhere)) {
            laptop.send("/login ivan").awaitLine("password for ivan:");
            laptop.send(PASSWORD);
            String reason = laptop.awaitStart("error: this computer has no identity key for ivan");
            // Both sides named: the folder on the computer where ivan registered, and this computer's home.
            assertTrue(reason.contains("copy the folder ~/.parley/ivan "), reason);
            assertTrue(reason.contains(" into " + elsewhere.toAbsolutePath().normalize() + File.separator + " on this one"),
                    reason);
            assertTrue(!Files.exists(elsewhere.resolve("ivan").resolve("identity.key")), "no stray key was saved");
        }
    }

    @Test
    void verifyShowsBothFingerprints() throws Exception {
        try (ParleyProcess judy = registered("judy"); ParleyProcess karl = registered("karl")) {
            judy.send("/verify karl").awaitLine("your fingerprint (judy):");
            String mine = judy.awaitStart("  ");
            judy.awaitLine("karl's fingerprint (registry):");
            String his = judy.awaitStart("  ");
            judy.awaitLine("not pinned yet: it will be pinned when you first chat");
            karl.send("/verify judy").awaitLine("your fingerprint (karl):");
            assertEquals(his, karl.awaitStart("  "));
            karl.awaitLine("judy's fingerprint (registry):");
            assertEquals(mine, karl.awaitStart("  "));
            assertTrue(mine.strip().matches("([0-9A-F]{4} ){15}[0-9A-F]{4}"), mine);
        }
    }
}
