package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.protocol.registry.RegistryRequest.Login;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic rules of reading and writing message records: what each kind of field accepts and the reason it refuses with. */
class RecordCodecTest {

    private static Frame frame(String json) {
        try {
            return FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedFrameException e) {
            throw new AssertionError(e);
        }
    }

    private static String refusal(String json) {
        return assertThrows(InvalidFieldException.class, () -> RegistryRequest.CATALOG.read(frame(json))).getMessage();
    }

    @Test
    void aRequestIsReadIntoItsRecordWithEveryField() {
        RegistryRequest r = RegistryRequest.CATALOG.read(frame(
                "{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"alice\",\"password\":\"correct horse\",\"peerPort\":40211}"));
        assertEquals(new Login("alice", "correct horse", 40211, null, null), r);
    }

    @Test
    void aRecordIsWrittenWithItsTypeAndIdAndWithoutItsNullFields() {
        Frame f = Frame.request("3", new Login("alice", "pw", 40211, null, "KEY"));
        assertEquals("{\"username\":\"alice\",\"password\":\"pw\",\"peerPort\":40211,\"identityKey\":\"KEY\",\"type\":\"LOGIN\",\"id\":\"3\"}",
                f.toString());
    }

    @Test
    void eachBadFieldIsRefusedWithItsReason() {
        assertEquals("missing field 'password'",
                refusal("{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"a\",\"peerPort\":1}"));
        assertEquals("field 'peerPort' must be a whole number",
                refusal("{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"a\",\"password\":\"p\",\"peerPort\":\"1\"}"));
        assertEquals("field 'peerPort' must be between 1 and 65535",
                refusal("{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"a\",\"password\":\"p\",\"peerPort\":65536}"));
        assertEquals("field 'peerPort' must be between 1 and 65535",
                refusal("{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"a\",\"password\":\"p\",\"peerPort\":99999999999999999999999}"));
        assertEquals("field 'username' must be a string",
                refusal("{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":7,\"password\":\"p\",\"peerPort\":1}"));
        assertEquals("field 'detailed' must be true or false",
                refusal("{\"type\":\"LIST_ONLINE\",\"id\":\"3\",\"detailed\":1}"));
        assertEquals("field 'users' must be an array", refusal("{\"type\":\"WATCH\",\"id\":\"3\",\"users\":\"bob\"}"));
        assertEquals("users[1] must be a string", refusal("{\"type\":\"WATCH\",\"id\":\"3\",\"users\":[\"bob\",2]}"));
        assertEquals("unknown message type 'FROB'", refusal("{\"type\":\"FROB\",\"id\":\"3\"}"));
        assertEquals("unknown message type 'CHAT_MESSAGE'", refusal("{\"type\":\"CHAT_MESSAGE\",\"id\":\"3\"}"));
    }

    @Test
    void aLoneSurrogateInAPasswordIsRefusedNamingTheField() {
        assertEquals("field 'password' is not valid Unicode: a lone surrogate at position 3", refusal(
                "{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"alice\",\"password\":\"pw-\\ud800\",\"peerPort\":1}"));
        assertEquals("field 'password' is not valid Unicode: a lone surrogate at position 0", refusal(
                "{\"type\":\"REGISTER\",\"id\":\"3\",\"username\":\"alice\",\"password\":\"\\udc00 correct horse\"}"));
    }

    @Test
    void aNulCharacterIsRefusedInAnyTextField() {
        assertEquals("field 'username' holds the character U+0000 at position 5", refusal(
                "{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"alice\\u0000\",\"password\":\"pw\",\"peerPort\":1}"));
        assertEquals("users[0] holds the character U+0000 at position 0",
                refusal("{\"type\":\"WATCH\",\"id\":\"3\",\"users\":[\"\\u0000\"]}"));
    }

    @Test
    void aSurrogatePairIsOneCharacterAndIsKept() {
        RegistryRequest r = RegistryRequest.CATALOG.read(frame(
                "{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"alice\",\"password\":\"horse \\ud83d\\udc0e\",\"peerPort\":1}"));

        assertEquals("horse \uD83D\uDC0E", ((Login) r).password());
    }

    @Test
    void aHighSurrogateAtTheEndOrALowOneFirstIsRefused() {
        assertEquals("field 'username' is not valid Unicode: a lone surrogate at position 1", refusal(
                "{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"a\\ud83d\",\"password\":\"pw\",\"peerPort\":1}"));
        assertEquals("field 'username' is not valid Unicode: a lone surrogate at position 1", refusal(
                "{\"type\":\"LOGIN\",\"id\":\"3\",\"username\":\"a\\udc0e\\ud83d\",\"password\":\"pw\",\"peerPort\":1}"));
    }

    @Test
    void anAbsentOrNullOptionalFieldReadsAsNull() {
        assertEquals(new RegistryRequest.ListOnline(null, null, null),
                RegistryRequest.CATALOG.read(frame("{\"type\":\"LIST_ONLINE\",\"id\":\"3\",\"offset\":null}")));
    }

    @Test
    void textBoundsAndTimesAreChecked() {
        String tooLong = "x".repeat(Limits.MAX_MESSAGE_CHARS + 1);
        assertEquals("field 'body' must have 1 to 4000 characters", assertThrows(InvalidFieldException.class,
                () -> PeerRequest.CATALOG.read(frame("{\"type\":\"CHAT_MESSAGE\",\"id\":\"m\",\"sentAt\":\"2026-11-21T14:02:03Z\",\"body\":\""
                        + tooLong + "\"}"))).getMessage());
        assertEquals("field 'sentAt' must be a time like 2026-11-21T14:02:03Z", assertThrows(InvalidFieldException.class,
                () -> PeerRequest.CATALOG.read(frame("{\"type\":\"CHAT_MESSAGE\",\"id\":\"m\",\"sentAt\":\"yesterday\",\"body\":\"hi\"}")))
                .getMessage());
    }

    @Test
    void nestedRecordsEnumsAndListsGoBothWays() {
        RoomMember m = new RoomMember("bob", dev.parley.protocol.registry.RegistryAnswer.Role.HOST,
                Instant.parse("2026-11-21T14:01:00Z"), false, null, null, null);
        Frame f = Frame.answer("9", Status.OK, "joined lobby", new RoomAnswer(
                new dev.parley.protocol.registry.RegistryAnswer.RoomView("lobby", "", 50, 1, "bob", false, false, List.of(m), null),
                null, null, null));
        assertEquals("{\"room\":{\"name\":\"lobby\",\"description\":\"\",\"capacity\":50,\"memberCount\":1,\"host\":\"bob\","
                + "\"locked\":false,\"inviteOnly\":false,\"members\":[{\"username\":\"bob\",\"role\":\"host\","
                + "\"joinedAt\":\"2026-11-21T14:01:00Z\",\"online\":false}]},\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":200,"
                + "\"message\":\"joined lobby\"}", f.toString());
        RoomAnswer back = frame(f.toString()).as(RoomAnswer.class);
        assertEquals(m, back.room().members().get(0));
        assertNull(back.deleted());
        assertEquals("field 'room.members[0].role' must be one of host, member", assertThrows(InvalidFieldException.class,
                () -> frame(f.toString().replace("\"host\",\"joinedAt\"", "\"owner\",\"joinedAt\"")).as(RoomAnswer.class))
                .getMessage());
        assertEquals("missing field 'room.members[0].joinedAt'", assertThrows(InvalidFieldException.class,
                () -> frame(f.toString().replace("\"joinedAt\":\"2026-11-21T14:01:00Z\",", "")).as(RoomAnswer.class))
                .getMessage());
    }
}
