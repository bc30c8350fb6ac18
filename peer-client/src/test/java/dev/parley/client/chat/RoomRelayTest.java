package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.FakeMailbox;
import dev.parley.client.testing.TestPeer;
import java.net.ServerSocket;
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
}
