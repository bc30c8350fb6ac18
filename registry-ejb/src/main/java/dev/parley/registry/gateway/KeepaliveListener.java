package dev.parley.registry.gateway;

import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.registry.presence.KeepaliveOutcome;
import dev.parley.registry.RepeatedFailureLog;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The UDP side: reads keepalive datagrams, hands valid-looking ones to presence, counts what it drops. */
final class KeepaliveListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeepaliveListener.class.getName());
    /** Anyone can send datagrams: one stack trace a minute per fault. */
    private static final RepeatedFailureLog FAILURES = RepeatedFailureLog.of(LOG);

    private static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    private final DatagramSocket socket;
    private final Function<Keepalive, KeepaliveOutcome> presence;
    private final Map<KeepaliveOutcome, AtomicLong> counts = new EnumMap<>(KeepaliveOutcome.class);
    private final Thread receiver;
    private volatile boolean closed;

    private KeepaliveListener(DatagramSocket socket, Function<Keepalive, KeepaliveOutcome> presence) {
        this.socket = socket;
        this.presence = presence;
        for (KeepaliveOutcome o : KeepaliveOutcome.values()) {
            counts.put(o, new AtomicLong());
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.receiver = Thread.ofPlatform().name("parley-keepalive-receiver").daemon().start(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            receiveLoop();
        });
    }

    static KeepaliveListener open(String bindAddress, int port, Function<Keepalive, KeepaliveOutcome> presence)
            throws SocketException, java.net.UnknownHostException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        // Ten thousand clients' keepalives arrive in bursts; a small kernel buffer would drop them
        // before this thread reads them (the kernel may cap it at net.core.rmem_max).
        socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        return new KeepaliveListener(socket, presence);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many datagrams ended each way since start. */
    long count(KeepaliveOutcome outcome) {
        return counts.get(outcome).get();
    }

    /** Whether keepalives are taken: not closed, and the receiver has not given up (see {@link #receiveLoop}). */
    boolean receiving() {
        return !closed && receiver.isAlive();
    }

    private void receiveLoop() {
        // One byte more than the limit, so an oversized datagram is seen as oversized, not silently cut.
        byte[] buf = new byte[Limits.MAX_DATAGRAM_BYTES + 1];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
                counts.get(handle(buf, packet.getLength())).incrementAndGet();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, "the keepalive listener failed; sessions will expire", e);
                }
                return;
            } catch (IOException | RuntimeException e) {
                FAILURES.log(Level.WARNING, "a keepalive could not be handled", e);
            }
        }
    }

    private KeepaliveOutcome handle(byte[] buf, int length) {
        Keepalive datagram;
        try {
            datagram = Keepalive.parse(buf, length);
        } catch (MalformedFrameException e) {
            return KeepaliveOutcome.MALFORMED;
        }
        return presence.apply(datagram);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
