package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private static byte[] framed(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes), Limits.MAX_FRAME_BYTES);
    }

    @Test
    void readsAFrameWrittenByTheWriter() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frame sent = Frame.request("42", new RegistryRequest.SearchUser("alice"));
        new FrameWriter(out, Limits.MAX_FRAME_BYTES).write(sent);

        Frame read = reader(out.toByteArray()).read();

        assertEquals("SEARCH_USER", read.type());
        assertEquals("42", read.id().orElseThrow());
        assertEquals(new RegistryRequest.SearchUser("alice"), RegistryRequest.CATALOG.read(read));
    }

    @Test
    void readsConsecutiveFramesAndThenReportsACleanEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(framed("{\"type\":\"HELLO\",\"id\":\"1\"}"));
        out.write(framed("{\"type\":\"WHOAMI\",\"id\":\"2\"}"));
        FrameReader r = reader(out.toByteArray());

        assertEquals("HELLO", r.read().type());
        assertEquals("WHOAMI", r.read().type());
        assertNull(r.read());
    }

    @Test
    void lengthPrefixAboveTheLimitIsRefusedBeforeAllocating() {
        byte[] bytes = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();

        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> reader(bytes).read());

        assertEquals("frame of 2147483647 bytes exceeds the limit of 65536 bytes", e.getMessage());
    }

    @Test
    void negativeLookingPrefixIsReadAsUnsignedAndRefused() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> reader(bytes).read());

        assertEquals("frame of 4294967295 bytes exceeds the limit of 65536 bytes", e.getMessage());
    }

    @Test
    void linkEndingInsideTheHeaderIsTruncated() {
        TruncatedFrameException e = assertThrows(TruncatedFrameException.class,
                () -> reader(new byte[] {0, 0}).read());

        assertEquals("link closed after 2 of 4 bytes of a frame", e.getMessage());
    }

    @Test
    void linkEndingInsideThePayloadIsTruncated() {
        byte[] whole = framed("{\"type\":\"HELLO\",\"id\":\"1\"}");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

        TruncatedFrameException e = assertThrows(TruncatedFrameException.class, () -> reader(cut).read());

        assertEquals("link closed after " + cut.length + " of " + whole.length + " bytes of a frame", e.getMessage());
    }

    @Test
    void zeroLengthFrameIsMalformed() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> reader(new byte[] {0, 0, 0, 0}).read());

        assertEquals("frame is empty", e.getMessage());
    }

    @Test
    void malformedPayloadLeavesTheStreamInSyncForTheNextFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(framed("{not json"));
        out.write(framed("{\"type\":\"HELLO\",\"id\":\"1\"}"));
        FrameReader r = reader(out.toByteArray());

        MalformedFrameException e = assertThrows(MalformedFrameException.class, r::read);
        assertTrue(e.getMessage().startsWith("frame is not valid JSON"), e.getMessage());
        assertEquals("HELLO", r.read().type());
    }

    @Test
    void frameStartIsTrackedOnlyWhileAFrameIsBeingRead() throws IOException {
        byte[] first = framed("{\"type\":\"HELLO\",\"id\":\"1\"}");
        long[] seenDuringRead = new long[1];
        FrameReader[] holder = new FrameReader[1];
        InputStream spying = new ByteArrayInputStream(first) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                seenDuringRead[0] = holder[0].frameStartedAtNanos();
                return super.read(b, off, len);
            }
        };
        holder[0] = new FrameReader(spying, Limits.MAX_FRAME_BYTES);

        holder[0].read();

        assertTrue(seenDuringRead[0] != 0, "a frame in progress has a start time");
        assertEquals(0, holder[0].frameStartedAtNanos());
    }

    @Test
    void writerRefusesAFrameAboveTheLimit() {
        String big = "x".repeat(Limits.MAX_FRAME_BYTES);
        Frame frame = Frame.event(new PeerEvent.Bye(big));

        assertThrows(FrameTooLargeException.class,
                () -> new FrameWriter(new ByteArrayOutputStream(), Limits.MAX_FRAME_BYTES).write(frame));
    }

    @Test
    void encodedBytesAreLengthThenUtf8Json() throws IOException {
        Frame f = Frame.event(new PeerEvent.Bye("é"));

        byte[] bytes = FrameCodec.encodeWithLength(f, Limits.MAX_FRAME_BYTES);

        byte[] payload = "{\"message\":\"é\",\"type\":\"BYE\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(payload.length, ByteBuffer.wrap(bytes).getInt());
        assertArrayEquals(payload, java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
    }
}
