package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeepaliveTest {
    private final byte[] key = filled(Keepalive.KEY_BYTES, 7);
    private final byte[] session = filled(Keepalive.SESSION_ID_BYTES, 0xAB);

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void signedDatagramParsesAndVerifies() throws MalformedFrameException {
        byte[] datagram = Keepalive.sign(key, session, 5);

        Keepalive k = Keepalive.parse(datagram, datagram.length);

        assertEquals(59, datagram.length);
        assertEquals(5, k.counter());
        assertTrue(Arrays.equals(session, k.sessionId()));
        assertTrue(k.verify(key));
    }

    @Test
    void wrongKeyDoesNotVerify() throws MalformedFrameException {
        byte[] datagram = Keepalive.sign(key, session, 1);

        assertFalse(Keepalive.parse(datagram, datagram.length).verify(filled(Keepalive.KEY_BYTES, 8)));
    }

    @Test
    void changedCounterDoesNotVerify() throws MalformedFrameException {
        byte[] datagram = Keepalive.sign(key, session, 1);
        datagram[26] = 2;

        assertFalse(Keepalive.parse(datagram, datagram.length).verify(key));
    }

    @Test
    void wrongSizeOrMagicIsMalformed() {
        byte[] datagram = Keepalive.sign(key, session, 1);

        assertEquals("keepalive must have 59 bytes, got 58",
                assertThrows(MalformedFrameException.class, () -> Keepalive.parse(datagram, 58)).getMessage());
        datagram[0] = 'X';
        assertEquals("not a keepalive datagram",
                assertThrows(MalformedFrameException.class, () -> Keepalive.parse(datagram, 59)).getMessage());
    }
}
