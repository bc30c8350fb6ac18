package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

/** Literal frames as the peer's bytes, and the reason a message is refused with, for the message tests. */
public final class Wire {
    private Wire() {
    }

    /** The frame these UTF-8 bytes hold, read the way a link reads a payload. */
    public static Frame frame(String json) {
        try {
            return FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedFrameException e) {
            throw new AssertionError("not a frame: " + json, e);
        }
    }

    /** The reason {@code catalog} refuses this frame with. */
    public static String refusal(MessageCatalog<?> catalog, String json) {
        Frame f = frame(json);
        return assertThrows(InvalidFieldException.class, () -> catalog.read(f), json).getMessage();
    }

    /** The reason this frame's fields are refused with when read as {@code type}. */
    public static String refusal(Class<? extends Record> type, String json) {
        Frame f = frame(json);
        return assertThrows(InvalidFieldException.class, () -> f.as(type), json).getMessage();
    }

    /** A request frame is read into {@code expected} and {@code expected} is written as exactly {@code wire}. */
    public static void assertRequest(MessageCatalog<?> catalog, String wire, String id, Object expected) {
        Record r = (Record) expected;
        Frame f = frame(wire);
        assertEquals(RecordCodec.of(r.getClass()).wireType(), f.type());
        assertEquals(id, f.id().orElseThrow());
        assertEquals(expected, catalog.read(f));
        assertEquals(wire, Frame.request(id, r).toString());
    }

    /** An answer frame is read into {@code expected} beside its id, status and message, and written as exactly {@code wire}. */
    public static void assertAnswer(String wire, String id, Status status, String message, Object expected) {
        Record r = (Record) expected;
        Frame f = frame(wire);
        assertEquals("RESPONSE", f.type());
        assertEquals(id, f.id().orElseThrow());
        assertEquals(status, f.status());
        assertEquals(message, f.message());
        assertEquals(expected, f.as(r.getClass()));
        assertEquals(wire, Frame.answer(id, status, message, r).toString());
    }

    /** An event frame (no id) is read into {@code expected} and {@code expected} is written as exactly {@code wire}. */
    public static void assertEvent(MessageCatalog<?> catalog, String wire, Object expected) {
        Record r = (Record) expected;
        Frame f = frame(wire);
        assertEquals(RecordCodec.of(r.getClass()).wireType(), f.type());
        assertEquals(java.util.Optional.empty(), f.id());
        assertEquals(expected, catalog.read(f));
        assertEquals(wire, Frame.event(r).toString());
    }
}
