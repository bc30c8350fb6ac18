package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.ban;
import static dev.parley.registry.flow.RoomSteps.create;
import static dev.parley.registry.flow.RoomSteps.createLocked;
import static dev.parley.registry.flow.RoomSteps.createWithCapacity;
import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.kick;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.registry.RegistryEvent.RoomJoined;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryEvent.RoomUpdated;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomList;
import dev.parley.protocol.registry.RegistryRequest.RoomUpdate;
import dev.parley.registry.room.Room;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rooms as users meet them over the real TLS link: create, list, join, leave, members, kick, ban, update, and every refusal. */
@ExtendWith(ArquillianExtension.class)
class RoomFlowIT {

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Test
    void creatingARoomMakesTheCreatorItsHostAndOnlyMember() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String lobby = roomName("lobby");
        try (TestLink a = user(alice)) {
            Frame created = a.request(new RoomCreate(lobby, null, 20, "general chat"));

            ok(created, Status.CREATED);
            assertEquals("room " + lobby + " created", created.message());
            RoomView view = room(created);
            assertEquals(lobby, view.name());
            assertEquals("general chat", view.description());
            assertEquals(20, view.capacity());
            assertEquals(1, view.memberCount());
            assertEquals(alice, view.host());
            assertFalse(view.locked());
            assertFalse(view.inviteOnly());
            RoomMember host = view.members().get(0);
            assertEquals(alice, host.username());
            assertEquals(Role.HOST, host.role());
            assertTrue(host.online());
            assertEquals(40000, host.peerPort());
            assertTrue(host.address().startsWith("127."));
            assertNotNull(host.joinedAt());
            assertEquals(1, view.members().size());
        }
    }

    @Test
    void aRoomWithoutDescriptionOrCapacityGetsTheDefaults() throws Exception {
        String lobby = roomName("plain");
        try (TestLink a = user(TestLink.uniqueName("amy"))) {
            RoomView view = room(ok(create(a, lobby), Status.CREATED));

            assertEquals("", view.description());
            assertEquals(50, view.capacity());
        }
    }

    @Test
    void aRoomNameIsTakenInAnyLetterCase() throws Exception {
        String lobby = roomName("taken");
        try (TestLink a = user(TestLink.uniqueName("abe")); TestLink b = user(TestLink.uniqueName("ben"))) {
            ok(create(a, lobby), Status.CREATED);

            refused(create(b, lobby.toUpperCase()), Status.CONFLICT,
                    "the room name " + lobby.toUpperCase() + " is taken", "taken");
            refused(createLocked(b, lobby, "some secret"), Status.CONFLICT, "the room name " + lobby + " is taken", "taken");
        }
    }

    @Test
    void namesDescriptionsCapacitiesAndPasswordsOutOfBoundsAreRefusedWithTheRule() throws Exception {
        try (TestLink a = user(TestLink.uniqueName("ada"))) {
            String length = "a room name has 2 to 32 characters";
            String chars = "a room name uses only letters, digits, '.', '_' and '-', and starts with a letter or digit";
            refused(create(a, "x"), Status.BAD_REQUEST, length, "invalid");
            refused(create(a, "x".repeat(33)), Status.BAD_REQUEST, length, "invalid");
            refused(create(a, "bad name"), Status.BAD_REQUEST, chars, "invalid");
            refused(create(a, "-dash"), Status.BAD_REQUEST, chars, "invalid");
            refused(create(a, "bell\u0007"), Status.BAD_REQUEST, chars, "invalid");

            String name = roomName("bounds");
            refused(a.request(new RoomCreate(name, null, null, "d".repeat(201))),
                    Status.BAD_REQUEST, "a room description has at most 200 characters", "invalid");
            refused(a.request(new RoomCreate(name, null, null, "ring\u0007")),
                    Status.BAD_REQUEST, "a room description cannot contain control characters", "invalid");
            refused(a.request(new RoomCreate(name, null, null, "line\nbreak")),
                    Status.BAD_REQUEST, "a room description cannot contain control characters", "invalid");
            refused(createWithCapacity(a, name, 1), Status.BAD_REQUEST, "a room's capacity is 2 to 500", "invalid");
            refused(createWithCapacity(a, name, 501), Status.BAD_REQUEST, "a room's capacity is 2 to 500", "invalid");
            // Beyond what a whole number field holds: the codec refuses it before the room's rules.
            refused(a.requestRaw(RoomCreate.class, "\"name\":\"" + name + "\",\"capacity\":" + (1L << 40)),
                    Status.BAD_REQUEST, "field 'capacity' must be between -2147483648 and 2147483647", "invalid");
            refused(createLocked(a, name, "abc"), Status.BAD_REQUEST, "a room password has 4 to 128 characters", "invalid");
            refused(a.requestRaw(RoomCreate.class, ""), Status.BAD_REQUEST, "missing field 'name'", "invalid");

            RoomView longest = room(ok(a.request(new RoomCreate(name, null, 500, "é".repeat(200))), Status.CREATED));
            assertEquals(500, longest.capacity());
            assertEquals("é".repeat(200), longest.description());
        }
    }

    @Test
    void roomRequestsNeedALogin() throws Exception {
        try (TestLink link = TestLink.open()) {
            link.hello();

            Frame answer = list(link, false);

            assertEquals(Status.UNAUTHORIZED, answer.status());
            assertEquals("log in first", answer.message());
        }
    }

    @Test
    void joiningAddsYouLastAndTellsTheOthers() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("join");
        try (TestLink a = user(alice); TestLink b = user(bob)) {
            ok(create(a, lobby), Status.CREATED);

            Frame joined = join(b, lobby.toUpperCase());

            ok(joined, Status.OK);
            assertEquals("joined " + lobby, joined.message());
            RoomView view = room(joined);
            assertEquals(lobby, view.name());
            assertEquals(2, view.memberCount());
            assertEquals(List.of(alice, bob), memberNames(view));
            assertEquals(Role.MEMBER, view.members().get(1).role());
            RoomJoined event = a.awaitEvent(RoomJoined.class);
            assertEquals(lobby, event.room());
            RoomMember member = event.member();
            assertEquals(bob, member.username());
            assertEquals(Role.MEMBER, member.role());
            assertTrue(member.online());
            assertEquals(40000, member.peerPort());
            assertTrue(b.pollEvent(RoomJoined.class, e -> true, 300).isEmpty(), "the joiner has the answer, not an event");
        }
    }

    @Test
    void joiningTwiceIsRefused() throws Exception {
        String lobby = roomName("twice");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"))) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);

            refused(join(b, lobby), Status.CONFLICT, "you are already in " + lobby, "already-member");
            refused(join(a, lobby), Status.CONFLICT, "you are already in " + lobby, "already-member");
        }
    }

    @Test
    void joiningOrLeavingARoomThatDoesNotExistIsRefused() throws Exception {
        String nowhere = roomName("nowhere");
        try (TestLink a = user(TestLink.uniqueName("al"))) {
            refused(join(a, nowhere), Status.NOT_FOUND, "no room named " + nowhere, "no-such-room");
            refused(leave(a, nowhere), Status.NOT_FOUND, "no room named " + nowhere, "no-such-room");
            refused(members(a, nowhere), Status.NOT_FOUND, "no room named " + nowhere, "no-such-room");
        }
    }

    @Test
    void leavingARoomYouAreNotInIsRefused() throws Exception {
        String lobby = roomName("notin");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"))) {
            ok(create(a, lobby), Status.CREATED);

            refused(leave(b, lobby), Status.NOT_FOUND, "you are not in " + lobby, "not-member");
        }
    }

    @Test
    void leavingTellsTheOthersAndTheRoomGoesOn() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("leave");
        try (TestLink a = user(alice); TestLink b = user(bob)) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);

            Frame left = leave(b, lobby);

            ok(left, Status.OK);
            assertEquals("left " + lobby, left.message());
            assertNull(left.as(RoomAnswer.class).deleted());
            RoomLeft event = a.awaitEvent(RoomLeft.class);
            assertEquals(lobby, event.room());
            assertEquals(bob, event.username());
            assertEquals(LeaveReason.LEFT, event.reason());
            assertEquals(List.of(alice), memberNames(room(members(a, lobby))));
        }
    }

    @Test
    void membersAreShownToMembersOnly() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String lobby = roomName("members");
        try (TestLink a = user(alice); TestLink c = user(TestLink.uniqueName("cy"))) {
            ok(create(a, lobby), Status.CREATED);

            Frame mine = ok(members(a, lobby), Status.OK);
            assertEquals("1 member in " + lobby, mine.message());
            assertEquals(List.of(alice), memberNames(room(mine)));
            refused(members(c, lobby), Status.FORBIDDEN, "you are not in " + lobby, "not-member");
        }
    }

    @Test
    void theListShowsRoomsByNameWithCountsAndNamesOnRequest() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String prefix = roomName("ls");
        try (TestLink a = user(alice); TestLink b = user(bob)) {
            ok(a.request(new RoomCreate(prefix + "-b", null, null, "second")),
                    Status.CREATED);
            ok(createLocked(b, prefix + "-a", "open sesame"), Status.CREATED);
            ok(join(b, prefix + "-b"), Status.OK);

            Frame plain = ok(list(a, false), Status.OK);
            List<RoomView> ours = roomsNamed(plain, prefix);
            assertEquals(List.of(prefix + "-a", prefix + "-b"), ours.stream().map(RoomView::name).toList());
            assertEquals(bob, ours.get(0).host());
            assertTrue(ours.get(0).locked());
            assertEquals(1, ours.get(0).memberCount());
            assertEquals(2, ours.get(1).memberCount());
            assertEquals("second", ours.get(1).description());
            assertNull(ours.get(1).members());
            assertNull(ours.get(1).memberNames());
            assertTrue(plain.as(RoomListAnswer.class).total() >= 2);
            assertEquals(0, plain.as(RoomListAnswer.class).offset());

            List<RoomView> detailed = roomsNamed(ok(list(a, true), Status.OK), prefix);
            assertEquals(List.of(alice, bob), detailed.get(1).memberNames());
            assertNull(detailed.get(1).members());

            Frame paged = ok(a.request(new RoomList(null, 0, 1, null)), Status.OK);
            assertEquals(1, paged.as(RoomListAnswer.class).rooms().size());
        }
    }

    @Test
    void aPageSaysWhetherMoreRoomsFollow() throws Exception {
        String prefix = roomName("more");
        try (TestLink a = user(TestLink.uniqueName("al"))) {
            ok(create(a, prefix + "-a"), Status.CREATED);
            ok(create(a, prefix + "-b"), Status.CREATED);

            RoomListAnswer first = ok(a.request(new RoomList(null, null, 1, null)), Status.OK).as(RoomListAnswer.class);
            assertEquals(1, first.rooms().size());
            assertTrue(first.more());
            assertTrue(first.total() >= 2);

            RoomListAnswer past = ok(a.request(new RoomList(null, 1_000_000, null, null)), Status.OK).as(RoomListAnswer.class);
            assertTrue(past.rooms().isEmpty());
            assertFalse(past.more());
            assertTrue(past.total() >= 2, "a page past the end still counts them all");

            RoomListAnswer all = ok(list(a, false), Status.OK).as(RoomListAnswer.class);
            if (!all.more()) {
                assertEquals(all.rooms().size(), all.total());
            }
        }
    }

    @Test
    void theTotalIsLeftOutWhenDeclined() throws Exception {
        String prefix = roomName("nototal");
        try (TestLink a = user(TestLink.uniqueName("al"))) {
            ok(create(a, prefix + "-a"), Status.CREATED);
            ok(create(a, prefix + "-b"), Status.CREATED);

            Frame first = ok(a.request(new RoomList(null, null, 1, false)), Status.OK);

            assertNull(first.as(RoomListAnswer.class).total());
            assertTrue(first.as(RoomListAnswer.class).more());
            assertEquals("rooms 1 to 1; more follow", first.message());
            assertEquals(0, first.as(RoomListAnswer.class).offset());
            refused(a.requestRaw(RoomList.class, "\"total\":1"), Status.BAD_REQUEST,
                    "field 'total' must be true or false", "invalid");
        }
    }

    @Test
    void aLockedRoomNeedsItsPassword() throws Exception {
        String lobby = roomName("locked");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"))) {
            assertTrue(room(ok(createLocked(a, lobby, "open sesame"), Status.CREATED)).locked());

            refused(join(b, lobby), Status.UNAUTHORIZED, lobby + " needs a password", "password-required");
            refused(join(b, lobby, "open sesamE"), Status.FORBIDDEN, "wrong password for " + lobby, "wrong-password");
            assertEquals("joined " + lobby, ok(join(b, lobby, "open sesame"), Status.OK).message());
        }
        Room stored = em.createNamedQuery(Room.FIND_BY_NAME_KEY, Room.class)
                .setParameter("nameKey", Names.key(lobby)).getSingleResult();
        assertTrue(stored.getPasswordHash().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    @Test
    void wrongRoomPasswordsCountLikeFailedLoginsFromTheAddress() throws Exception {
        String lobby = roomName("guess");
        String bob = TestLink.uniqueName("bob");
        String address = TestLink.randomLoopback();
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = RoomSteps.userAt(bob, address);
                TestLink sameAddress = TestLink.open(address)) {
            ok(createLocked(a, lobby, "open sesame"), Status.CREATED);
            for (int i = 0; i < 10; i++) {
                refused(join(b, lobby, "guess " + i), Status.FORBIDDEN, "wrong password for " + lobby, "wrong-password");
            }

            Frame throttled = join(b, lobby, "open sesame");

            assertEquals(Status.TOO_MANY_REQUESTS, throttled.status());
            assertEquals("throttled", throttled.as(Refusal.class).reason());
            assertTrue(throttled.as(Refusal.class).retryAfterSeconds() > 0);
            sameAddress.hello();
            Frame login = sameAddress.login(TestLink.uniqueName("eve"), RoomSteps.PASSWORD, 40000);
            assertEquals(Status.TOO_MANY_REQUESTS, login.status(), "the same per-address window as logins");
        }
    }

    @Test
    void aFullRoomRefusesTheNextOne() throws Exception {
        String lobby = roomName("full");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"));
                TestLink c = user(TestLink.uniqueName("cy"))) {
            ok(createWithCapacity(a, lobby, 2), Status.CREATED);
            ok(join(b, lobby), Status.OK);

            refused(join(c, lobby), Status.LOCKED, lobby + " is full (2 of 2)", "full");
        }
    }

    @Test
    void aFullRoomWithAPasswordSaysItIsFullWithOrWithoutAPassword() throws Exception {
        String lobby = roomName("fullpw");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(TestLink.uniqueName("bo"));
                TestLink c = user(TestLink.uniqueName("cy"))) {
            ok(a.request(new RoomCreate(lobby, "open sesame", 2, null)), Status.CREATED);
            ok(join(b, lobby, "open sesame"), Status.OK);

            refused(join(c, lobby), Status.LOCKED, lobby + " is full (2 of 2)", "full");
            refused(join(c, lobby, "open sesame"), Status.LOCKED, lobby + " is full (2 of 2)", "full");
        }
    }

    @Test
    void aBannedUserIsToldOfTheBanNotThePassword() throws Exception {
        String dave = TestLink.uniqueName("dave");
        String lobby = roomName("banpw");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink d = user(dave)) {
            ok(createLocked(a, lobby, "open sesame"), Status.CREATED);
            ok(ban(a, lobby, dave), Status.OK);

            refused(join(d, lobby), Status.FORBIDDEN, "you are banned from " + lobby, "banned");
            refused(join(d, lobby, "open sesame"), Status.FORBIDDEN, "you are banned from " + lobby, "banned");
        }
    }

    @Test
    void onlyTheHostKicksBansOrUpdates() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("nothost");
        try (TestLink a = user(alice); TestLink b = user(bob)) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);

            String notHost = "only the host of " + lobby + " can do that";
            refused(kick(b, lobby, alice), Status.FORBIDDEN, notHost, "not-host");
            refused(ban(b, lobby, alice), Status.FORBIDDEN, notHost, "not-host");
            refused(b.request(new RoomUpdate(lobby, "mine", null, null)),
                    Status.FORBIDDEN, notHost, "not-host");
            refused(b.request(new RoomUpdate(lobby, null, "mine now", null)),
                    Status.FORBIDDEN, notHost, "not-host");
            assertEquals(List.of(alice, bob), memberNames(room(members(a, lobby))));
        }
    }

    @Test
    void theHostCannotKickOrBanThemself() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String lobby = roomName("self");
        try (TestLink a = user(alice)) {
            ok(create(a, lobby), Status.CREATED);

            refused(kick(a, lobby, alice.toUpperCase()), Status.BAD_REQUEST, "you cannot kick yourself", "self");
            refused(ban(a, lobby, alice), Status.BAD_REQUEST, "you cannot ban yourself", "self");
        }
    }

    @Test
    void aKickTellsTheKickedAndEveryoneLeftButTheyMayComeBack() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        String lobby = roomName("kick");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol)) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);
            ok(join(c, lobby), Status.OK);

            Frame kicked = ok(kick(a, lobby, bob), Status.OK);

            assertEquals(bob + " was kicked from " + lobby, kicked.message());
            for (TestLink told : List.of(a, b, c)) {
                RoomLeft left = told.awaitEvent(RoomLeft.class, leftFrom(lobby, bob));
                assertEquals(LeaveReason.KICKED, left.reason());
            }
            assertEquals(List.of(alice, carol), memberNames(room(members(a, lobby))));
            refused(kick(a, lobby, bob), Status.NOT_FOUND, bob + " is not in " + lobby, "not-member");
            ok(join(b, lobby), Status.OK);
        }
    }

    @Test
    void aBanTellsEveryoneAndKeepsTheUserOut() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        String lobby = roomName("ban");
        try (TestLink a = user(alice); TestLink b = user(bob); TestLink c = user(carol)) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);
            ok(join(c, lobby), Status.OK);

            assertEquals(bob + " is banned from " + lobby, ok(ban(a, lobby, bob.toUpperCase()), Status.OK).message());

            for (TestLink told : List.of(a, b, c)) {
                RoomLeft left = told.awaitEvent(RoomLeft.class, leftFrom(lobby, bob));
                assertEquals(LeaveReason.BANNED, left.reason());
            }
            refused(join(b, lobby), Status.FORBIDDEN, "you are banned from " + lobby, "banned");
            assertEquals(List.of(alice, carol), memberNames(room(members(a, lobby))));
        }
    }

    @Test
    void aBanReachesUsersNotInTheRoomButNotUnknownOnes() throws Exception {
        String dave = TestLink.uniqueName("dave");
        String lobby = roomName("preban");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink d = user(dave)) {
            ok(create(a, lobby), Status.CREATED);

            assertEquals(dave + " is banned from " + lobby, ok(ban(a, lobby, dave), Status.OK).message());
            ok(ban(a, lobby, dave), Status.OK);
            refused(ban(a, lobby, "nobody" + dave), Status.NOT_FOUND, "no user named nobody" + dave, "no-such-user");
            refused(kick(a, lobby, dave), Status.NOT_FOUND, dave + " is not in " + lobby, "not-member");
            refused(join(d, lobby), Status.FORBIDDEN, "you are banned from " + lobby, "banned");
            assertTrue(d.pollEvent(RoomLeft.class, e -> true, 300).isEmpty(), "nobody left, nobody is told");
        }
    }

    @Test
    void theHostChangesDescriptionAndPasswordAndEveryMemberHears() throws Exception {
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("update");
        try (TestLink a = user(TestLink.uniqueName("al")); TestLink b = user(bob); TestLink c = user(TestLink.uniqueName("cy"))) {
            ok(create(a, lobby), Status.CREATED);
            ok(join(b, lobby), Status.OK);

            Frame updated = ok(a.request(new RoomUpdate(lobby, "new topic", "new secret", null)), Status.OK);

            assertEquals(lobby + " updated", updated.message());
            assertEquals("new topic", room(updated).description());
            assertTrue(room(updated).locked());
            assertEquals(2, room(updated).members().size());
            for (TestLink member : List.of(a, b)) {
                RoomUpdated event = member.awaitEvent(RoomUpdated.class);
                assertEquals(lobby, event.room());
                assertEquals("new topic", event.description());
                assertTrue(event.locked());
            }
            refused(join(c, lobby), Status.UNAUTHORIZED, lobby + " needs a password", "password-required");

            Frame cleared = ok(a.request(new RoomUpdate(lobby, null, null, true)),
                    Status.OK);
            assertFalse(room(cleared).locked());
            assertEquals("new topic", room(cleared).description(), "what was not named stays");
            assertFalse(b.awaitEvent(RoomUpdated.class).locked());
            ok(join(c, lobby), Status.OK);
            assertTrue(c.pollEvent(RoomUpdated.class, e -> true, 300).isEmpty(), "joined after the change");
        }
    }

    @Test
    void anUpdateMustSayWhatChanges() throws Exception {
        String lobby = roomName("noop");
        try (TestLink a = user(TestLink.uniqueName("al"))) {
            ok(create(a, lobby), Status.CREATED);

            refused(a.request(new RoomUpdate(lobby, null, null, null)), Status.BAD_REQUEST,
                    "say what to change: description, password or clearPassword", "invalid");
            refused(a.request(new RoomUpdate(lobby, null, "new secret", true)), Status.BAD_REQUEST, "give a new password or clearPassword, not both", "invalid");
        }
    }
}
