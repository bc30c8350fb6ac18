package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.registry.RegistryEvent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rooms a client shows follow the registry's word: after a session won back or a login (the
 * LOGIN answer lists the rooms), when a room request finds the user is no longer in a room, and
 * when the registry takes the user out. No buffer stays for a room the user is not in, and the
 * user is told why. Real peer nodes on loopback; the registry's bookkeeping is an in-process fake.
 */
class RoomReconcileTest extends RoomPeersTest {

    /** alice hosts #hall with bob in it; both clients show it. */
    private TestPeer[] hallWithAliceAndBob() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("hall", null, null, null);
        TestPeer bob = peer("bob");
        bob.rooms.join("hall", null);
        alice.screen.await("bob joined #hall");
        return new TestPeer[] {alice, bob};
    }

    @Test
    void aRoomTheRegistryNoLongerListsIsDroppedWithANoticeAndCanBeJoinedAgain() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer bob = p[1];
        registry.removeQuietly("hall", "bob"); // bob's session ended while his link was down

        bob.rooms.reconcile(List.of());

        bob.screen.await("you are no longer in #hall — your session ended while the registry was out of reach;"
                + " /join hall to go back");
        assertEquals(List.of(), bob.rooms.names());
        assertEquals(Optional.empty(), bob.buffers.current(), "no buffer for a room bob is not in");
        ClientException e = assertThrows(ClientException.class, () -> bob.rooms.send("#hall", "anyone?"));
        assertEquals("you are not in #hall — /join hall", e.getMessage());

        bob.rooms.join("hall", null);
        bob.screen.await("joined #hall (2/50, host alice): alice, bob");
        bob.rooms.send("hall", "back again").get(10, TimeUnit.SECONDS);
        p[0].screen.await("#hall bob: back again");
    }

    @Test
    void aRoomThatIsGoneIsDroppedAndTheNoticeSaysSo() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("attic", null, null, null);
        registry.removeQuietly("attic", "alice"); // the last member out: the room is deleted

        alice.rooms.reconcile(List.of());

        alice.screen.await("you are no longer in #attic — your session ended while the registry was out of reach;"
                + " the room is gone (/create attic makes it again)");
        assertEquals(List.of(), alice.rooms.names());
    }

    @Test
    void aListedRoomStaysQuietlyWithTheMembersItGainedMeanwhile() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer alice = p[0];
        TestPeer carol = peer("carol");
        registry.addQuietly("hall", "carol"); // joined while alice's link was down: she heard nothing
        carol.rooms.reconcile(List.of("hall"));
        int shownBefore = alice.screen.lines().size();

        alice.rooms.reconcile(List.of("hall"));

        assertEquals(List.of("#hall"), alice.rooms.names());
        assertEquals(shownBefore, alice.screen.lines().size(), "nothing to tell: alice is still in #hall");
        alice.rooms.send("hall", "hello both").get(10, TimeUnit.SECONDS);
        alice.screen.await("delivered to 2 of 2 in #hall: \"hello both\"");
        carol.screen.await("#hall alice: hello both");
    }

    @Test
    void aRoomTheRegistryKeptFromTheLastSessionIsTakenUpAtLogin() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer carol = peer("carol");
        registry.addQuietly("hall", "carol"); // carol was in #hall before the registry restarted

        carol.rooms.reconcile(List.of("hall"));

        carol.screen.await("you are still in #hall (3/50, host alice): alice, bob, carol");
        assertEquals(Optional.of("#hall"), carol.buffers.current());
        p[1].rooms.reconcile(List.of("hall")); // bob is back too, and learns where carol's client listens now
        p[1].rooms.send("hall", "welcome back").get(10, TimeUnit.SECONDS);
        carol.screen.await("#hall bob: welcome back");
    }

    @Test
    void aRoomEnteredAfterTheListingWasMadeIsNotDropped() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer bob = p[1];

        bob.rooms.reconcile(List.of()); // a listing from before bob's join

        assertEquals(List.of("#hall"), bob.rooms.names());
        assertEquals(0, bob.screen.count("no longer in"));
    }

    @Test
    void joiningARoomTheClientShowsButTheRegistryDoesNotJoinsIt() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer bob = p[1];
        registry.removeQuietly("hall", "bob");

        bob.rooms.join("hall", null);

        bob.screen.await("joined #hall (2/50, host alice): alice, bob");
        assertEquals(List.of("#hall"), bob.rooms.names());
        bob.rooms.join("hall", null);
        bob.screen.await("you are already in #hall — now in #hall");
        assertEquals(java.util.Optional.of("#hall"), bob.buffers.current());
    }

    @Test
    void joiningARoomTheClientShowsButThatIsGoneDropsItsBuffer() throws Exception {
        TestPeer alice = peer("alice");
        alice.rooms.create("attic", null, null, null);
        registry.removeQuietly("attic", "alice");

        RegistryRefusedException e = assertThrows(RegistryRefusedException.class, () -> alice.rooms.join("attic", null));

        assertEquals("no room named attic", e.getMessage());
        assertEquals(List.of(), alice.rooms.names());
        assertEquals(Optional.empty(), alice.buffers.current());
    }

    @Test
    void joiningARoomTheRegistryHasYouInButTheClientDoesNotShowTakesItUp() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer carol = peer("carol");
        registry.addQuietly("hall", "carol");

        carol.rooms.join("hall", null);

        carol.screen.await("you are already in #hall — now in #hall");
        assertEquals(List.of("#hall"), carol.rooms.names(), "carol can now use the room she is in");
        carol.rooms.send("hall", "hi all").get(10, TimeUnit.SECONDS);
        carol.screen.await("delivered to 2 of 2 in #hall: \"hi all\"");
        p[0].screen.await("#hall carol: hi all");
    }

    @Test
    void leavingARoomTheRegistryHadAlreadyTakenYouOutOfLeavesIt() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer bob = p[1];
        registry.removeQuietly("hall", "bob");

        bob.rooms.leave("hall");

        bob.screen.await("left #hall — the registry had already taken you out");
        assertEquals(List.of(), bob.rooms.names());
    }

    @Test
    void askingForTheMembersOfARoomYouAreNoLongerInDropsIt() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer bob = p[1];
        registry.removeQuietly("hall", "bob");

        RegistryRefusedException e = assertThrows(RegistryRefusedException.class, () -> bob.rooms.members("hall"));

        assertEquals("you are not in hall", e.getMessage());
        bob.screen.await("you are no longer in #hall — the registry does not have you in it; /join hall to go back");
        assertEquals(List.of(), bob.rooms.names());
    }

    @Test
    void aMessageForARoomTheRegistryTookYouOutOfIsRefusedAndTheRoomDropped() throws Exception {
        TestPeer[] p = hallWithAliceAndBob();
        TestPeer alice = p[0];
        TestPeer bob = p[1];
        TestPeer carol = peer("carol");
        registry.addQuietly("hall", "carol");
        carol.rooms.reconcile(List.of("hall"));
        registry.removeQuietly("hall", "bob"); // bob's client has not heard yet

        // carol's message reaches bob, who checks the sender with the registry and learns he is out.
        carol.rooms.send("hall", "who is here?").get(15, TimeUnit.SECONDS);

        bob.screen.await("you are no longer in #hall — the registry does not have you in it; /join hall to go back");
        assertEquals(0, bob.screen.count("who is here?"));
        assertEquals(List.of(), bob.rooms.names());
        alice.screen.await("#hall carol: who is here?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kicked  | you were kicked from #hall",
            "banned  | you were banned from #hall",
            "offline | you are no longer in #hall — the registry counted you offline; /join hall to go back"})
    void theRegistryTakingYouOutSaysWhy(String reason, String shown) throws Exception {
        TestPeer bob = hallWithAliceAndBob()[1];

        bob.rooms.registryEvent(new RegistryEvent.RoomLeft("hall", "bob",
                RegistryEvent.LeaveReason.valueOf(reason.toUpperCase(Locale.ROOT))));

        assertEquals(shown, bob.screen.await(shown));
        assertEquals(List.of(), bob.rooms.names());
        assertEquals(Optional.empty(), bob.buffers.current());
    }
}
