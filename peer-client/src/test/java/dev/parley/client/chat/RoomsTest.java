package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.ClientException;
import dev.parley.client.identity.Identity;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.testing.RawPeer;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Room messages between real peer nodes on loopback; the registry's bookkeeping is an in-process fake. */
class RoomsTest extends RoomPeersTest {

    @Test
    void aRoomMessageReachesEveryMemberOnceWithReceiptsFromAll() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("lobby", null, null, null);
        alice.screen.await("created #lobby — you are its host");
        List<TestPeer> others = new ArrayList<>();
        for (String n : List.of("bob", "carol", "dave")) {
            TestPeer p = peer(n);
            p.rooms.join("lobby", null);
            others.add(p);
        }
        alice.screen.await("dave joined #lobby");
        alice.rooms.send("lobby", "hello room").get(10, TimeUnit.SECONDS);
        alice.screen.await("delivered to 3 of 3 in #lobby: \"hello room\"");
        for (TestPeer p : others) {
            p.screen.await("#lobby alice: hello room");
            assertEquals(1, p.screen.count("#lobby alice: hello room"));
        }
        alice.rooms.receipts("lobby");
        alice.screen.await("#lobby \"hello room\": delivered to bob, carol, dave — everyone has it");
    }

    @Test
    void onlyTheHostIsAskedForANewPassword() throws Exception {
        TestPeer carol = peer("carol");
        carol.rooms.create("lobby", null, null, null);
        TestPeer bob = peer("bob");
        bob.rooms.join("lobby", null);
        bob.screen.await("joined #lobby (2/50, host carol): bob, carol");
        ClientException refused = assertThrows(ClientException.class, () -> bob.rooms.requireHost("#lobby"));
        assertEquals("only the host of #lobby can do that — the host is carol", refused.getMessage());
        carol.rooms.requireHost("lobby");
        assertThrows(ClientException.class, () -> carol.rooms.requireHost("attic"), "not in #attic");
    }

    @Test
    void aMemberHearsOfATopicChangeEvenWhenAMemberListBroughtItFirst() throws Exception {
        TestPeer carol = peer("carol");
        carol.rooms.create("lobby", null, null, null);
        TestPeer bob = peer("bob");
        bob.rooms.join("lobby", null);
        bob.screen.await("joined #lobby (2/50, host carol): bob, carol");
        RegistryEvent.RoomUpdated tea = new RegistryEvent.RoomUpdated("lobby", "tea at four", false);
        bob.rooms.registryEvent(tea);
        bob.screen.await("#lobby now: \"tea at four\", open");
        bob.rooms.registryEvent(tea); // a member list fetched in between already said so: still a change to tell
        assertEquals(2, bob.screen.count("#lobby now: \"tea at four\", open"));
        carol.rooms.registryEvent(tea);
        carol.rooms.registryEvent(tea); // as the event of her own change, after its answer told her
        assertEquals(1, carol.screen.count("#lobby now:"), "the host is not told her own change twice");
    }

    @Test
    void memberListsAreAlphabeticalWhateverOrderTheRegistryGives() throws Exception {
        TestPeer carol = peer("carol");
        carol.rooms.create("lobby", null, null, null);
        carol.screen.await("created #lobby — you are its host");
        peer("bob").rooms.join("lobby", null);
        TestPeer alice = peer("alice");
        alice.rooms.join("lobby", null); // the registry lists them as they came: carol, bob, alice
        alice.screen.await("joined #lobby (3/50, host carol): alice, bob, carol");
        carol.screen.await("alice joined #lobby");
        carol.rooms.members("lobby");
        carol.screen.await("#lobby (3/50, host carol): alice, bob, carol");
        alice.rooms.switchTo("#lobby");
        assertEquals(List.of("*#lobby"), alice.rooms.describe(), "/conversations lists the room, current");
    }

    @Test
    void anUnreachableMemberIsNamedNotSkipped() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("lobby", null, null, null);
        TestPeer bob = peer("bob");
        bob.rooms.join("lobby", null);
        TestPeer carol = peer("carol");
        carol.rooms.join("lobby", null);
        alice.screen.await("carol joined #lobby");
        carol.node.close(); // carol's client is gone, the registry has not noticed yet
        alice.rooms.send("lobby", "still there?").get(15, TimeUnit.SECONDS);
        String line = alice.screen.await("delivered to 1 of 2 in #lobby");
        assertTrue(line.contains("not reached: carol ("), line);
        alice.rooms.receipts("lobby");
        alice.screen.await("delivered to bob; not yet: carol (");
    }

    @Test
    void aMemberThatDropsMidSendIsNamedAtOnce() throws Exception {
        TestPeer alice = roomWithBob();
        try (RawPeer mallory = memberOverRawLink(alice, "mallory")) {
            CompletableFuture<Void> sent = alice.rooms.send("lobby", "are you there?");
            assertInstanceOf(PeerRequest.RoomMessage.class, mallory.readRequest());
            mallory.close(); // gone between reading the message and answering it
            sent.get(5, TimeUnit.SECONDS); // long before the 10 s receipt deadline
        }
        String line = alice.screen.await("delivered to 1 of 2 in #lobby");
        assertTrue(line.contains("not reached: mallory (") && !line.contains("no receipt"), line);
    }

    @Test
    void aMemberThatNeverAnswersIsNamedWhenTheReceiptIsDue() throws Exception {
        TestPeer alice = roomWithBob();
        try (RawPeer mallory = memberOverRawLink(alice, "mallory")) {
            long start = System.nanoTime();
            CompletableFuture<Void> sent = alice.rooms.send("lobby", "hello?");
            assertInstanceOf(PeerRequest.RoomMessage.class, mallory.readRequest()); // read, never answered
            sent.get(ChatMessage.ACK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start >= ChatMessage.ACK_TIMEOUT.toNanos());
        }
        alice.screen.await("delivered to 1 of 2 in #lobby: \"hello?\" — not reached: mallory (no receipt within 10 s)");
        alice.rooms.receipts("lobby");
        alice.screen.await("delivered to bob; not yet: mallory (no receipt within 10 s)");
    }

    /** alice hosts #lobby with bob in it. */
    private TestPeer roomWithBob() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("lobby", null, null, null);
        peer("bob").rooms.join("lobby", null);
        alice.screen.await("bob joined #lobby");
        return alice;
    }

    /** A member of #lobby whose client is a raw link to alice, opened by it and driven by the test. */
    private RawPeer memberOverRawLink(TestPeer alice, String name) throws Exception {
        Identity identity = Identity.create(name);
        directory.put(new UserPresence(name, true, "127.0.0.1", 1, Optional.of(identity.publicKeyText())));
        registry.addQuietly("lobby", name);
        alice.rooms.registryEvent(new RegistryEvent.RoomJoined("lobby", new RegistryAnswer.RoomMember(name,
                RegistryAnswer.Role.MEMBER, Instant.now(), true, "127.0.0.1", 1, identity.publicKeyText())));
        alice.screen.await(name + " joined #lobby");
        RawPeer raw = new RawPeer(identity, alice.port);
        assertEquals(Status.OK, raw.hello(name).status());
        // Once this is answered, alice has taken the link for her messages to this member.
        raw.request("hi-" + name, new PeerRequest.RoomMessage("lobby", Instant.now(), "hi"));
        assertEquals(Status.OK, raw.read().status());
        return raw;
    }

    @Test
    void aMessageFromSomeoneTheRegistryDoesNotListIsDroppedAndReported() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("lobby", null, null, null);
        Identity mallory = Identity.create("mallory");
        directory.put(new UserPresence("mallory", true, "127.0.0.1", 1, Optional.of(mallory.publicKeyText())));
        try (RawPeer raw = new RawPeer(mallory, alice.port)) {
            assertEquals(Status.OK, raw.hello("mallory").status());
            raw.request("m1", new PeerRequest.RoomMessage("lobby", Instant.now(), "let me in"));
            Frame answer = raw.read();
            assertEquals(Status.FORBIDDEN, answer.status());
            assertEquals("mallory is not in lobby", answer.message());
        }
        alice.screen.await("WARNING: dropped a message in #lobby from mallory, who is not in the room");
        assertEquals(0, alice.screen.count("let me in"));
    }

    @Test
    void aMemberTheRegistryListsButWhoseJoinEventIsLateIsAccepted() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("lobby", null, null, null);
        TestPeer bob = peer("bob");
        registry.quietTowards("alice"); // alice has not heard of bob yet
        bob.rooms.join("lobby", null);
        bob.rooms.send("lobby", "hi, I just came in").get(10, TimeUnit.SECONDS);
        alice.screen.await("#lobby bob: hi, I just came in");
        bob.screen.await("delivered to 1 of 1 in #lobby");
    }

    @Test
    void aMessageForARoomYouAreNotInIsRefused() throws Exception {
        TestPeer alice = peer("alice");
        TestPeer bob = peer("bob");
        try (RawPeer raw = new RawPeer(bob.identity, alice.port)) {
            raw.hello("bob");
            raw.request("m2", new PeerRequest.RoomMessage("elsewhere", Instant.now(), "psst"));
            assertEquals("you are not in elsewhere", raw.read().message());
        }
        assertEquals(0, alice.screen.count("psst"));
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        TestPeer alice = roomWithBob();
        ClientException e = assertThrows(ClientException.class, () -> alice.rooms.send("lobby", "x".repeat(4001)));
        assertEquals("the message is 4001 characters; the limit is 4000 — nothing was sent", e.getMessage());
        alice.rooms.history("lobby", 10);
        alice.screen.await("no history with #lobby");
    }

    @Test
    void aloneInARoomTheMessageIsOnlyKept() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("quiet", null, null, null);
        alice.rooms.send("quiet", "echo?").get(5, TimeUnit.SECONDS);
        alice.screen.await("nobody else is in #quiet");
    }
}
