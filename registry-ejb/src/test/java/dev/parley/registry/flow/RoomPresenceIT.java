package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.create;
import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.leave;
import static dev.parley.registry.flow.RoomSteps.leftFrom;
import static dev.parley.registry.flow.RoomSteps.list;
import static dev.parley.registry.flow.RoomSteps.memberNames;
import static dev.parley.registry.flow.RoomSteps.members;
import static dev.parley.registry.flow.RoomSteps.ok;
import static dev.parley.registry.flow.RoomSteps.refused;
import static dev.parley.registry.flow.RoomSteps.room;
import static dev.parley.registry.flow.RoomSteps.roomName;
import static dev.parley.registry.flow.RoomSteps.roomsNamed;
import static dev.parley.registry.flow.RoomSteps.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.registry.RegistryEvent.RoomHost;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Membership is presence: hosts hand over when they leave or their session ends, a room goes when
 * its last member does, a resumed session keeps its rooms and its LOGIN answer says which. What a
 * restart leaves is RoomSweepIT's.
 */
@ExtendWith(ArquillianExtension.class)
class RoomPresenceIT {

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    /** A room hosted by {@code a} that {@code b} and {@code c} joined in that order. */
    private static void threeInARoom(String room, TestLink a, TestLink b, TestLink c) throws Exception {
        ok(create(a, room), Status.CREATED);
        ok(join(b, room), Status.OK);
        ok(join(c, room), Status.OK);
    }

    /** {@code told} hears that {@code who} left for {@code reason} and then that {@code host} hosts now. */
    private static void hearsHandOver(TestLink told, String room, String who, LeaveReason reason, String host)
            throws Exception {
        // Up to three keepalive intervals (1 s in tests) and the once-a-second sweep for an ended session.
        RoomLeft left = told.awaitEvent(RoomLeft.class, leftFrom(room, who), 8000);
        assertEquals(reason, left.reason());
        RoomHost hosted = told.awaitEvent(RoomHost.class, e -> room.equals(e.room()), 1000);
        assertEquals(host, hosted.host());
    }

    private static void assertHost(TestLink asker, String room, String host, List<String> members) throws Exception {
        RoomView view = room(ok(members(asker, room), Status.OK));
        assertEquals(host, view.host());
        assertEquals(members, memberNames(view));
        assertEquals(Role.HOST, view.members().get(0).role());
        for (int i = 1; i < members.size(); i++) {
            assertEquals(Role.MEMBER, view.members().get(i).role());
        }
    }

    @Test
    void whenTheHostLeavesTheEarliestMemberHostsAndEveryoneHears() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        String lobby = roomName("handover");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol)) {
            threeInARoom(lobby, a, b, c);

            ok(leave(a, lobby), Status.OK);

            hearsHandOver(b, lobby, alice, LeaveReason.LEFT, bob);
            hearsHandOver(c, lobby, alice, LeaveReason.LEFT, bob);
            assertHost(c, lobby, bob, List.of(bob, carol));
        }
    }

    @Test
    void whenTheHostsKeepalivesStopTheRoomIsHandedOver() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        String lobby = roomName("silent");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol)) {
            threeInARoom(lobby, a, b, c);

            a.stopKeepalives();

            hearsHandOver(b, lobby, alice, LeaveReason.OFFLINE, bob);
            hearsHandOver(c, lobby, alice, LeaveReason.OFFLINE, bob);
            assertHost(b, lobby, bob, List.of(bob, carol));
        }
    }

    @Test
    void whenTheHostsLinkClosesAndNobodyResumesTheRoomIsHandedOver() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        String lobby = roomName("closed");
        try (TestLink b = user(bob); TestLink c = user(carol)) {
            TestLink a = user(alice);
            threeInARoom(lobby, a, b, c);

            a.close();

            hearsHandOver(b, lobby, alice, LeaveReason.OFFLINE, bob);
            hearsHandOver(c, lobby, alice, LeaveReason.OFFLINE, bob);
            assertHost(c, lobby, bob, List.of(bob, carol));
        }
    }

    @Test
    void aMemberWhoseLinkDroppedIsShownOfflineUntilTheSessionEnds() throws Exception {
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("dropped");
        try (TestLink a = user(TestLink.uniqueName("al"))) {
            TestLink b = user(bob);
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);

            b.close();

            RoomMember shown = null;
            long start = System.nanoTime();
            while (shown == null && System.nanoTime() - start < 2_000_000_000L) {
                RoomView view = room(ok(members(a, lobby), Status.OK));
                if (view.memberCount() == 2 && !view.members().get(1).online()) {
                    shown = view.members().get(1);
                }
                Thread.sleep(50);
            }
            assertNotNull(shown, bob + " is shown offline while the session may still resume");
            assertEquals(bob, shown.username());
            assertNull(shown.address());
            assertNull(shown.peerPort());
            a.awaitEvent(RoomLeft.class, leftFrom(lobby, bob), 8000);
        }
    }

    @Test
    void loggingOutLeavesEveryRoomAndKeepsTheLink() throws Exception {
        String bob = TestLink.uniqueName("bob");
        String one = roomName("out1");
        String two = roomName("out2");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(bob)) {
            ok(create(a, one), Status.CREATED);
            ok(create(a, two), Status.CREATED);
            ok(join(b, one), Status.OK);
            ok(join(b, two), Status.OK);

            ok(b.request(new Logout()), Status.OK);

            for (String room : List.of(one, two)) {
                RoomLeft left = a.awaitEvent(RoomLeft.class, leftFrom(room, bob));
                assertEquals(LeaveReason.OFFLINE, left.reason());
                assertEquals(1, room(members(a, room)).memberCount());
            }
            assertEquals(Status.UNAUTHORIZED, b.request(new Whoami()).status(), "the link stays, logged out");
        }
    }

    @Test
    void aResumedSessionKeepsItsRooms() throws Exception {
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("resume");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink old = TestLink.open(); TestLink fresh = TestLink.open()) {
            old.hello();
            ok(old.register(bob, RoomSteps.PASSWORD), Status.CREATED);
            String token = ok(old.login(bob, RoomSteps.PASSWORD, 40001), Status.OK).as(LoginAnswer.class).resumeToken();
            ok(create(a, lobby), Status.CREATED);
            ok(join(old, lobby), Status.OK);
            fresh.hello();

            Frame resumed = ok(fresh.request(new Login(bob, RoomSteps.PASSWORD, 40002, token, null)), Status.OK);

            assertEquals(List.of(lobby), roomNames(resumed), "the answer says which rooms the session is in");

            assertEquals("resumed by a new link", old.awaitClose(5000).message());
            assertTrue(a.pollEvent(RoomLeft.class, e -> true, 1000).isEmpty(), "nobody left");
            RoomMember member = room(ok(members(fresh, lobby), Status.OK)).members().get(1);
            assertEquals(bob, member.username());
            assertEquals(40002, member.peerPort());
        }
    }

    @Test
    void aFreshLoginAfterADroppedLinkStartsWithoutTheOldRooms() throws Exception {
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("fresh");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink again = TestLink.open()) {
            TestLink b = user(bob);
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);
            b.close();
            awaitOffline(a, bob);
            again.hello();

            Frame login = again.login(bob, RoomSteps.PASSWORD, 40003);

            ok(login, Status.OK);
            assertEquals(List.of(), roomNames(login), "the answer says the new session is in no room");
            RoomLeft left = a.awaitEvent(RoomLeft.class, leftFrom(lobby, bob));
            assertEquals(LeaveReason.OFFLINE, left.reason());
            refused(members(again, lobby), Status.FORBIDDEN, "you are not in " + lobby, "not-member");
        }
    }

    @Test
    void theLastMemberLeavingDeletesTheRoom() throws Exception {
        String lobby = roomName("last");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"))) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);
            assertEquals(new RoomAnswer(null, null, null, null), ok(leave(a, lobby), Status.OK).as(RoomAnswer.class),
                    "a leave that keeps the room answers with no fields");

            Frame left = ok(leave(b, lobby), Status.OK);

            assertEquals(new RoomAnswer(null, null, null, true), left.as(RoomAnswer.class));
            assertTrue(roomsNamed(ok(list(b, false), Status.OK), lobby).isEmpty());
            refused(join(a, lobby), Status.NOT_FOUND, "no room named " + lobby, "no-such-room");
            ok(create(b, lobby), Status.CREATED);
        }
    }

    private static List<String> roomNames(Frame loginAnswer) {
        return loginAnswer.as(LoginAnswer.class).rooms();
    }

    /** Waits until the registry has noticed that this user's link is gone. */
    private static void awaitOffline(TestLink asker, String username) throws Exception {
        long start = System.nanoTime();
        while (asker.request(new SearchUser(username)).as(SearchUserAnswer.class).online()) {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, username + " still online 2 s after the link closed");
            Thread.sleep(20);
        }
    }
}
