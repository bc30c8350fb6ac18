package dev.parley.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns frames into payload bytes and back. Stateless; the length prefix is the job of the reader and writer. */
public final class FrameCodec {

    private FrameCodec() {
    }

    /** The UTF-8 JSON payload of a frame; refuses one larger than {@code maxFrameBytes}. */
    public static byte[] encode(Frame frame, int maxFrameBytes) throws FrameTooLargeException {
        byte[] payload = frame.json().toString().getBytes(StandardCharsets.UTF_8);
        if (payload.length > maxFrameBytes) {
            throw new FrameTooLargeException(payload.length, maxFrameBytes);
        }
        return payload;
    }

    /** The payload with its 4-byte big-endian length prefix, ready to write or send. */
    public static byte[] encodeWithLength(Frame frame, int maxFrameBytes) throws FrameTooLargeException {
        byte[] payload = encode(frame, maxFrameBytes);
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /**
     * The frame as the text of one WebSocket message (which carries text, not a length prefix);
     * refuses one whose UTF-8 is larger than {@code maxFrameBytes}, as {@link #encode} does.
     */
    public static String encodeText(Frame frame, int maxFrameBytes) throws FrameTooLargeException {
        String text = frame.json().toString();
        checkTextSize(text, maxFrameBytes);
        return text;
    }

    /**
     * Refuses the text of a frame whose UTF-8 is longer than {@code maxFrameBytes}: a WebSocket
     * message arrives and leaves as text, and its limit is in bytes as on TCP. The text is encoded
     * only when its length alone cannot tell (one to three bytes a char).
     */
    public static void checkTextSize(String text, int maxFrameBytes) throws FrameTooLargeException {
        if ((long) text.length() * 3 > maxFrameBytes) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxFrameBytes) {
                throw new FrameTooLargeException(bytes, maxFrameBytes);
            }
        }
    }

    /** Parses a payload: strict UTF-8, exactly one JSON object, with a string {@code type}. */
    public static Frame decode(byte[] payload, int offset, int length) throws MalformedFrameException {
        return decode(utf8(payload, offset, length));
    }

    /**
     * Parses the text of a frame (a WebSocket message: its transport has checked the UTF-8):
     * exactly one JSON object, with a string {@code type}.
     */
    public static Frame decode(String text) throws MalformedFrameException {
        JsonObject object;
        try (JsonParser parser = Frame.JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedFrameException("frame must be a JSON object");
            }
            object = parser.getObject();
            if (hasMore(parser)) {
                throw new MalformedFrameException("frame has content after its JSON object");
            }
        } catch (MalformedFrameException e) {
            throw e;
        } catch (RuntimeException e) {
            // JSON-P reports bad syntax, depth and number overflow with differing runtime exceptions;
            // to the peer they are all the same: not valid JSON. Parsson's message gives the position.
            throw new MalformedFrameException("frame is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(object.get("type") instanceof JsonString)) {
            throw new MalformedFrameException("frame has no string field 'type'");
        }
        return new Frame(object);
    }

    public static Frame decode(byte[] payload) throws MalformedFrameException {
        return decode(payload, 0, payload.length);
    }

    /** Strict UTF-8: malformed input is refused, not replaced. */
    private static String utf8(byte[] payload, int offset, int length) throws MalformedFrameException {
        // The lenient decoder is the fast one and marks what it cannot read with U+FFFD; only text
        // holding that character (rare, and legal when the sender meant it) needs the strict check.
        String text = new String(payload, offset, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("frame is not valid UTF-8");
        }
    }

    private static boolean hasMore(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (RuntimeException e) {
            // Parsson signals "not at the end" by failing instead of answering true.
            return true;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
