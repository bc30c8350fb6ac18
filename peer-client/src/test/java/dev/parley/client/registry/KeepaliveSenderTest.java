package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Keepalive;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keepalive sender against a real UDP socket standing in for the registry's. */
class KeepaliveSenderTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private final byte[] key = new byte[Keepalive.KEY_BYTES];
    private final byte[] sessionId = new byte[Keepalive.SESSION_ID_BYTES];
    private DatagramSocket registry;

    @BeforeEach
    void openRegistrySocket() throws Exception {
        Arrays.fill(key, (byte) 7);
        Arrays.fill(sessionId, (byte) 0xab);
        registry = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        registry.setSoTimeout(2000);
    }

    @AfterEach
    void closeRegistrySocket() {
        registry.close();
    }

    private KeepaliveSender start() throws Exception {
        return KeepaliveSender.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), registry.getLocalPort()),
                key, sessionId, INTERVAL);
    }

    private Keepalive receive() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[Keepalive.DATAGRAM_BYTES + 10], Keepalive.DATAGRAM_BYTES + 10);
        registry.receive(p);
        return Keepalive.parse(p.getData(), p.getLength());
    }

    @Test
    void datagramsAreSignedForTheSessionAndCountUpFromOne() throws Exception {
        try (KeepaliveSender sender = start()) {
            for (long expected = 1; expected <= 3; expected++) {
                Keepalive k = receive();
                assertEquals(expected, k.counter());
                assertArrayEquals(sessionId, k.sessionId());
                assertTrue(k.verify(key), "MAC must verify with the session key");
            }
            assertTrue(sender.lastCounter() >= 3);
        }
    }

    @Test
    void theFirstDatagramGoesAtOnceAndTheNextOnesOneIntervalApart() throws Exception {
        long started = System.nanoTime();
        try (KeepaliveSender sender = start()) {
            receive();
            long first = System.nanoTime();
            receive();
            long second = System.nanoTime();
            receive();
            long third = System.nanoTime();
            assertTrue(Duration.ofNanos(first - started).compareTo(INTERVAL) < 0, "first came after an interval");
            // Generous lower bound for scheduling jitter; the point is "not at once", and the rate is fixed.
            assertTrue(Duration.ofNanos(second - first).toMillis() >= 150, "second came too early");
            assertTrue(Duration.ofNanos(third - first).toMillis() >= 350, "third came too early");
            assertTrue(Duration.ofNanos(third - first).toMillis() < 1000, "sender is far too slow");
            assertTrue(sender.lastCounter() >= 3);
        }
    }

    @Test
    void closingStopsTheDatagrams() throws Exception {
        KeepaliveSender sender = start();
        receive();
        sender.close();
        long counterAtClose = sender.lastCounter();
        registry.setSoTimeout((int) INTERVAL.multipliedBy(2).toMillis());
        // At most one datagram may already be in flight; none may follow it.
        try {
            Keepalive late = receive();
            assertEquals(counterAtClose, late.counter());
            assertThrows(SocketTimeoutException.class, this::receive);
        } catch (SocketTimeoutException expected) {
            // nothing arrived at all: also stopped
        }
    }
}
