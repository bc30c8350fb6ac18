package dev.parley.protocol.registry;

import static dev.parley.protocol.Wire.assertAnswer;
import static dev.parley.protocol.Wire.assertEvent;
import static dev.parley.protocol.Wire.assertRequest;
import static dev.parley.protocol.Wire.frame;
import static dev.parley.protocol.Wire.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.HelloAnswer;
import dev.parley.protocol.registry.RegistryAnswer.KeepaliveAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ListOnlineAnswer;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.OnlineUser;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.RegisterAnswer;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WatchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WatchedUser;
import dev.parley.protocol.registry.RegistryAnswer.WhoamiAnswer;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import dev.parley.protocol.registry.RegistryEvent.KeepaliveMissing;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.registry.RegistryEvent.Presence;
import dev.parley.protocol.registry.RegistryEvent.RoomHost;
import dev.parley.protocol.registry.RegistryEvent.RoomInvitation;
import dev.parley.protocol.registry.RegistryEvent.RoomInvitationAnswer;
import dev.parley.protocol.registry.RegistryEvent.RoomJoined;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryEvent.RoomUpdated;
import dev.parley.protocol.registry.RegistryRequest.GroupCreate;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.KeepaliveOverLink;
import dev.parley.protocol.registry.RegistryRequest.ListOnline;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.Register;
import dev.parley.protocol.registry.RegistryRequest.RoomBan;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomInviteAnswer;
import dev.parley.protocol.registry.RegistryRequest.RoomJoin;
import dev.parley.protocol.registry.RegistryRequest.RoomKick;
import dev.parley.protocol.registry.RegistryRequest.RoomLeave;
import dev.parley.protocol.registry.RegistryRequest.RoomList;
import dev.parley.protocol.registry.RegistryRequest.RoomMembers;
import dev.parley.protocol.registry.RegistryRequest.RoomUpdate;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.Watch;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message of the registry link, byte for byte: each literal frame below is read into a
 * fully built record (so every field is checked) and that record is written back as exactly the
 * same text, the order being the record's components, then {@code type}, {@code id}, {@code status}
 * and {@code message}. Then, for each message, the malformed frames that matter and the exact reason
 * each is refused with (the registry answers it as a 400).
 */
class RegistryMessagesTest {
    private static final String KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE";
    private static final RoomMember ALICE_HOST = new RoomMember("alice", Role.HOST, Instant.parse("2026-11-21T14:00:00Z"),
            true, "127.0.0.1", 40211, KEY);
    private static final RoomMember BOB_AWAY = new RoomMember("bob", Role.MEMBER, Instant.parse("2026-11-21T14:01:00Z"),
            false, null, null, null);
    private static final RoomView LOBBY = new RoomView("lobby", "general chat", 50, 2, "alice", true, false,
            List.of(ALICE_HOST, BOB_AWAY), null);

    // ---- requests ----

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("""
                        {"version":"1.0","agent":"parley/0.1.0","type":"HELLO","id":"1"}""", "1",
                        new Hello("1.0", "parley/0.1.0")),
                arguments("""
                        {"version":"1.0","type":"HELLO","id":"1"}""", "1", new Hello("1.0", null)),
                arguments("""
                        {"username":"alice","password":"correct horse battery","identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",\
                        "type":"REGISTER","id":"2"}""", "2", new Register("alice", "correct horse battery", KEY)),
                arguments("""
                        {"username":"alice","password":"correct horse battery","type":"REGISTER","id":"2"}""", "2",
                        new Register("alice", "correct horse battery", null)),
                arguments("""
                        {"username":"alice","password":"correct horse battery","peerPort":40211,"resumeToken":"Wm9vbGFuZGVy",\
                        "identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE","type":"LOGIN","id":"3"}""", "3",
                        new Login("alice", "correct horse battery", 40211, "Wm9vbGFuZGVy", KEY)),
                arguments("""
                        {"username":"alice","password":"pw","peerPort":1,"type":"LOGIN","id":"3"}""", "3",
                        new Login("alice", "pw", 1, null, null)),
                arguments("""
                        {"username":"alice","password":"pw","peerPort":65535,"type":"LOGIN","id":"3"}""", "3",
                        new Login("alice", "pw", 65535, null, null)),
                arguments("""
                        {"username":"alice","password":"pw","type":"LOGIN","id":"3"}""", "3",
                        new Login("alice", "pw", null, null, null)),
                arguments("""
                        {"type":"LOGOUT","id":"4"}""", "4", new Logout()),
                arguments("""
                        {"type":"WHOAMI","id":"5"}""", "5", new Whoami()),
                arguments("""
                        {"username":"bob","type":"SEARCH_USER","id":"6"}""", "6", new SearchUser("bob")),
                arguments("""
                        {"detailed":true,"offset":0,"limit":100,"type":"LIST_ONLINE","id":"7"}""", "7",
                        new ListOnline(true, 0, 100)),
                arguments("""
                        {"detailed":false,"offset":2147483647,"limit":500,"type":"LIST_ONLINE","id":"7"}""", "7",
                        new ListOnline(false, Integer.MAX_VALUE, 500)),
                arguments("""
                        {"limit":1,"type":"LIST_ONLINE","id":"7"}""", "7", new ListOnline(null, null, 1)),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7"}""", "7", new ListOnline(null, null, null)),
                arguments("""
                        {"users":["bob","carol","dave"],"type":"WATCH","id":"9"}""", "9",
                        new Watch(List.of("bob", "carol", "dave"))),
                arguments("""
                        {"users":[],"type":"WATCH","id":"9"}""", "9", new Watch(List.of())),
                arguments("""
                        {"type":"KEEPALIVE","id":"12"}""", "12", new KeepaliveOverLink()),
                arguments("""
                        {"name":"lobby","password":"open sesame","capacity":20,"description":"general chat",\
                        "type":"ROOM_CREATE","id":"7"}""", "7", new RoomCreate("lobby", "open sesame", 20, "general chat")),
                arguments("""
                        {"name":"lobby","type":"ROOM_CREATE","id":"7"}""", "7", new RoomCreate("lobby", null, null, null)),
                arguments("""
                        {"detailed":false,"offset":0,"limit":100,"total":false,"type":"ROOM_LIST","id":"8"}""", "8",
                        new RoomList(false, 0, 100, false)),
                arguments("""
                        {"type":"ROOM_LIST","id":"8"}""", "8", new RoomList(null, null, null, null)),
                arguments("""
                        {"name":"lobby","password":"open sesame","type":"ROOM_JOIN","id":"9"}""", "9",
                        new RoomJoin("lobby", "open sesame")),
                arguments("""
                        {"name":"lobby","type":"ROOM_JOIN","id":"9"}""", "9", new RoomJoin("lobby", null)),
                arguments("""
                        {"name":"lobby","type":"ROOM_LEAVE","id":"10"}""", "10", new RoomLeave("lobby")),
                arguments("""
                        {"name":"lobby","type":"ROOM_MEMBERS","id":"11"}""", "11", new RoomMembers("lobby")),
                arguments("""
                        {"name":"lobby","username":"mallory","type":"ROOM_KICK","id":"12"}""", "12",
                        new RoomKick("lobby", "mallory")),
                arguments("""
                        {"name":"lobby","username":"mallory","type":"ROOM_BAN","id":"13"}""", "13",
                        new RoomBan("lobby", "mallory")),
                arguments("""
                        {"name":"lobby","description":"new topic","password":"new secret","type":"ROOM_UPDATE","id":"14"}""",
                        "14", new RoomUpdate("lobby", "new topic", "new secret", null)),
                arguments("""
                        {"name":"lobby","clearPassword":true,"type":"ROOM_UPDATE","id":"15"}""", "15",
                        new RoomUpdate("lobby", null, null, true)),
                arguments("""
                        {"name":"lobby","description":"","type":"ROOM_UPDATE","id":"15"}""", "15",
                        new RoomUpdate("lobby", "", null, null)),
                arguments("""
                        {"usernames":["bob","carol","dave"],"type":"GROUP_CREATE","id":"16"}""", "16",
                        new GroupCreate(List.of("bob", "carol", "dave"))),
                arguments("""
                        {"name":"group-k3x9qa","accept":true,"type":"ROOM_INVITE_ANSWER","id":"17"}""", "17",
                        new RoomInviteAnswer("group-k3x9qa", true)),
                arguments("""
                        {"name":"group-k3x9qa","accept":false,"type":"ROOM_INVITE_ANSWER","id":"17"}""", "17",
                        new RoomInviteAnswer("group-k3x9qa", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void eachRequestIsReadFromAndWrittenAsItsFrame(String wire, String id, RegistryRequest expected) {
        assertRequest(RegistryRequest.CATALOG, wire, id, expected);
    }

    @Test
    void aRequestIsReadWhateverItsFieldOrderAndWithoutTheFieldsItDoesNotKnow() {
        assertEquals(new Login("alice", "correct horse battery", 40211, null, null), RegistryRequest.CATALOG.read(frame("""
                {"type":"LOGIN","id":"3","peerPort":40211,"password":"correct horse battery","username":"alice",\
                "resumeToken":null,"identityKey":null,"since":"1.1","extra":{"nested":[1,2]}}""")));
        assertEquals(new ListOnline(null, null, 50), RegistryRequest.CATALOG.read(frame("""
                {"type":"LIST_ONLINE","id":"7","detailed":null,"offset":null,"limit":50}""")));
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                arguments("""
                        {"type":"HELLO","id":"1"}""", "missing field 'version'"),
                arguments("""
                        {"type":"HELLO","id":"1","version":1.0}""", "field 'version' must be a string"),
                arguments("""
                        {"type":"HELLO","id":"1","version":"1.0","agent":["parley"]}""", "field 'agent' must be a string"),
                arguments("""
                        {"type":"REGISTER","id":"2","password":"correct horse battery"}""", "missing field 'username'"),
                arguments("""
                        {"type":"REGISTER","id":"2","username":"alice","password":null}""", "missing field 'password'"),
                arguments("""
                        {"type":"REGISTER","id":"2","username":"alice","password":"correct horse battery","identityKey":false}""",
                        "field 'identityKey' must be a string"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","peerPort":40211}""", "missing field 'password'"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","password":"pw","peerPort":"40211"}""",
                        "field 'peerPort' must be a whole number"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","password":"pw","peerPort":40211.5}""",
                        "field 'peerPort' must be a whole number"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","password":"pw","peerPort":0}""",
                        "field 'peerPort' must be between 1 and 65535"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","password":"pw","peerPort":65536}""",
                        "field 'peerPort' must be between 1 and 65535"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","password":"pw","peerPort":40211,"resumeToken":7}""",
                        "field 'resumeToken' must be a string"),
                arguments("""
                        {"type":"LOGIN","id":"3","password":"pw","peerPort":-1}""", "missing field 'username'"),
                arguments("""
                        {"type":"SEARCH_USER","id":"6"}""", "missing field 'username'"),
                arguments("""
                        {"type":"SEARCH_USER","id":"6","username":42}""", "field 'username' must be a string"),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7","detailed":"true"}""", "field 'detailed' must be true or false"),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7","offset":-1}""", "field 'offset' must be between 0 and 2147483647"),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7","offset":2147483648}""",
                        "field 'offset' must be between 0 and 2147483647"),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7","limit":0}""", "field 'limit' must be between 1 and 500"),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7","limit":501}""", "field 'limit' must be between 1 and 500"),
                arguments("""
                        {"type":"LIST_ONLINE","id":"7","limit":10.5}""", "field 'limit' must be a whole number"),
                arguments("""
                        {"type":"WATCH","id":"9"}""", "missing field 'users'"),
                arguments("""
                        {"type":"WATCH","id":"9","users":"bob"}""", "field 'users' must be an array"),
                arguments("""
                        {"type":"WATCH","id":"9","users":{"0":"bob"}}""", "field 'users' must be an array"),
                arguments("""
                        {"type":"WATCH","id":"9","users":["bob",null]}""", "users[1] must not be null"),
                arguments("""
                        {"type":"WATCH","id":"9","users":["bob",2]}""", "users[1] must be a string"),
                arguments("""
                        {"type":"ROOM_CREATE","id":"7","capacity":20}""", "missing field 'name'"),
                arguments("""
                        {"type":"ROOM_CREATE","id":"7","name":"lobby","password":true}""", "field 'password' must be a string"),
                arguments("""
                        {"type":"ROOM_CREATE","id":"7","name":"lobby","capacity":"20"}""",
                        "field 'capacity' must be a whole number"),
                arguments("""
                        {"type":"ROOM_CREATE","id":"7","name":"lobby","capacity":99999999999}""",
                        "field 'capacity' must be between -2147483648 and 2147483647"),
                arguments("""
                        {"type":"ROOM_CREATE","id":"7","name":"lobby","description":5}""",
                        "field 'description' must be a string"),
                arguments("""
                        {"type":"ROOM_LIST","id":"8","total":"false"}""", "field 'total' must be true or false"),
                arguments("""
                        {"type":"ROOM_LIST","id":"8","offset":-1}""", "field 'offset' must be between 0 and 2147483647"),
                arguments("""
                        {"type":"ROOM_LIST","id":"8","limit":501}""", "field 'limit' must be between 1 and 500"),
                arguments("""
                        {"type":"ROOM_JOIN","id":"9","password":"open sesame"}""", "missing field 'name'"),
                arguments("""
                        {"type":"ROOM_JOIN","id":"9","name":"lobby","password":1234}""", "field 'password' must be a string"),
                arguments("""
                        {"type":"ROOM_LEAVE","id":"10","name":null}""", "missing field 'name'"),
                arguments("""
                        {"type":"ROOM_MEMBERS","id":"11","name":["lobby"]}""", "field 'name' must be a string"),
                arguments("""
                        {"type":"ROOM_KICK","id":"12","name":"lobby"}""", "missing field 'username'"),
                arguments("""
                        {"type":"ROOM_BAN","id":"13","username":"mallory"}""", "missing field 'name'"),
                arguments("""
                        {"type":"ROOM_BAN","id":"13","name":"lobby","username":{}}""", "field 'username' must be a string"),
                arguments("""
                        {"type":"ROOM_UPDATE","id":"14","name":"lobby","clearPassword":"yes"}""",
                        "field 'clearPassword' must be true or false"),
                arguments("""
                        {"type":"ROOM_UPDATE","id":"14","name":"lobby","description":1}""",
                        "field 'description' must be a string"),
                arguments("""
                        {"type":"GROUP_CREATE","id":"16"}""", "missing field 'usernames'"),
                arguments("""
                        {"type":"GROUP_CREATE","id":"16","usernames":"bob"}""", "field 'usernames' must be an array"),
                arguments("""
                        {"type":"GROUP_CREATE","id":"16","usernames":["bob",["carol"]]}""", "usernames[1] must be a string"),
                arguments("""
                        {"type":"ROOM_INVITE_ANSWER","id":"17","accept":true}""", "missing field 'name'"),
                arguments("""
                        {"type":"ROOM_INVITE_ANSWER","id":"17","name":"group-k3x9qa"}""", "missing field 'accept'"),
                arguments("""
                        {"type":"ROOM_INVITE_ANSWER","id":"17","name":"group-k3x9qa","accept":"yes"}""",
                        "field 'accept' must be true or false"),
                arguments("""
                        {"type":"FROB","id":"7"}""", "unknown message type 'FROB'"),
                arguments("""
                        {"type":"hello","id":"1","version":"1.0"}""", "unknown message type 'hello'"),
                arguments("""
                        {"type":"RESPONSE","id":"1","status":200,"message":"ok"}""", "unknown message type 'RESPONSE'"),
                arguments("""
                        {"type":"ROOM_JOINED","id":"1","room":"lobby"}""", "unknown message type 'ROOM_JOINED'"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":"hi"}""",
                        "unknown message type 'CHAT_MESSAGE'"),
                arguments("""
                        {"type":"A\\u0007B\\u202eC","id":"1"}""", "unknown message type 'A?B?C'"),
                arguments("{\"type\":\"" + "X".repeat(50) + "\",\"id\":\"1\"}",
                        "unknown message type '" + "X".repeat(40) + "'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedRequests")
    void aMalformedRequestIsRefusedWithItsReason(String wire, String reason) {
        assertEquals(reason, refusal(RegistryRequest.CATALOG, wire));
    }

    @Test
    void requestsWithSecretsDoNotShowThemInTheirText() {
        assertEquals("Register[username=alice]", new Register("alice", "correct horse battery", KEY).toString());
        assertEquals("Login[username=alice, peerPort=40211]",
                new Login("alice", "correct horse battery", 40211, "Wm9vbGFuZGVy", KEY).toString());
        assertEquals("RoomCreate[name=lobby]", new RoomCreate("lobby", "open sesame", 20, null).toString());
        assertEquals("RoomJoin[name=lobby]", new RoomJoin("lobby", "open sesame").toString());
        assertEquals("RoomUpdate[name=lobby]", new RoomUpdate("lobby", null, "new secret", null).toString());
        String login = new LoginAnswer("alice", "q1Jx0b2d3lV2tq9c9b8a7w", "3q2+7w==", 10, 15500, "Wm9vbGFuZGVy",
                "127.0.0.1", KEY, List.of()).toString();
        assertEquals("LoginAnswer[username=alice]", login);
    }

    // ---- answers ----

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments("""
                        {"type":"RESPONSE","id":"8","status":400,"message":"missing field 'username'"}""",
                        "8", Status.BAD_REQUEST, "missing field 'username'", Refusal.NONE),
                arguments("""
                        {"retryAfterSeconds":60,"reason":"throttled","type":"RESPONSE","id":"9","status":429,\
                        "message":"too many wrong passwords from your address; try again in 60 s"}""",
                        "9", Status.TOO_MANY_REQUESTS, "too many wrong passwords from your address; try again in 60 s",
                        new Refusal(60, null, "throttled")),
                arguments("""
                        {"identityKeyMismatch":true,"type":"RESPONSE","id":"3","status":403,\
                        "message":"this computer's identity key for alice is not the one the registry holds"}""",
                        "3", Status.FORBIDDEN, "this computer's identity key for alice is not the one the registry holds",
                        new Refusal(null, true, null)),
                arguments("""
                        {"reason":"no-such-room","type":"RESPONSE","id":"9","status":404,"message":"no room named lobby"}""",
                        "9", Status.NOT_FOUND, "no room named lobby", new Refusal(null, null, "no-such-room")),
                arguments("""
                        {"version":"1.0","keepaliveIntervalSeconds":10,"udpPort":15500,"type":"RESPONSE","id":"1",\
                        "status":200,"message":"welcome to the Parley registry"}""",
                        "1", Status.OK, "welcome to the Parley registry", new HelloAnswer("1.0", 10, 15500)),
                arguments("""
                        {"username":"alice","type":"RESPONSE","id":"2","status":201,"message":"account alice created"}""",
                        "2", Status.CREATED, "account alice created", new RegisterAnswer("alice")),
                arguments("""
                        {"username":"alice","sessionId":"q1Jx0b2d3lV2tq9c9b8a7w","keepaliveKey":"3q2+7w==",\
                        "keepaliveIntervalSeconds":10,"udpPort":15500,"resumeToken":"Wm9vbGFuZGVy","address":"127.0.0.1",\
                        "identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE","rooms":["hall","lobby"],\
                        "type":"RESPONSE","id":"3","status":200,"message":"logged in as alice"}""",
                        "3", Status.OK, "logged in as alice", new LoginAnswer("alice", "q1Jx0b2d3lV2tq9c9b8a7w", "3q2+7w==",
                                10, 15500, "Wm9vbGFuZGVy", "127.0.0.1", KEY, List.of("hall", "lobby"))),
                arguments("""
                        {"username":"alice","sessionId":"s","keepaliveKey":"k","keepaliveIntervalSeconds":10,"udpPort":15500,\
                        "resumeToken":"t","address":"::1","rooms":[],"type":"RESPONSE","id":"3","status":200,\
                        "message":"logged in as alice"}""",
                        "3", Status.OK, "logged in as alice",
                        new LoginAnswer("alice", "s", "k", 10, 15500, "t", "::1", null, List.of())),
                arguments("""
                        {"username":"alice","sessionId":"s","keepaliveKey":"k","keepaliveIntervalSeconds":10,"udpPort":15500,\
                        "resumeToken":"t","address":"::1","type":"RESPONSE","id":"3","status":200,\
                        "message":"logged in as alice"}""",
                        "3", Status.OK, "logged in as alice",
                        new LoginAnswer("alice", "s", "k", 10, 15500, "t", "::1", null, null)),
                arguments("""
                        {"username":"alice","address":"127.0.0.1","peerPort":40211,"since":"2026-11-21T17:02:11Z",\
                        "type":"RESPONSE","id":"5","status":200,"message":"you are alice"}""",
                        "5", Status.OK, "you are alice",
                        new WhoamiAnswer("alice", "127.0.0.1", 40211, Instant.parse("2026-11-21T17:02:11Z"))),
                arguments("""
                        {"username":"alice","address":"127.0.0.1","since":"2026-11-21T17:02:11Z",\
                        "type":"RESPONSE","id":"5","status":200,"message":"you are alice"}""",
                        "5", Status.OK, "you are alice",
                        new WhoamiAnswer("alice", "127.0.0.1", null, Instant.parse("2026-11-21T17:02:11Z"))),
                arguments("""
                        {"username":"bob","online":true,"address":"127.0.0.1","peerPort":40311,\
                        "identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE","type":"RESPONSE","id":"6","status":200,\
                        "message":"bob is online"}""",
                        "6", Status.OK, "bob is online", new SearchUserAnswer("bob", true, "127.0.0.1", 40311, KEY)),
                arguments("""
                        {"username":"Bob","online":false,"type":"RESPONSE","id":"6","status":200,"message":"Bob is offline"}""",
                        "6", Status.OK, "Bob is offline", new SearchUserAnswer("Bob", false, null, null, null)),
                arguments("""
                        {"total":2,"offset":0,"users":[{"username":"alice","address":"127.0.0.1","peerPort":40211},\
                        {"username":"bob","address":"127.0.0.1","peerPort":40311}],"type":"RESPONSE","id":"7",\
                        "status":200,"message":"2 users online"}""",
                        "7", Status.OK, "2 users online", new ListOnlineAnswer(2, 0, List.of(
                                new OnlineUser("alice", "127.0.0.1", 40211), new OnlineUser("bob", "127.0.0.1", 40311)))),
                arguments("""
                        {"total":3,"offset":2,"users":[{"username":"carol"}],"type":"RESPONSE","id":"7","status":200,\
                        "message":"3 users online"}""",
                        "7", Status.OK, "3 users online",
                        new ListOnlineAnswer(3, 2, List.of(new OnlineUser("carol", null, null)))),
                arguments("""
                        {"watching":3,"online":[{"user":"bob","address":"127.0.0.1","peerPort":40311}],"type":"RESPONSE",\
                        "id":"9","status":200,"message":"watching 3 users"}""",
                        "9", Status.OK, "watching 3 users",
                        new WatchAnswer(3, List.of(new WatchedUser("bob", "127.0.0.1", 40311)))),
                arguments("""
                        {"watching":0,"online":[],"type":"RESPONSE","id":"9","status":200,"message":"watching 0 users"}""",
                        "9", Status.OK, "watching 0 users", new WatchAnswer(0, List.of())),
                arguments("""
                        {"udpKeepalivesArriving":false,"type":"RESPONSE","id":"12","status":200,\
                        "message":"session kept alive; UDP keepalives are not arriving"}""",
                        "12", Status.OK, "session kept alive; UDP keepalives are not arriving", new KeepaliveAnswer(false)),
                arguments("""
                        {"udpKeepalivesArriving":true,"type":"RESPONSE","id":"12","status":200,\
                        "message":"session kept alive; UDP keepalives arrive again"}""",
                        "12", Status.OK, "session kept alive; UDP keepalives arrive again", new KeepaliveAnswer(true)),
                arguments("""
                        {"room":{"name":"lobby","description":"general chat","capacity":50,"memberCount":2,"host":"alice",\
                        "locked":true,"inviteOnly":false,"members":[{"username":"alice","role":"host",\
                        "joinedAt":"2026-11-21T14:00:00Z","online":true,"address":"127.0.0.1","peerPort":40211,\
                        "identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"},{"username":"bob","role":"member",\
                        "joinedAt":"2026-11-21T14:01:00Z","online":false}]},"type":"RESPONSE","id":"9","status":200,\
                        "message":"joined lobby"}""",
                        "9", Status.OK, "joined lobby", RoomAnswer.of(LOBBY)),
                arguments("""
                        {"room":{"name":"group-k3x9qa","description":"","capacity":4,"memberCount":1,"host":"alice",\
                        "locked":false,"inviteOnly":true,"members":[{"username":"alice","role":"host",\
                        "joinedAt":"2026-11-21T14:00:00Z","online":true,"address":"127.0.0.1","peerPort":40211,\
                        "identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"}]},"invited":["bob","carol"],\
                        "offline":["dave"],"type":"RESPONSE","id":"16","status":201,\
                        "message":"room group-k3x9qa created; 2 invited"}""",
                        "16", Status.CREATED, "room group-k3x9qa created; 2 invited", new RoomAnswer(
                                new RoomView("group-k3x9qa", "", 4, 1, "alice", false, true, List.of(ALICE_HOST), null),
                                List.of("bob", "carol"), List.of("dave"), null)),
                arguments("""
                        {"deleted":true,"type":"RESPONSE","id":"10","status":200,"message":"left lobby"}""",
                        "10", Status.OK, "left lobby", new RoomAnswer(null, null, null, true)),
                arguments("""
                        {"total":2,"offset":0,"more":false,"rooms":[{"name":"lobby","description":"general chat",\
                        "capacity":50,"memberCount":2,"host":"alice","locked":true,"inviteOnly":false},{"name":"quiet",\
                        "description":"","capacity":20,"memberCount":1,"host":"bob","locked":false,"inviteOnly":false}],\
                        "type":"RESPONSE","id":"8","status":200,"message":"2 rooms"}""",
                        "8", Status.OK, "2 rooms", new RoomListAnswer(2, 0, false, List.of(
                                new RoomView("lobby", "general chat", 50, 2, "alice", true, false, null, null),
                                new RoomView("quiet", "", 20, 1, "bob", false, false, null, null)))),
                arguments("""
                        {"offset":100,"more":true,"rooms":[{"name":"lobby","description":"general chat","capacity":50,\
                        "memberCount":2,"host":"alice","locked":true,"inviteOnly":false,"memberNames":["alice","bob"]}],\
                        "type":"RESPONSE","id":"8","status":200,"message":"rooms 101 to 101; more follow"}""",
                        "8", Status.OK, "rooms 101 to 101; more follow", new RoomListAnswer(null, 100, true, List.of(
                                new RoomView("lobby", "general chat", 50, 2, "alice", true, false, null,
                                        List.of("alice", "bob"))))),
                arguments("""
                        {"offset":0,"rooms":[],"type":"RESPONSE","id":"8","status":200,"message":"0 rooms"}""",
                        "8", Status.OK, "0 rooms", new RoomListAnswer(null, 0, null, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerIsReadFromAndWrittenAsItsFrame(String wire, String id, Status status, String message,
            RegistryAnswer expected) {
        assertAnswer(wire, id, status, message, expected);
    }

    @Test
    void anAnswerWithNoFieldsOfItsOwnIsWrittenWithOnlyItsStatusAndMessage() {
        assertEquals("""
                {"type":"RESPONSE","id":"4","status":200,"message":"logged out"}""",
                Frame.answer("4", Status.OK, "logged out").toString());
        assertEquals("""
                {"type":"RESPONSE","id":"4","status":200,"message":"logged out"}""",
                Frame.answer("4", Status.OK, "logged out", null).toString());
    }

    static Stream<Arguments> malformedAnswers() {
        String login = """
                "username":"alice","sessionId":"s","keepaliveKey":"k","keepaliveIntervalSeconds":10,"udpPort":15500,\
                "resumeToken":"t","address":"::1\"""";
        String room = """
                "name":"lobby","description":"","capacity":50,"memberCount":1,"host":"alice","locked":false,\
                "inviteOnly":false""";
        String alice = """
                "username":"alice","role":"host","joinedAt":"2026-11-21T14:00:00Z","online":false""";
        return Stream.of(
                arguments(Refusal.class, """
                        {"type":"RESPONSE","id":"9","status":429,"message":"slow down","retryAfterSeconds":"1"}""",
                        "field 'retryAfterSeconds' must be a whole number"),
                arguments(Refusal.class, """
                        {"type":"RESPONSE","id":"3","status":403,"message":"no","identityKeyMismatch":"true"}""",
                        "field 'identityKeyMismatch' must be true or false"),
                arguments(Refusal.class, """
                        {"type":"RESPONSE","id":"9","status":404,"message":"no room named lobby","reason":404}""",
                        "field 'reason' must be a string"),
                arguments(HelloAnswer.class, """
                        {"type":"RESPONSE","id":"1","status":200,"message":"welcome","keepaliveIntervalSeconds":10,\
                        "udpPort":15500}""", "missing field 'version'"),
                arguments(HelloAnswer.class, """
                        {"type":"RESPONSE","id":"1","status":200,"message":"welcome","version":"1.0",\
                        "keepaliveIntervalSeconds":"10","udpPort":15500}""", "field 'keepaliveIntervalSeconds' must be a whole number"),
                arguments(HelloAnswer.class, """
                        {"type":"RESPONSE","id":"1","status":200,"message":"welcome","version":"1.0",\
                        "keepaliveIntervalSeconds":10,"udpPort":2147483648}""",
                        "field 'udpPort' must be between -2147483648 and 2147483647"),
                arguments(RegisterAnswer.class, """
                        {"type":"RESPONSE","id":"2","status":201,"message":"account alice created"}""",
                        "missing field 'username'"),
                arguments(LoginAnswer.class, """
                        {"type":"RESPONSE","id":"3","status":200,"message":"ok","username":"alice","keepaliveKey":"k",\
                        "keepaliveIntervalSeconds":10,"udpPort":15500,"resumeToken":"t","address":"::1"}""",
                        "missing field 'sessionId'"),
                arguments(LoginAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"3\",\"status\":200,\"message\":\"ok\","
                        + login + ",\"rooms\":\"hall\"}", "field 'rooms' must be an array"),
                arguments(LoginAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"3\",\"status\":200,\"message\":\"ok\","
                        + login + ",\"rooms\":[\"hall\",7]}", "rooms[1] must be a string"),
                arguments(LoginAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"3\",\"status\":200,\"message\":\"ok\","
                        + login + ",\"identityKey\":true}", "field 'identityKey' must be a string"),
                arguments(WhoamiAnswer.class, """
                        {"type":"RESPONSE","id":"5","status":200,"message":"you are alice","username":"alice",\
                        "address":"127.0.0.1","peerPort":40211,"since":"yesterday"}""",
                        "field 'since' must be a time like 2026-11-21T14:02:03Z"),
                arguments(WhoamiAnswer.class, """
                        {"type":"RESPONSE","id":"5","status":200,"message":"you are alice","username":"alice",\
                        "address":"127.0.0.1","peerPort":40211,"since":1795280531}""", "field 'since' must be a string"),
                arguments(SearchUserAnswer.class, """
                        {"type":"RESPONSE","id":"6","status":200,"message":"bob is online","username":"bob"}""",
                        "missing field 'online'"),
                arguments(SearchUserAnswer.class, """
                        {"type":"RESPONSE","id":"6","status":200,"message":"bob","username":"bob","online":"false"}""",
                        "field 'online' must be true or false"),
                arguments(SearchUserAnswer.class, """
                        {"type":"RESPONSE","id":"6","status":200,"message":"bob","username":"bob","online":true,\
                        "address":"127.0.0.1","peerPort":"40311"}""", "field 'peerPort' must be a whole number"),
                arguments(ListOnlineAnswer.class, """
                        {"type":"RESPONSE","id":"7","status":200,"message":"1 user online","offset":0,"users":[]}""",
                        "missing field 'total'"),
                arguments(ListOnlineAnswer.class, """
                        {"type":"RESPONSE","id":"7","status":200,"message":"1 user online","total":1,"offset":0,\
                        "users":[{"address":"127.0.0.1"}]}""", "missing field 'users[0].username'"),
                arguments(ListOnlineAnswer.class, """
                        {"type":"RESPONSE","id":"7","status":200,"message":"1 user online","total":1,"offset":0,\
                        "users":["alice"]}""", "users[0] must be an object"),
                arguments(ListOnlineAnswer.class, """
                        {"type":"RESPONSE","id":"7","status":200,"message":"2 users online","total":2,"offset":0,\
                        "users":[{"username":"alice"},{"username":"bob","address":"127.0.0.1","peerPort":"x"}]}""",
                        "field 'users[1].peerPort' must be a whole number"),
                arguments(WatchAnswer.class, """
                        {"type":"RESPONSE","id":"9","status":200,"message":"watching 0 users","online":[]}""",
                        "missing field 'watching'"),
                arguments(WatchAnswer.class, """
                        {"type":"RESPONSE","id":"9","status":200,"message":"watching 1 user","watching":1,\
                        "online":[{"user":"bob","peerPort":40311}]}""", "missing field 'online[0].address'"),
                arguments(WatchAnswer.class, """
                        {"type":"RESPONSE","id":"9","status":200,"message":"watching 1 user","watching":1,\
                        "online":[null]}""", "online[0] must not be null"),
                arguments(KeepaliveAnswer.class, """
                        {"type":"RESPONSE","id":"12","status":200,"message":"session kept alive"}""",
                        "missing field 'udpKeepalivesArriving'"),
                arguments(KeepaliveAnswer.class, """
                        {"type":"RESPONSE","id":"12","status":200,"message":"kept","udpKeepalivesArriving":"false"}""",
                        "field 'udpKeepalivesArriving' must be true or false"),
                arguments(RoomAnswer.class, """
                        {"type":"RESPONSE","id":"9","status":200,"message":"joined lobby","room":"lobby"}""",
                        "field 'room' must be an object"),
                arguments(RoomAnswer.class, """
                        {"type":"RESPONSE","id":"9","status":200,"message":"joined lobby","room":{"name":"lobby",\
                        "description":"","memberCount":1,"host":"alice","locked":false,"inviteOnly":false}}""",
                        "missing field 'room.capacity'"),
                arguments(RoomAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":200,\"message\":\"m\","
                        + "\"room\":{" + room + ",\"members\":[{" + alice + "},{\"username\":\"bob\",\"role\":\"owner\","
                        + "\"joinedAt\":\"2026-11-21T14:01:00Z\",\"online\":false}]}}",
                        "field 'room.members[1].role' must be one of host, member"),
                arguments(RoomAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":200,\"message\":\"m\","
                        + "\"room\":{" + room + ",\"members\":[{" + alice.replace("2026-11-21T14:00:00Z", "14:00") + "}]}}",
                        "field 'room.members[0].joinedAt' must be a time like 2026-11-21T14:02:03Z"),
                arguments(RoomAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":200,\"message\":\"m\","
                        + "\"room\":{" + room + ",\"members\":[{" + alice + ",\"peerPort\":70000.5}]}}",
                        "field 'room.members[0].peerPort' must be a whole number"),
                arguments(RoomAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":200,\"message\":\"m\","
                        + "\"room\":{" + room + ",\"members\":{}}}", "field 'room.members' must be an array"),
                arguments(RoomAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":200,\"message\":\"m\","
                        + "\"room\":{" + room + ",\"memberNames\":[1]}}", "room.memberNames[0] must be a string"),
                arguments(RoomAnswer.class, """
                        {"type":"RESPONSE","id":"16","status":201,"message":"created","invited":"bob"}""",
                        "field 'invited' must be an array"),
                arguments(RoomAnswer.class, """
                        {"type":"RESPONSE","id":"16","status":201,"message":"created","offline":[null]}""",
                        "offline[0] must not be null"),
                arguments(RoomAnswer.class, """
                        {"type":"RESPONSE","id":"10","status":200,"message":"left lobby","deleted":"true"}""",
                        "field 'deleted' must be true or false"),
                arguments(RoomListAnswer.class, """
                        {"type":"RESPONSE","id":"8","status":200,"message":"0 rooms","rooms":[]}""",
                        "missing field 'offset'"),
                arguments(RoomListAnswer.class, """
                        {"type":"RESPONSE","id":"8","status":200,"message":"0 rooms","offset":0}""",
                        "missing field 'rooms'"),
                arguments(RoomListAnswer.class, "{\"type\":\"RESPONSE\",\"id\":\"8\",\"status\":200,\"message\":\"2 rooms\","
                        + "\"offset\":0,\"rooms\":[{" + room + "},{" + room.replace(",\"locked\":false", "") + "}]}",
                        "missing field 'rooms[1].locked'"),
                arguments(RoomListAnswer.class, """
                        {"type":"RESPONSE","id":"8","status":200,"message":"2 rooms","total":"2","offset":0,"rooms":[]}""",
                        "field 'total' must be a whole number"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("malformedAnswers")
    void aMalformedAnswerIsRefusedWithItsReason(Class<? extends Record> type, String wire, String reason) {
        assertEquals(reason, refusal(type, wire));
    }

    // ---- events ----

    static Stream<Arguments> events() {
        return Stream.of(
                arguments("""
                        {"status":503,"message":"the registry is shutting down","type":"BYE"}""",
                        new Bye(503, "the registry is shutting down", null, null)),
                arguments("""
                        {"status":401,"message":"session expired: no keepalive for 30 s","reason":"keepalive-timeout",\
                        "udpPort":15500,"type":"BYE"}""",
                        new Bye(401, "session expired: no keepalive for 30 s", Bye.KEEPALIVE_TIMEOUT, 15500)),
                arguments("""
                        {"user":"bob","online":true,"address":"127.0.0.1","peerPort":40123,\
                        "identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE","type":"PRESENCE"}""",
                        new Presence("bob", true, "127.0.0.1", 40123, KEY)),
                arguments("""
                        {"user":"bob","online":false,"type":"PRESENCE"}""", new Presence("bob", false, null, null, null)),
                arguments("""
                        {"udpPort":15500,"silentSeconds":20,"type":"KEEPALIVE_MISSING"}""", new KeepaliveMissing(15500, 20)),
                arguments("""
                        {"room":"lobby","member":{"username":"alice","role":"host","joinedAt":"2026-11-21T14:00:00Z",\
                        "online":true,"address":"127.0.0.1","peerPort":40211,"identityKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"},\
                        "type":"ROOM_JOINED"}""", new RoomJoined("lobby", ALICE_HOST)),
                arguments("""
                        {"room":"lobby","member":{"username":"bob","role":"member","joinedAt":"2026-11-21T14:01:00Z",\
                        "online":false},"type":"ROOM_JOINED"}""", new RoomJoined("lobby", BOB_AWAY)),
                arguments("""
                        {"room":"lobby","username":"bob","reason":"left","type":"ROOM_LEFT"}""",
                        new RoomLeft("lobby", "bob", LeaveReason.LEFT)),
                arguments("""
                        {"room":"lobby","username":"carol","reason":"offline","type":"ROOM_LEFT"}""",
                        new RoomLeft("lobby", "carol", LeaveReason.OFFLINE)),
                arguments("""
                        {"room":"lobby","username":"mallory","reason":"kicked","type":"ROOM_LEFT"}""",
                        new RoomLeft("lobby", "mallory", LeaveReason.KICKED)),
                arguments("""
                        {"room":"lobby","username":"mallory","reason":"banned","type":"ROOM_LEFT"}""",
                        new RoomLeft("lobby", "mallory", LeaveReason.BANNED)),
                arguments("""
                        {"room":"lobby","host":"bob","type":"ROOM_HOST"}""", new RoomHost("lobby", "bob")),
                arguments("""
                        {"room":"lobby","description":"new topic","locked":false,"type":"ROOM_UPDATED"}""",
                        new RoomUpdated("lobby", "new topic", false)),
                arguments("""
                        {"room":"lobby","description":"","locked":true,"type":"ROOM_UPDATED"}""",
                        new RoomUpdated("lobby", "", true)),
                arguments("""
                        {"room":"group-k3x9qa","from":"alice","members":["alice"],"invited":["bob","carol"],\
                        "type":"ROOM_INVITATION"}""",
                        new RoomInvitation("group-k3x9qa", "alice", List.of("alice"), List.of("bob", "carol"))),
                arguments("""
                        {"room":"group-k3x9qa","username":"bob","accepted":true,"type":"ROOM_INVITATION_ANSWER"}""",
                        new RoomInvitationAnswer("group-k3x9qa", "bob", true)),
                arguments("""
                        {"room":"group-k3x9qa","username":"carol","accepted":false,"type":"ROOM_INVITATION_ANSWER"}""",
                        new RoomInvitationAnswer("group-k3x9qa", "carol", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachEventIsReadFromAndWrittenAsItsFrame(String wire, RegistryEvent expected) {
        assertEvent(RegistryEvent.CATALOG, wire, expected);
    }

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                arguments("""
                        {"type":"BYE","message":"frame too large"}""", "missing field 'status'"),
                arguments("""
                        {"type":"BYE","status":"503","message":"the registry is shutting down"}""",
                        "field 'status' must be a whole number"),
                arguments("""
                        {"type":"BYE","status":401,"message":"expired","reason":"keepalive-timeout","udpPort":"15500"}""",
                        "field 'udpPort' must be a whole number"),
                arguments("""
                        {"type":"PRESENCE","user":"bob"}""", "missing field 'online'"),
                arguments("""
                        {"type":"PRESENCE","online":false}""", "missing field 'user'"),
                arguments("""
                        {"type":"PRESENCE","user":"bob","online":true,"address":"127.0.0.1","peerPort":"40123"}""",
                        "field 'peerPort' must be a whole number"),
                arguments("""
                        {"type":"KEEPALIVE_MISSING","silentSeconds":20}""", "missing field 'udpPort'"),
                arguments("""
                        {"type":"KEEPALIVE_MISSING","udpPort":15500,"silentSeconds":20.5}""",
                        "field 'silentSeconds' must be a whole number"),
                arguments("""
                        {"type":"ROOM_JOINED","room":"lobby"}""", "missing field 'member'"),
                arguments("""
                        {"type":"ROOM_JOINED","room":"lobby","member":"bob"}""", "field 'member' must be an object"),
                arguments("""
                        {"type":"ROOM_JOINED","room":"lobby","member":{"username":"bob","role":"admin",\
                        "joinedAt":"2026-11-21T14:01:00Z","online":false}}""",
                        "field 'member.role' must be one of host, member"),
                arguments("""
                        {"type":"ROOM_JOINED","room":"lobby","member":{"username":"bob","role":"member","online":false}}""",
                        "missing field 'member.joinedAt'"),
                arguments("""
                        {"type":"ROOM_JOINED","room":"lobby","member":{"username":"bob","role":"member",\
                        "joinedAt":"2026-11-21T14:01:00Z","online":"yes"}}""", "field 'member.online' must be true or false"),
                arguments("""
                        {"type":"ROOM_LEFT","room":"lobby","username":"bob","reason":"quit"}""",
                        "field 'reason' must be one of left, offline, kicked, banned"),
                arguments("""
                        {"type":"ROOM_LEFT","room":"lobby","username":"bob","reason":"LEFT"}""",
                        "field 'reason' must be one of left, offline, kicked, banned"),
                arguments("""
                        {"type":"ROOM_LEFT","room":"lobby","username":"bob","reason":1}""", "field 'reason' must be a string"),
                arguments("""
                        {"type":"ROOM_LEFT","room":"lobby","reason":"left"}""", "missing field 'username'"),
                arguments("""
                        {"type":"ROOM_HOST","room":"lobby"}""", "missing field 'host'"),
                arguments("""
                        {"type":"ROOM_UPDATED","room":"lobby","locked":false}""", "missing field 'description'"),
                arguments("""
                        {"type":"ROOM_UPDATED","room":"lobby","description":"","locked":"no"}""",
                        "field 'locked' must be true or false"),
                arguments("""
                        {"type":"ROOM_INVITATION","room":"group-k3x9qa","from":"alice","members":["alice"]}""",
                        "missing field 'invited'"),
                arguments("""
                        {"type":"ROOM_INVITATION","room":"group-k3x9qa","from":"alice","members":[1],"invited":[]}""",
                        "members[0] must be a string"),
                arguments("""
                        {"type":"ROOM_INVITATION_ANSWER","room":"group-k3x9qa","username":"bob"}""",
                        "missing field 'accepted'"),
                arguments("""
                        {"type":"CHAT_CLOSE","reason":"closed"}""", "unknown message type 'CHAT_CLOSE'"),
                arguments("""
                        {"type":"HELLO","version":"1.0"}""", "unknown message type 'HELLO'"),
                arguments("""
                        {"type":"RESPONSE","status":200,"message":"ok"}""", "unknown message type 'RESPONSE'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedEvents")
    void aMalformedEventIsRefusedWithItsReason(String wire, String reason) {
        assertEquals(reason, refusal(RegistryEvent.CATALOG, wire));
    }

    @Test
    void theCatalogsKnowEveryMessageOfTheirLinkAndNoOther() {
        for (String type : List.of("HELLO", "REGISTER", "USERNAME_CHECK", "LOGIN", "LOGOUT", "WHOAMI", "SEARCH_USER", "LIST_ONLINE", "WATCH",
                "KEEPALIVE", "ROOM_CREATE", "ROOM_LIST", "ROOM_JOIN", "ROOM_LEAVE", "ROOM_MEMBERS", "ROOM_KICK", "ROOM_BAN",
                "ROOM_UPDATE", "GROUP_CREATE", "ROOM_INVITE_ANSWER", "MAIL_DEPOSIT", "MAIL_FETCH", "MAIL_ACK", "RECEIPT_FETCH",
                "RECEIPT_ACK")) {
            assertTrue(RegistryRequest.CATALOG.knows(type), type);
            assertFalse(RegistryEvent.CATALOG.knows(type), type);
        }
        for (String type : List.of("BYE", "PRESENCE", "KEEPALIVE_MISSING", "ROOM_JOINED", "ROOM_LEFT", "ROOM_HOST",
                "ROOM_UPDATED", "ROOM_INVITATION", "ROOM_INVITATION_ANSWER", "MAIL", "MAIL_RECEIPT")) {
            assertTrue(RegistryEvent.CATALOG.knows(type), type);
            assertFalse(RegistryRequest.CATALOG.knows(type), type);
        }
        assertEquals(25, RegistryRequest.class.getPermittedSubclasses().length);
        assertEquals(11, RegistryEvent.class.getPermittedSubclasses().length);
    }
}
