package dev.parley.protocol.peer;

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
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerAnswer.HelloAnswer;
import dev.parley.protocol.peer.PeerAnswer.Receipt;
import dev.parley.protocol.peer.PeerEvent.Bye;
import dev.parley.protocol.peer.PeerEvent.ChatClose;
import dev.parley.protocol.peer.PeerEvent.CloseReason;
import dev.parley.protocol.peer.PeerRequest.ChatMessage;
import dev.parley.protocol.peer.PeerRequest.ChatRequest;
import dev.parley.protocol.peer.PeerRequest.Hello;
import dev.parley.protocol.peer.PeerRequest.RoomMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message of a peer link, byte for byte: each literal frame is read into a fully built
 * record and the record is written back as exactly that text (the record's components, then
 * {@code type}, {@code id}, {@code status}, {@code message}); then the malformed frames that matter,
 * each with the exact reason it is refused with.
 */
class PeerMessagesTest {
    private static final String ID = "5b0c8a4e-3f7e-4d0a-9a61-0f3f1c2b7d11";
    private static final Instant SENT = Instant.parse("2026-11-21T14:02:03.120Z");
    private static final String LONGEST = "x".repeat(Limits.MAX_MESSAGE_CHARS);
    /** 2,000 times U+1F600, two UTF-16 units each: 4,000 characters as the limit counts them. */
    private static final String LONGEST_EMOJI = "\uD83D\uDE00".repeat(Limits.MAX_MESSAGE_CHARS / 2);

    // ---- requests ----

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("""
                        {"version":"1.0","username":"alice","type":"HELLO","id":"hello"}""", "hello",
                        new Hello("1.0", "alice")),
                arguments("""
                        {"type":"CHAT_REQUEST","id":"r1"}""", "r1", new ChatRequest(null)),
                arguments("""
                        {"resume":true,"type":"CHAT_REQUEST","id":"r2"}""", "r2", new ChatRequest(true)),
                arguments("""
                        {"resume":false,"type":"CHAT_REQUEST","id":"r3"}""", "r3", new ChatRequest(false)),
                arguments("""
                        {"sentAt":"2026-11-21T14:02:03.120Z","body":"hello **bob**","seq":42,"type":"CHAT_MESSAGE",\
                        "id":"5b0c8a4e-3f7e-4d0a-9a61-0f3f1c2b7d11"}""", ID, new ChatMessage(SENT, "hello **bob**", 42L)),
                arguments("""
                        {"sentAt":"2026-11-21T14:02:03.120Z","body":"hello","type":"CHAT_MESSAGE","id":"m1"}""", "m1",
                        new ChatMessage(SENT, "hello", null)),
                arguments("""
                        {"sentAt":"2026-11-21T14:02:03Z","body":"line\\nnext \\"quoted\\" \\\\ ☃ 😀","seq":0,\
                        "type":"CHAT_MESSAGE","id":"m2"}""", "m2",
                        new ChatMessage(Instant.parse("2026-11-21T14:02:03Z"), "line\nnext \"quoted\" \\ \u2603 \uD83D\uDE00", 0L)),
                arguments("{\"sentAt\":\"2026-11-21T14:02:03.120Z\",\"body\":\"" + LONGEST + "\",\"seq\":2147483647,"
                        + "\"type\":\"CHAT_MESSAGE\",\"id\":\"m3\"}", "m3", new ChatMessage(SENT, LONGEST, (long) Integer.MAX_VALUE)),
                arguments("{\"sentAt\":\"2026-11-21T14:02:03.120Z\",\"body\":\"" + LONGEST_EMOJI + "\","
                        + "\"type\":\"CHAT_MESSAGE\",\"id\":\"m4\"}", "m4", new ChatMessage(SENT, LONGEST_EMOJI, null)),
                arguments("""
                        {"room":"lobby","sentAt":"2026-11-21T14:05:00Z","body":"hi all","type":"ROOM_MESSAGE",\
                        "id":"0b6a2c9e-64a8-4a43-9d0e-3a43e6c1f7a2"}""", "0b6a2c9e-64a8-4a43-9d0e-3a43e6c1f7a2",
                        new RoomMessage("lobby", Instant.parse("2026-11-21T14:05:00Z"), "hi all")),
                arguments("{\"room\":\"lobby\",\"sentAt\":\"2026-11-21T14:05:00.001Z\",\"body\":\"" + LONGEST + "\","
                        + "\"type\":\"ROOM_MESSAGE\",\"id\":\"m5\"}", "m5",
                        new RoomMessage("lobby", Instant.parse("2026-11-21T14:05:00.001Z"), LONGEST)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void eachRequestIsReadFromAndWrittenAsItsFrame(String wire, String id, PeerRequest expected) {
        assertRequest(PeerRequest.CATALOG, wire, id, expected);
    }

    @Test
    void aTimeIsReadInAnyIsoFormOfTheInstantAndWrittenInItsShortest() {
        RoomMessage m = (RoomMessage) PeerRequest.CATALOG.read(frame("""
                {"type":"ROOM_MESSAGE","id":"0b6a2c9e-64a8-4a43-9d0e-3a43e6c1f7a2","room":"lobby",\
                "sentAt":"2026-11-21T14:05:00.000Z","body":"hi all"}"""));
        assertEquals(new RoomMessage("lobby", Instant.parse("2026-11-21T14:05:00Z"), "hi all"), m);
        assertEquals("""
                {"room":"lobby","sentAt":"2026-11-21T14:05:00Z","body":"hi all","type":"ROOM_MESSAGE","id":"x"}""",
                Frame.request("x", m).toString());
    }

    @Test
    void onlyAChatRequestThatSaysResumeTrueResumes() {
        assertTrue(((ChatRequest) PeerRequest.CATALOG.read(frame("""
                {"type":"CHAT_REQUEST","id":"r2","resume":true}"""))).resuming());
        assertFalse(((ChatRequest) PeerRequest.CATALOG.read(frame("""
                {"type":"CHAT_REQUEST","id":"r2","resume":false}"""))).resuming());
        assertFalse(((ChatRequest) PeerRequest.CATALOG.read(frame("""
                {"type":"CHAT_REQUEST","id":"r1","resume":null}"""))).resuming());
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                arguments("""
                        {"type":"HELLO","id":"hello","version":"1.0"}""", "missing field 'username'"),
                arguments("""
                        {"type":"HELLO","id":"hello","username":"alice"}""", "missing field 'version'"),
                arguments("""
                        {"type":"HELLO","id":"hello","version":"1.0","username":7}""", "field 'username' must be a string"),
                arguments("""
                        {"type":"CHAT_REQUEST","id":"r2","resume":"true"}""", "field 'resume' must be true or false"),
                arguments("""
                        {"type":"CHAT_REQUEST","id":"r2","resume":1}""", "field 'resume' must be true or false"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","body":"hi"}""", "missing field 'sentAt'"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"yesterday","body":"hi"}""",
                        "field 'sentAt' must be a time like 2026-11-21T14:02:03Z"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21","body":"hi"}""",
                        "field 'sentAt' must be a time like 2026-11-21T14:02:03Z"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03","body":"hi"}""",
                        "field 'sentAt' must be a time like 2026-11-21T14:02:03Z"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":1795280523,"body":"hi"}""", "field 'sentAt' must be a string"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z"}""", "missing field 'body'"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":""}""",
                        "field 'body' must have 1 to 4000 characters"),
                arguments("{\"type\":\"CHAT_MESSAGE\",\"id\":\"m\",\"sentAt\":\"2026-11-21T14:02:03Z\",\"body\":\""
                        + LONGEST + "x\"}", "field 'body' must have 1 to 4000 characters"),
                arguments("{\"type\":\"CHAT_MESSAGE\",\"id\":\"m\",\"sentAt\":\"2026-11-21T14:02:03Z\",\"body\":\""
                        + LONGEST.substring(1) + "\uD83D\uDE00\"}", "field 'body' must have 1 to 4000 characters"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":["hi"]}""",
                        "field 'body' must be a string"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":"hi","seq":-1}""",
                        "field 'seq' must be between 0 and 2147483647"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":"hi","seq":2147483648}""",
                        "field 'seq' must be between 0 and 2147483647"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":"hi","seq":"42"}""",
                        "field 'seq' must be a whole number"),
                arguments("""
                        {"type":"CHAT_MESSAGE","id":"m","sentAt":"2026-11-21T14:02:03Z","body":"hi","seq":42.5}""",
                        "field 'seq' must be a whole number"),
                arguments("""
                        {"type":"ROOM_MESSAGE","id":"m","sentAt":"2026-11-21T14:05:00Z","body":"hi all"}""",
                        "missing field 'room'"),
                arguments("""
                        {"type":"ROOM_MESSAGE","id":"m","room":1,"sentAt":"2026-11-21T14:05:00Z","body":"hi all"}""",
                        "field 'room' must be a string"),
                arguments("""
                        {"type":"ROOM_MESSAGE","id":"m","room":"lobby","sentAt":"14:05","body":"hi all"}""",
                        "field 'sentAt' must be a time like 2026-11-21T14:02:03Z"),
                arguments("""
                        {"type":"ROOM_MESSAGE","id":"m","room":"lobby","sentAt":"2026-11-21T14:05:00Z","body":""}""",
                        "field 'body' must have 1 to 4000 characters"),
                arguments("{\"type\":\"ROOM_MESSAGE\",\"id\":\"m\",\"room\":\"lobby\",\"sentAt\":\"2026-11-21T14:05:00Z\","
                        + "\"body\":\"" + LONGEST + "x\"}", "field 'body' must have 1 to 4000 characters"),
                arguments("""
                        {"type":"LOGIN","id":"3","username":"alice","password":"pw","peerPort":40211}""",
                        "unknown message type 'LOGIN'"),
                arguments("""
                        {"type":"CHAT_CLOSE","id":"c","reason":"closed"}""", "unknown message type 'CHAT_CLOSE'"),
                arguments("""
                        {"type":"RESPONSE","id":"r1","status":200,"message":"bob accepted"}""",
                        "unknown message type 'RESPONSE'"),
                arguments("""
                        {"type":"ROOM_JOINED","id":"j","room":"lobby"}""", "unknown message type 'ROOM_JOINED'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedRequests")
    void aMalformedRequestIsRefusedWithItsReason(String wire, String reason) {
        assertEquals(reason, refusal(PeerRequest.CATALOG, wire));
    }

    // ---- answers ----

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments("""
                        {"version":"1.0","username":"bob","type":"RESPONSE","id":"hello","status":200,"message":"hello alice"}""",
                        "hello", Status.OK, "hello alice", new HelloAnswer("1.0", "bob")),
                arguments("""
                        {"receivedAt":"2026-11-21T14:02:03.125Z","type":"RESPONSE","id":"5b0c8a4e-3f7e-4d0a-9a61-0f3f1c2b7d11",\
                        "status":200,"message":"delivered"}""",
                        ID, Status.OK, "delivered", new Receipt(Instant.parse("2026-11-21T14:02:03.125Z"))),
                arguments("""
                        {"receivedAt":"2026-11-21T14:05:00Z","type":"RESPONSE","id":"m","status":200,\
                        "message":"already delivered"}""",
                        "m", Status.OK, "already delivered", new Receipt(Instant.parse("2026-11-21T14:05:00Z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerIsReadFromAndWrittenAsItsFrame(String wire, String id, Status status, String message,
            PeerAnswer expected) {
        assertAnswer(wire, id, status, message, expected);
    }

    static Stream<Arguments> chatRequestAnswers() {
        return Stream.of(
                arguments("""
                        {"type":"RESPONSE","id":"r1","status":200,"message":"bob accepted"}""", Status.OK, "bob accepted"),
                arguments("""
                        {"type":"RESPONSE","id":"r1","status":403,"message":"bob rejected the chat"}""",
                        Status.FORBIDDEN, "bob rejected the chat"),
                arguments("""
                        {"type":"RESPONSE","id":"r1","status":423,"message":"bob is busy"}""", Status.LOCKED, "bob is busy"),
                arguments("""
                        {"type":"RESPONSE","id":"r1","status":409,"message":"crossed requests"}""",
                        Status.CONFLICT, "crossed requests"),
                arguments("""
                        {"type":"RESPONSE","id":"r1","status":429,"message":"too many chat requests; try again in a minute"}""",
                        Status.TOO_MANY_REQUESTS, "too many chat requests; try again in a minute"));
    }

    /** CHAT_REQUEST's answer has no record: its status is the whole of it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("chatRequestAnswers")
    void aChatRequestIsAnsweredByItsStatusAlone(String wire, Status status, String message) {
        Frame f = frame(wire);
        assertEquals("r1", f.id().orElseThrow());
        assertEquals(status, f.status());
        assertEquals(message, f.message());
        assertEquals(wire, Frame.answer("r1", status, message).toString());
    }

    static Stream<Arguments> malformedAnswers() {
        return Stream.of(
                arguments(HelloAnswer.class, """
                        {"type":"RESPONSE","id":"hello","status":200,"message":"hello alice","version":"1.0"}""",
                        "missing field 'username'"),
                arguments(HelloAnswer.class, """
                        {"type":"RESPONSE","id":"hello","status":200,"message":"hello alice","version":1,"username":"bob"}""",
                        "field 'version' must be a string"),
                arguments(Receipt.class, """
                        {"type":"RESPONSE","id":"m","status":200,"message":"delivered"}""", "missing field 'receivedAt'"),
                arguments(Receipt.class, """
                        {"type":"RESPONSE","id":"m","status":200,"message":"delivered","receivedAt":"soon"}""",
                        "field 'receivedAt' must be a time like 2026-11-21T14:02:03Z"),
                arguments(Receipt.class, """
                        {"type":"RESPONSE","id":"m","status":200,"message":"delivered","receivedAt":0}""",
                        "field 'receivedAt' must be a string"));
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
                        {"reason":"closed","type":"CHAT_CLOSE"}""", new ChatClose(CloseReason.CLOSED)),
                arguments("""
                        {"reason":"logout","type":"CHAT_CLOSE"}""", new ChatClose(CloseReason.LOGOUT)),
                arguments("""
                        {"message":"frame too large","type":"BYE"}""", new Bye("frame too large")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachEventIsReadFromAndWrittenAsItsFrame(String wire, PeerEvent expected) {
        assertEvent(PeerEvent.CATALOG, wire, expected);
    }

    @Test
    void aByeWithTheRegistrysFieldsIsStillAPeerBye() {
        assertEquals(new Bye("the registry is shutting down"), PeerEvent.CATALOG.read(frame("""
                {"type":"BYE","status":503,"message":"the registry is shutting down"}""")));
    }

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                arguments("""
                        {"type":"CHAT_CLOSE"}""", "missing field 'reason'"),
                arguments("""
                        {"type":"CHAT_CLOSE","reason":"exit"}""", "field 'reason' must be one of closed, logout"),
                arguments("""
                        {"type":"CHAT_CLOSE","reason":"CLOSED"}""", "field 'reason' must be one of closed, logout"),
                arguments("""
                        {"type":"CHAT_CLOSE","reason":true}""", "field 'reason' must be a string"),
                arguments("""
                        {"type":"BYE"}""", "missing field 'message'"),
                arguments("""
                        {"type":"BYE","message":3}""", "field 'message' must be a string"),
                arguments("""
                        {"type":"CHAT_MESSAGE","sentAt":"2026-11-21T14:02:03Z","body":"hi"}""",
                        "unknown message type 'CHAT_MESSAGE'"),
                arguments("""
                        {"type":"PRESENCE","user":"bob","online":false}""", "unknown message type 'PRESENCE'"),
                arguments("""
                        {"type":"ROOM_LEFT","room":"lobby","username":"bob","reason":"left"}""",
                        "unknown message type 'ROOM_LEFT'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedEvents")
    void aMalformedEventIsRefusedWithItsReason(String wire, String reason) {
        assertEquals(reason, refusal(PeerEvent.CATALOG, wire));
    }

    @Test
    void theCatalogsKnowEveryMessageOfAPeerLinkAndNoOther() {
        for (String type : List.of("HELLO", "CHAT_REQUEST", "CHAT_MESSAGE", "ROOM_MESSAGE")) {
            assertTrue(PeerRequest.CATALOG.knows(type), type);
            assertFalse(PeerEvent.CATALOG.knows(type), type);
        }
        for (String type : List.of("CHAT_CLOSE", "BYE")) {
            assertTrue(PeerEvent.CATALOG.knows(type), type);
            assertFalse(PeerRequest.CATALOG.knows(type), type);
        }
        assertEquals(4, PeerRequest.class.getPermittedSubclasses().length);
        assertEquals(2, PeerEvent.class.getPermittedSubclasses().length);
    }
}
