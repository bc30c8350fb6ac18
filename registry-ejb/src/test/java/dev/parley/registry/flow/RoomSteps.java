package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryRequest.RoomBan;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomJoin;
import dev.parley.protocol.registry.RegistryRequest.RoomKick;
import dev.parley.protocol.registry.RegistryRequest.RoomLeave;
import dev.parley.protocol.registry.RegistryRequest.RoomList;
import dev.parley.protocol.registry.RegistryRequest.RoomMembers;
import java.util.List;
import java.util.function.Predicate;

/** What a room test does over a link, one request each, and how it reads the answers. */
final class RoomSteps {
    static final String PASSWORD = RegistryFlowIT.PASSWORD;

    private RoomSteps() {
    }

    /** A logged-in link for a new user, with peer port 40000. */
    static TestLink user(String name) throws Exception {
        return RegistryFlowIT.loggedIn(name);
    }

    /** A logged-in link for a new user, from the given loopback address. */
    static TestLink userAt(String name, String address) throws Exception {
        TestLink link = TestLink.open(address);
        link.hello();
        ok(link.register(name, PASSWORD), Status.CREATED);
        ok(link.login(name, PASSWORD, 40000), Status.OK);
        return link;
    }

    /** A room name no earlier run used (rooms are cleared at each start, but tests share a start). */
    static String roomName(String prefix) {
        return TestLink.uniqueName(prefix);
    }

    static Frame create(TestLink link, String name) throws Exception {
        return link.request(new RoomCreate(name, null, null, null));
    }

    static Frame createLocked(TestLink link, String name, String password) throws Exception {
        return link.request(new RoomCreate(name, password, null, null));
    }

    static Frame createWithCapacity(TestLink link, String name, int capacity) throws Exception {
        return link.request(new RoomCreate(name, null, capacity, null));
    }

    static Frame join(TestLink link, String name) throws Exception {
        return link.request(new RoomJoin(name, null));
    }

    static Frame join(TestLink link, String name, String password) throws Exception {
        return link.request(new RoomJoin(name, password));
    }

    static Frame leave(TestLink link, String name) throws Exception {
        return link.request(new RoomLeave(name));
    }

    static Frame members(TestLink link, String name) throws Exception {
        return link.request(new RoomMembers(name));
    }

    static Frame kick(TestLink link, String name, String username) throws Exception {
        return link.request(new RoomKick(name, username));
    }

    static Frame ban(TestLink link, String name, String username) throws Exception {
        return link.request(new RoomBan(name, username));
    }

    static Frame list(TestLink link, boolean detailed) throws Exception {
        return link.request(new RoomList(detailed, null, 500, null));
    }

    /** Fails unless the answer has this status; returns it for further checks. */
    static Frame ok(Frame answer, Status status) {
        assertEquals(status, answer.status(), answer.message());
        return answer;
    }

    /** Fails unless the refusal has this status, message and reason. */
    static void refused(Frame answer, Status status, String message, String reason) {
        assertEquals(status, answer.status(), answer.message());
        assertEquals(message, answer.message());
        assertEquals(reason, answer.as(Refusal.class).reason(), "reason of '" + answer.message() + "'");
    }

    /** The room of a room answer. */
    static RoomView room(Frame answer) {
        return answer.as(RoomAnswer.class).room();
    }

    /** The member names of a room view, in its order. */
    static List<String> memberNames(RoomView room) {
        return room.members().stream().map(RoomMember::username).toList();
    }

    /** The rooms of a ROOM_LIST answer whose names start with {@code prefix}. */
    static List<RoomView> roomsNamed(Frame listAnswer, String prefix) {
        return listAnswer.as(RoomListAnswer.class).rooms().stream().filter(r -> r.name().startsWith(prefix)).toList();
    }

    /** A ROOM_LEFT of this user from this room. */
    static Predicate<RoomLeft> leftFrom(String room, String username) {
        return e -> room.equals(e.room()) && username.equals(e.username());
    }

    /** The room an event is about, or null for an event about no room. */
    static String roomOf(RegistryEvent event) {
        return switch (event) {
            case RegistryEvent.RoomJoined e -> e.room();
            case RegistryEvent.RoomLeft e -> e.room();
            case RegistryEvent.RoomHost e -> e.room();
            case RegistryEvent.RoomUpdated e -> e.room();
            case RegistryEvent.RoomInvitation e -> e.room();
            case RegistryEvent.RoomInvitationAnswer e -> e.room();
            case RegistryEvent.Bye e -> null;
            case RegistryEvent.Presence e -> null;
            case RegistryEvent.KeepaliveMissing e -> null;
            case RegistryEvent.Mail e -> null;
            case RegistryEvent.Receipt e -> null;
        };
    }
}
