package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.list;
import static dev.parley.registry.flow.RoomSteps.memberNames;
import static dev.parley.registry.flow.RoomSteps.ok;
import static dev.parley.registry.flow.RoomSteps.refused;
import static dev.parley.registry.flow.RoomSteps.room;
import static dev.parley.registry.flow.RoomSteps.roomsNamed;
import static dev.parley.registry.flow.RoomSteps.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Groups: invite-only rooms made for named people, the invitations they get, and their answers. */
@ExtendWith(ArquillianExtension.class)
class RoomGroupIT {

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    private static Frame group(TestLink link, String... usernames) throws Exception {
        JsonArrayBuilder names = Frame.array();
        for (String u : usernames) {
            names.add(u);
        }
        return link.request(MessageType.GROUP_CREATE, Frame.object().add("usernames", names));
    }

    private static Frame answer(TestLink link, String room, boolean accept) throws Exception {
        return link.request(MessageType.ROOM_INVITE_ANSWER, Frame.object().add("name", room).add("accept", accept));
    }

    private static List<String> strings(JsonObject o, String field) {
        return o.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void aGroupInvitesThoseOnlineAndReportsThoseOffline() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        String dave = TestLink.uniqueName("dave");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol); TestLink d = TestLink.open()) {
            d.hello();
            ok(d.register(dave, RoomSteps.PASSWORD), Status.CREATED);

            Frame created = ok(group(a, bob, carol.toUpperCase(), dave, bob), Status.CREATED);

            JsonObject view = room(created);
            String name = view.getString("name");
            assertTrue(name.matches("group-[a-z0-9]{6}"), name);
            assertEquals("room " + name + " created; 2 invited", created.message());
            assertTrue(view.getBoolean("inviteOnly"));
            assertFalse(view.getBoolean("locked"));
            assertEquals(3, view.getInt("capacity"), "the invited and the host");
            assertEquals(alice, view.getString("host"));
            assertEquals(List.of(alice), memberNames(view));
            assertEquals(List.of(bob, carol), strings(created.json(), "invited"), "names as registered, once each");
            assertEquals(List.of(dave), strings(created.json(), "offline"));
            for (TestLink invitee : List.of(b, c)) {
                Frame invitation = invitee.awaitEvent(MessageType.ROOM_INVITATION);
                assertEquals(name, invitation.json().getString("room"));
                assertEquals(alice, invitation.json().getString("from"));
                assertEquals(List.of(alice), strings(invitation.json(), "members"));
                assertEquals(List.of(bob, carol), strings(invitation.json(), "invited"));
            }
        }
    }

    @Test
    void acceptingJoinsTheGroupAndTellsTheInviterAndTheMembers() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol)) {
            String name = room(ok(group(a, bob, carol), Status.CREATED)).getString("name");
            ok(answer(c, name, true), Status.OK);
            a.awaitEvent(MessageType.ROOM_INVITATION_ANSWER);
            a.awaitEvent(MessageType.ROOM_JOINED);

            Frame accepted = ok(answer(b, name, true), Status.OK);

            assertEquals("joined " + name, accepted.message());
            assertEquals(List.of(alice, carol, bob), memberNames(room(accepted)));
            Frame answered = a.awaitEvent(MessageType.ROOM_INVITATION_ANSWER);
            assertEquals(name, answered.json().getString("room"));
            assertEquals(bob, answered.json().getString("username"));
            assertTrue(answered.json().getBoolean("accepted"));
            for (TestLink member : List.of(a, c)) {
                Frame joined = member.awaitEvent(MessageType.ROOM_JOINED);
                assertEquals(bob, joined.json().getJsonObject("member").getString("username"));
            }
            refused(answer(b, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
        }
    }

    @Test
    void decliningTellsTheInviterAndUsesTheInvitationUp() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = user(alice); TestLink b = user(bob)) {
            String name = room(ok(group(a, bob), Status.CREATED)).getString("name");

            Frame declined = ok(answer(b, name, false), Status.OK);

            assertEquals("declined", declined.message());
            Frame answered = a.awaitEvent(MessageType.ROOM_INVITATION_ANSWER);
            assertEquals(bob, answered.json().getString("username"));
            assertFalse(answered.json().getBoolean("accepted"));
            refused(answer(b, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
            refused(join(b, name), Status.FORBIDDEN, name + " is invite-only", "invite-only");
        }
    }

    @Test
    void anInvitationEndsWithTheInviteesSession() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(bob)) {
            String name = room(ok(group(a, bob), Status.CREATED)).getString("name");
            b.awaitEvent(MessageType.ROOM_INVITATION);

            ok(b.request(MessageType.LOGOUT, null), Status.OK);
            ok(b.login(bob, RoomSteps.PASSWORD, 40000), Status.OK);

            refused(answer(b, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
        }
    }

    @Test
    void anInviteOnlyRoomRefusesJoinsAndIsListedOnlyToItsMembers() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(bob); TestLink e = user(TestLink.uniqueName("eve"))) {
            String name = room(ok(group(a, bob), Status.CREATED)).getString("name");

            refused(join(e, name), Status.FORBIDDEN, name + " is invite-only", "invite-only");
            refused(join(b, name), Status.FORBIDDEN, name + " is invite-only", "invite-only");
            assertTrue(roomsNamed(ok(list(e, false), Status.OK), name).isEmpty());
            assertTrue(roomsNamed(ok(list(b, false), Status.OK), name).isEmpty(), "invited is not yet a member");
            assertEquals(1, roomsNamed(ok(list(a, false), Status.OK), name).size());
            refused(answer(e, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
        }
    }

    @Test
    void aGroupNeedsOneToFortyNineOtherExistingUsers() throws Exception {
        String alice = TestLink.uniqueName("alice");
        try (TestLink a = user(alice)) {
            refused(group(a), Status.BAD_REQUEST, "name at least one user to invite", "invalid");
            String[] fifty = new String[50];
            for (int i = 0; i < fifty.length; i++) {
                fifty[i] = "user" + i;
            }
            refused(group(a, fifty), Status.BAD_REQUEST, "a group invites at most 49 users", "invalid");
            refused(group(a, alice), Status.BAD_REQUEST, "you cannot invite yourself", "invalid");
            refused(group(a, "nobody" + alice), Status.NOT_FOUND, "no user named nobody" + alice, "no-such-user");
            refused(a.request(MessageType.GROUP_CREATE, Frame.object().add("usernames", "bob")), Status.BAD_REQUEST,
                    "field 'usernames' must be an array of names", "invalid");
            refused(a.request(MessageType.ROOM_INVITE_ANSWER, Frame.object().add("name", "group-abcdef")),
                    Status.BAD_REQUEST, "missing field 'accept'", "invalid");
        }
    }
}
