package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.client.mail.SealedMail;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.FakeMailbox;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.mail.Letter;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A room member whose port cannot be reached gets room messages through the registry, with receipts. */
class RoomRelayTest extends RoomPeersTest {
    private final FakeMailbox mailbox = new FakeMailbox(directory);

    @Test
    void aMemberNoDirectLinkReachesGetsTheMessageRelayedAndItCountsAsDelivered() throws Exception {
        TestPeer alice = peer("alice");
        TestPeer bob = peer("bob");
        TestPeer carol = peer("carol");
        for (TestPeer p : new TestPeer[] {alice, bob, carol}) {
            p.useMail(mailbox);
        }
        alice.rooms.create("lobby", null, null, null);
        bob.rooms.join("lobby", null);
        carol.rooms.join("lobby", null);
        alice.screen.await("carol joined #lobby");
        int nobodyListens;
        try (ServerSocket s = new ServerSocket(0)) {
            nobodyListens = s.getLocalPort();
        }
        // carol is online, but where the registry says she is, nobody answers (a NAT, a firewall).
        directory.put(new UserPresence("carol", true, "127.0.0.1", nobodyListens,
                Optional.of(carol.identity.publicKeyText())));

        alice.rooms.send("lobby", "over the registry too").get(15, TimeUnit.SECONDS);
        alice.screen.await("delivered to 2 of 2 in #lobby: \"over the registry too\"");
        bob.screen.await("#lobby alice: over the registry too");
        carol.screen.await("#lobby alice: over the registry too");
        assertEquals(0, mailbox.waitingFor("carol"), "acknowledged, so gone from the mailbox");
    }

    /**
     * alice's message to #lobby was left on the registry for carol, who has left the room since
     * (as a crash leaves every room): it is kept in carol's history of the room and acknowledged,
     * not refused at every login; one for a room carol was never in, or from someone she never saw
     * there, is refused.
     */
    @Test
    void aRelayedMessageOfARoomLeftSinceIsKeptInItsHistoryAndOneOfAnotherRoomIsRefused() throws Exception {
        TestPeer alice = peer("alice");
        TestPeer carol = peer("carol");
        carol.useMail(mailbox);
        alice.rooms.create("lobby", null, null, null);
        TestPeer dave = peer("dave");
        carol.rooms.join("lobby", null);
        alice.rooms.send("lobby", "welcome, carol").get(15, TimeUnit.SECONDS);
        carol.screen.await("#lobby alice: welcome, carol");
        carol.rooms.leave("lobby");
        alice.screen.await("carol left #lobby");

        mailbox.as("alice").deposit(SealedMail.seal(alice.identity, "alice", "carol", carol.identity.publicKey(), "r-1",
                new Letter(Instant.now(), "written while you were here", null, "lobby")));
        carol.screen.await("alice's message in #lobby from before you left it came through the registry — /history #lobby"
                + " shows it");
        awaitWaiting("carol", 0);
        carol.rooms.history("lobby", 5);
        carol.screen.await("alice: written while you were here");

        mailbox.as("alice").deposit(SealedMail.seal(alice.identity, "alice", "carol", carol.identity.publicKey(), "r-2",
                new Letter(Instant.now(), "elsewhere", null, "attic")));
        carol.screen.await("it is for #attic, which you are not in");
        assertEquals(1, mailbox.waitingFor("carol"), "refused: left on the registry");
        // Anyone can name a room in a letter: one from someone never seen in #lobby here is refused too.
        mailbox.as("dave").deposit(SealedMail.seal(dave.identity, "dave", "carol", carol.identity.publicKey(), "r-3",
                new Letter(Instant.now(), "I was never there", null, "lobby")));
        carol.screen.await("it is for #lobby, which you are not in");
        assertEquals(2, mailbox.waitingFor("carol"));
    }

    private void awaitWaiting(String user, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mailbox.waitingFor(user) != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, mailbox.waitingFor(user));
    }
}
