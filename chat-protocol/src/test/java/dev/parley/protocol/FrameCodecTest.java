package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.registry.RegistryRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static MalformedFrameException refused(String payload) {
        return assertThrows(MalformedFrameException.class,
                () -> FrameCodec.decode(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void decodesEveryFieldOfAResponse() throws MalformedFrameException {
        Frame f = FrameCodec.decode(("{\"type\":\"RESPONSE\",\"id\":\"9\",\"status\":404,"
                + "\"message\":\"no user named bob\"}").getBytes(StandardCharsets.UTF_8));

        assertEquals("RESPONSE", f.type());
        assertEquals("9", f.id().orElseThrow());
        assertEquals(Status.NOT_FOUND, f.status());
        assertEquals("no user named bob", f.message());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'{', '"', 't', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(bad));

        assertEquals("frame is not valid UTF-8", e.getMessage());
    }

    @Test
    void replacementCharacterSentOnPurposeIsKept() throws Exception {
        Frame f = FrameCodec.decode("{\"type\":\"BYE\",\"message\":\"odd \uFFFD here\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals("odd \uFFFD here", f.message());
    }

    @Test
    void invalidUtf8BesideAReplacementCharacterIsRefused() {
        byte[] good = "{\"type\":\"BYE\",\"message\":\"\uFFFD".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(good, good.length + 4);
        bad[good.length] = (byte) 0xED; // an encoded surrogate: not UTF-8
        bad[good.length + 1] = (byte) 0xA0;
        bad[good.length + 2] = (byte) 0x80;
        bad[good.length + 3] = '"';

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(bad));

        assertEquals("frame is not valid UTF-8", e.getMessage());
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        assertEquals("frame must be a JSON object", refused("[1,2,3]").getMessage());
    }

    @Test
    void garbageIsRefusedAsInvalidJson() {
        assertTrue(refused("\u0001\u0002garbage").getMessage().startsWith("frame is not valid JSON"));
    }

    @Test
    void trailingContentAfterTheObjectIsRefused() {
        assertEquals("frame has content after its JSON object", refused("{\"type\":\"HELLO\"} {\"type\":\"HELLO\"}").getMessage());
    }

    @Test
    void missingTypeIsRefused() {
        assertEquals("frame has no string field 'type'", refused("{\"id\":\"1\"}").getMessage());
    }

    @Test
    void numericTypeIsRefused() {
        assertEquals("frame has no string field 'type'", refused("{\"type\":7}").getMessage());
    }

    @Test
    void wrongTypedFieldsAreNamedInTheReason() throws MalformedFrameException {
        Frame f = FrameCodec.decode("{\"type\":\"LOGIN\",\"id\":\"1\",\"username\":5,\"peerPort\":\"x\",\"detailed\":1}"
                .getBytes(StandardCharsets.UTF_8));

        assertEquals("field 'username' must be a string",
                assertThrows(InvalidFieldException.class, () -> RegistryRequest.CATALOG.read(f)).getMessage());
    }

    @Test
    void outOfRangeNumbersAreRefusedEvenWhenHuge() throws MalformedFrameException {
        Frame f = FrameCodec.decode("{\"type\":\"LOGIN\",\"username\":\"a\",\"password\":\"p\",\"peerPort\":99999999999999999999}"
                .getBytes(StandardCharsets.UTF_8));

        assertEquals("field 'peerPort' must be between 1 and 65535",
                assertThrows(InvalidFieldException.class, () -> RegistryRequest.CATALOG.read(f)).getMessage());
    }

    @Test
    void anOverlongOrEmptyIdIsNotAnId() throws MalformedFrameException {
        Frame longId = FrameCodec.decode(("{\"type\":\"HELLO\",\"id\":\"" + "x".repeat(65) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        Frame emptyId = FrameCodec.decode("{\"type\":\"HELLO\",\"id\":\"\"}".getBytes(StandardCharsets.UTF_8));
        Frame numberId = FrameCodec.decode("{\"type\":\"HELLO\",\"id\":3}".getBytes(StandardCharsets.UTF_8));

        assertTrue(longId.id().isEmpty());
        assertTrue(emptyId.id().isEmpty());
        assertTrue(numberId.id().isEmpty());
    }

    @Test
    void anIdThatIsNotValidUnicodeIsNotAnId() throws MalformedFrameException {
        Frame f = FrameCodec.decode("{\"type\":\"HELLO\",\"id\":\"a\\ud800\"}".getBytes(StandardCharsets.UTF_8));

        assertTrue(f.id().isEmpty(), "a lone surrogate could not be echoed back as the same id");
    }

    @Test
    void answersEventsAndRequestsAreToldApart() throws MalformedFrameException {
        Frame answer = FrameCodec.decode("{\"type\":\"RESPONSE\",\"id\":\"1\",\"status\":200}".getBytes(StandardCharsets.UTF_8));
        Frame answerWithoutId = FrameCodec.decode("{\"type\":\"RESPONSE\",\"id\":null,\"status\":400}"
                .getBytes(StandardCharsets.UTF_8));
        Frame event = FrameCodec.decode("{\"type\":\"BYE\",\"message\":\"bye\"}".getBytes(StandardCharsets.UTF_8));
        Frame request = FrameCodec.decode("{\"type\":\"WHOAMI\",\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8));
        Frame badId = FrameCodec.decode("{\"type\":\"WHOAMI\",\"id\":3}".getBytes(StandardCharsets.UTF_8));

        assertTrue(answer.isAnswer() && !answer.isEvent());
        assertTrue(answerWithoutId.isAnswer() && !answerWithoutId.isEvent());
        assertTrue(event.isEvent() && !event.isAnswer());
        assertTrue(!request.isEvent() && !request.isAnswer());
        assertTrue(!badId.isEvent() && !badId.isAnswer(), "a request with an unusable id is still a request");
        assertTrue(Frame.answer("9", Status.OK, "ok").isAnswer());
        assertTrue(Frame.event(new dev.parley.protocol.peer.PeerEvent.Bye("done")).isEvent());
    }

    @Test
    void unknownStatusCodeReadsAsInternalError() throws MalformedFrameException {
        Frame f = FrameCodec.decode("{\"type\":\"RESPONSE\",\"status\":299}".getBytes(StandardCharsets.UTF_8));

        assertEquals(Status.INTERNAL_ERROR, f.status());
    }
}
