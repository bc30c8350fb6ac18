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
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent.RoomInvitation;
import dev.parley.protocol.registry.RegistryEvent.RoomInvitationAnswer;
import dev.parley.protocol.registry.RegistryEvent.RoomJoined;
import dev.parley.protocol.registry.RegistryRequest.GroupCreate;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.RoomInviteAnswer;
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
        return link.request(new GroupCreate(List.of(usernames)));
    }

    private static Frame answer(TestLink link, String room, boolean accept) throws Exception {
        return link.request(new RoomInviteAnswer(room, accept));
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

            RoomView view = room(created);
            String name = view.name();
            assertTrue(name.matches("group-[a-z0-9]{6}"), name);
            assertEquals("room " + name + " created; 2 invited", created.message());
            assertTrue(view.inviteOnly());
            assertFalse(view.locked());
            assertEquals(3, view.capacity(), "the invited and the host");
            assertEquals(alice, view.host());
            assertEquals(List.of(alice), memberNames(view));
            assertEquals(List.of(bob, carol), created.as(RoomAnswer.class).invited(), "names as registered, once each");
            assertEquals(List.of(dave), created.as(RoomAnswer.class).offline());
            for (TestLink invitee : List.of(b, c)) {
                RoomInvitation invitation = invitee.awaitEvent(RoomInvitation.class);
                assertEquals(name, invitation.room());
                assertEquals(alice, invitation.from());
                assertEquals(List.of(alice), invitation.members());
                assertEquals(List.of(bob, carol), invitation.invited());
            }
        }
    }

    @Test
    void acceptingJoinsTheGroupAndTellsTheInviterAndTheMembers() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol)) {
            String name = room(ok(group(a, bob, carol), Status.CREATED)).name();
            ok(answer(c, name, true), Status.OK);
            a.awaitEvent(RoomInvitationAnswer.class);
            a.awaitEvent(RoomJoined.class);

            Frame accepted = ok(answer(b, name, true), Status.OK);

            assertEquals("joined " + name, accepted.message());
            assertEquals(List.of(alice, carol, bob), memberNames(room(accepted)));
            RoomInvitationAnswer answered = a.awaitEvent(RoomInvitationAnswer.class);
            assertEquals(name, answered.room());
            assertEquals(bob, answered.username());
            assertTrue(answered.accepted());
            for (TestLink member : List.of(a, c)) {
                RoomJoined joined = member.awaitEvent(RoomJoined.class);
                assertEquals(bob, joined.member().username());
            }
            refused(answer(b, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
        }
    }

    @Test
    void decliningTellsTheInviterAndUsesTheInvitationUp() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = user(alice); TestLink b = user(bob)) {
            String name = room(ok(group(a, bob), Status.CREATED)).name();

            Frame declined = ok(answer(b, name, false), Status.OK);

            assertEquals("declined", declined.message());
            RoomInvitationAnswer answered = a.awaitEvent(RoomInvitationAnswer.class);
            assertEquals(bob, answered.username());
            assertFalse(answered.accepted());
            refused(answer(b, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
            refused(join(b, name), Status.FORBIDDEN, name + " is invite-only", "invite-only");
        }
    }

    @Test
    void anInvitationEndsWithTheInviteesSession() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(bob)) {
            String name = room(ok(group(a, bob), Status.CREATED)).name();
            b.awaitEvent(RoomInvitation.class);

            ok(b.request(new Logout()), Status.OK);
            ok(b.login(bob, RoomSteps.PASSWORD, 40000), Status.OK);

            refused(answer(b, name, true), Status.NOT_FOUND, "no invitation to " + name, "no-invitation");
        }
    }

    @Test
    void anInviteOnlyRoomRefusesJoinsAndIsListedOnlyToItsMembers() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(bob); TestLink e = user(TestLink.uniqueName("eve"))) {
            String name = room(ok(group(a, bob), Status.CREATED)).name();

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
            refused(a.requestRaw(GroupCreate.class, "\"usernames\":\"bob\""), Status.BAD_REQUEST,
                    "field 'usernames' must be an array", "invalid");
            refused(a.requestRaw(GroupCreate.class, "\"usernames\":[\"bob\",7]"), Status.BAD_REQUEST,
                    "usernames[1] must be a string", "invalid");
            refused(a.requestRaw(RoomInviteAnswer.class, "\"name\":\"group-abcdef\""),
                    Status.BAD_REQUEST, "missing field 'accept'", "invalid");
        }
    }
}
