package dev.parley.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.registry.cluster.ClusterMessage.Deliver;
import dev.parley.registry.cluster.ClusterMessage.LoginSucceeded;
import dev.parley.registry.cluster.ClusterMessage.PasswordFailed;
import dev.parley.registry.cluster.ClusterMessage.SessionGone;
import dev.parley.registry.cluster.ClusterMessage.SessionSeen;
import dev.parley.registry.cluster.ClusterMessage.Sessions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterWireTest {
    private static final SessionCard ALICE = new SessionCard("s-1", "Alice", "key", "10.0.0.7", 40123,
            Instant.parse("2026-12-06T10:00:00.123456789Z"), true, new byte[] {1, 2, 3}, null);
    private static final SessionCard WENDY = new SessionCard("s-2", "wendy", null, "::1", null,
            Instant.parse("2026-12-06T10:01:00Z"), false, new byte[32], "s-0");

    @Test
    void everyMessageReadsBackAsWritten() throws IOException {
        List<ClusterMessage> sent = List.of(new Sessions(List.of(ALICE, WENDY)), new SessionSeen(WENDY),
                new SessionGone("Alice", "s-1"),
                new Deliver(List.of("s-1", "s-2"), "{\"type\":\"ROOM_EVENT\",\"text\":\"héllo ✓\"}"),
                new Sessions(List.of()), new PasswordFailed("10.0.0.9", "Alice", false), new PasswordFailed("::1", null, false),
                new PasswordFailed("10.0.0.9", "Alice", true),
                new LoginSucceeded("Alice", "10.0.0.7"));

        ClusterWire.Batch batch = ClusterWire.read(ClusterWire.write(new ClusterWire.Batch("node-a", 99L, -7L, 42L, sent)));

        assertEquals(new ClusterWire.Batch("node-a", 99L, -7L, 42L, sent), batch);
        SessionCard back = ((SessionSeen) batch.messages().get(1)).session();
        assertArrayEquals(new byte[32], back.resumeTokenHash());
        assertEquals(null, back.peerPort());
        assertEquals("s-0", back.replaces());
    }

    @Test
    void aBatchOfAnotherVersionIsRefusedWithTheReason() {
        byte[] payload = write("node-a", List.of(new SessionGone("a", "b")));
        ByteBuffer.wrap(payload).putInt(0, ClusterWire.VERSION + 1);

        IOException e = assertThrows(IOException.class, () -> ClusterWire.read(payload));
        assertTrue(e.getMessage().contains("must run the same registry"), e.getMessage());
    }

    @Test
    void truncatedGarbageAndTrailingBytesAreRefused() {
        byte[] payload = write("node-a", List.of(new SessionSeen(ALICE)));
        for (int cut = 0; cut < payload.length; cut++) {
            byte[] part = Arrays.copyOf(payload, cut);
            assertThrows(IOException.class, () -> ClusterWire.read(part), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        assertThrows(IOException.class, () -> ClusterWire.read(longer));
        byte[] unknownType = write("n", List.of(new SessionGone("a", "b")));
        unknownType[4 + 4 + 1 + 8 + 8 + 8 + 4] = 99; // version, node length, "n", process, stream, sequence, count: then the first message's type
        IOException e = assertThrows(IOException.class, () -> ClusterWire.read(unknownType));
        assertTrue(e.getMessage().contains("unknown cluster message 99"), e.getMessage());
        byte[] hugeCount = write("n", List.of());
        ByteBuffer.wrap(hugeCount).putInt(4 + 4 + 1 + 8 + 8 + 8, Integer.MAX_VALUE);
        assertThrows(IOException.class, () -> ClusterWire.read(hugeCount));
    }

    private static byte[] write(String node, List<ClusterMessage> messages) {
        return ClusterWire.write(new ClusterWire.Batch(node, 3, 1, 1, messages));
    }
}
