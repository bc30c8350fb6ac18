package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.create;
import static dev.parley.registry.flow.RoomSteps.isEvent;
import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.leave;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonObject;
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
    private static void hearsHandOver(TestLink told, String room, String who, String reason, String host) throws Exception {
        // Up to three keepalive intervals (1 s in tests) and the once-a-second sweep for an ended session.
        Frame left = told.awaitEvent(MessageType.ROOM_LEFT, f -> isEvent(f, room, "username", who), 8000);
        assertEquals(reason, left.json().getString("reason"));
        Frame hosted = told.awaitEvent(MessageType.ROOM_HOST, f -> room.equals(f.json().getString("room")), 1000);
        assertEquals(host, hosted.json().getString("host"));
    }

    private static void assertHost(TestLink asker, String room, String host, List<String> members) throws Exception {
        JsonObject view = room(ok(members(asker, room), Status.OK));
        assertEquals(host, view.getString("host"));
        assertEquals(members, memberNames(view));
        assertEquals("host", view.getJsonArray("members").getJsonObject(0).getString("role"));
        for (int i = 1; i < members.size(); i++) {
            assertEquals("member", view.getJsonArray("members").getJsonObject(i).getString("role"));
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

            hearsHandOver(b, lobby, alice, "left", bob);
            hearsHandOver(c, lobby, alice, "left", bob);
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

            hearsHandOver(b, lobby, alice, "offline", bob);
            hearsHandOver(c, lobby, alice, "offline", bob);
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

            hearsHandOver(b, lobby, alice, "offline", bob);
            hearsHandOver(c, lobby, alice, "offline", bob);
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

            JsonObject shown = null;
            long start = System.nanoTime();
            while (shown == null && System.nanoTime() - start < 2_000_000_000L) {
                JsonObject view = room(ok(members(a, lobby), Status.OK));
                if (view.getInt("memberCount") == 2 && !view.getJsonArray("members").getJsonObject(1).getBoolean("online")) {
                    shown = view.getJsonArray("members").getJsonObject(1);
                }
                Thread.sleep(50);
            }
            assertNotNull(shown, bob + " is shown offline while the session may still resume");
            assertEquals(bob, shown.getString("username"));
            assertFalse(shown.containsKey("address"));
            assertFalse(shown.containsKey("peerPort"));
            a.awaitEvent(MessageType.ROOM_LEFT, f -> isEvent(f, lobby, "username", bob), 8000);
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

            ok(b.request(MessageType.LOGOUT, null), Status.OK);

            for (String room : List.of(one, two)) {
                Frame left = a.awaitEvent(MessageType.ROOM_LEFT, f -> isEvent(f, room, "username", bob));
                assertEquals("offline", left.json().getString("reason"));
                assertEquals(1, room(members(a, room)).getInt("memberCount"));
            }
            assertEquals(Status.UNAUTHORIZED, b.request(MessageType.WHOAMI, null).status(), "the link stays, logged out");
        }
    }

    @Test
    void aResumedSessionKeepsItsRooms() throws Exception {
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("resume");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink old = TestLink.open(); TestLink fresh = TestLink.open()) {
            old.hello();
            ok(old.register(bob, RoomSteps.PASSWORD), Status.CREATED);
            String token = ok(old.login(bob, RoomSteps.PASSWORD, 40001), Status.OK).json().getString("resumeToken");
            ok(create(a, lobby), Status.CREATED);
            ok(join(old, lobby), Status.OK);
            fresh.hello();

            Frame resumed = ok(fresh.request(MessageType.LOGIN, Frame.object().add("username", bob)
                    .add("password", RoomSteps.PASSWORD).add("peerPort", 40002).add("resumeToken", token)), Status.OK);

            assertEquals(List.of(lobby), roomNames(resumed), "the answer says which rooms the session is in");

            assertEquals("resumed by a new link", old.awaitClose(5000).message());
            assertTrue(a.pollEvent(MessageType.ROOM_LEFT, f -> true, 1000).isEmpty(), "nobody left");
            JsonObject member = room(ok(members(fresh, lobby), Status.OK)).getJsonArray("members").getJsonObject(1);
            assertEquals(bob, member.getString("username"));
            assertEquals(40002, member.getInt("peerPort"));
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
            Frame left = a.awaitEvent(MessageType.ROOM_LEFT, f -> isEvent(f, lobby, "username", bob));
            assertEquals("offline", left.json().getString("reason"));
            refused(members(again, lobby), Status.FORBIDDEN, "you are not in " + lobby, "not-member");
        }
    }

    @Test
    void theLastMemberLeavingDeletesTheRoom() throws Exception {
        String lobby = roomName("last");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"))) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);
            assertFalse(ok(leave(a, lobby), Status.OK).json().containsKey("deleted"));

            Frame left = ok(leave(b, lobby), Status.OK);

            assertTrue(left.json().getBoolean("deleted"));
            assertTrue(roomsNamed(ok(list(b, false), Status.OK), lobby).isEmpty());
            refused(join(a, lobby), Status.NOT_FOUND, "no room named " + lobby, "no-such-room");
            ok(create(b, lobby), Status.CREATED);
        }
    }

    private static List<String> roomNames(Frame loginAnswer) {
        return loginAnswer.json().getJsonArray("rooms").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    /** Waits until the registry has noticed that this user's link is gone. */
    private static void awaitOffline(TestLink asker, String username) throws Exception {
        long start = System.nanoTime();
        while (asker.request(MessageType.SEARCH_USER, Frame.object().add("username", username)).json().getBoolean("online")) {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, username + " still online 2 s after the link closed");
            Thread.sleep(20);
        }
    }
}
