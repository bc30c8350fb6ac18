package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonObject;
import java.util.List;

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
        return link.request(MessageType.ROOM_CREATE, Frame.object().add("name", name));
    }

    static Frame createLocked(TestLink link, String name, String password) throws Exception {
        return link.request(MessageType.ROOM_CREATE, Frame.object().add("name", name).add("password", password));
    }

    static Frame createWithCapacity(TestLink link, String name, int capacity) throws Exception {
        return link.request(MessageType.ROOM_CREATE, Frame.object().add("name", name).add("capacity", capacity));
    }

    static Frame join(TestLink link, String name) throws Exception {
        return link.request(MessageType.ROOM_JOIN, Frame.object().add("name", name));
    }

    static Frame join(TestLink link, String name, String password) throws Exception {
        return link.request(MessageType.ROOM_JOIN, Frame.object().add("name", name).add("password", password));
    }

    static Frame leave(TestLink link, String name) throws Exception {
        return link.request(MessageType.ROOM_LEAVE, Frame.object().add("name", name));
    }

    static Frame members(TestLink link, String name) throws Exception {
        return link.request(MessageType.ROOM_MEMBERS, Frame.object().add("name", name));
    }

    static Frame kick(TestLink link, String name, String username) throws Exception {
        return link.request(MessageType.ROOM_KICK, Frame.object().add("name", name).add("username", username));
    }

    static Frame ban(TestLink link, String name, String username) throws Exception {
        return link.request(MessageType.ROOM_BAN, Frame.object().add("name", name).add("username", username));
    }

    static Frame list(TestLink link, boolean detailed) throws Exception {
        return link.request(MessageType.ROOM_LIST, Frame.object().add("detailed", detailed).add("limit", 500));
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
        assertEquals(reason, answer.json().getString("reason", null), "reason of '" + answer.message() + "'");
    }

    static JsonObject room(Frame answer) {
        return answer.json().getJsonObject("room");
    }

    /** The member names of a room view, in its order. */
    static List<String> memberNames(JsonObject room) {
        return room.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("username")).toList();
    }

    /** The rooms of a ROOM_LIST answer whose names start with {@code prefix}. */
    static List<JsonObject> roomsNamed(Frame listAnswer, String prefix) {
        return listAnswer.json().getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("name").startsWith(prefix)).toList();
    }

    static boolean isEvent(Frame f, String room, String field, String value) {
        return room.equals(f.json().getString("room", null)) && value.equals(f.json().getString(field, null));
    }
}
