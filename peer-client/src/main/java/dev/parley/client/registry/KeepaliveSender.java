package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Keepalive;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the registry this session is alive: one signed UDP datagram at once, then one every
 * interval, with a counter that only grows (starting at 1) so a captured datagram cannot be
 * replayed. Runs on its own virtual thread until closed.
 */
public final class KeepaliveSender implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final byte[] key;
    private final byte[] sessionId;
    private final Duration interval;
    private final AtomicLong lastCounter = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private KeepaliveSender(DatagramSocket socket, InetSocketAddress target, byte[] key, byte[] sessionId,
            Duration interval) {
        this.socket = socket;
        this.target = target;
        this.key = key.clone();
        this.sessionId = sessionId.clone();
        this.interval = interval;
        // A platform thread: when TLS handshakes with a whole room keep the virtual-thread carriers busy,
        // a virtual keepalive thread could starve for seconds and the registry would take us for gone.
        this.thread = Thread.ofPlatform().daemon().priority(Thread.MAX_PRIORITY).name("keepalive " + target)
                .unstarted(this::sendUntilStopped);
    }

    /** Starts sending to {@code target} (the registry's UDP port). */
    public static KeepaliveSender start(InetSocketAddress target, byte[] key, byte[] sessionId, Duration interval)
            throws SocketException {
        KeepaliveSender sender = new KeepaliveSender(new DatagramSocket(), target, key, sessionId, interval);
        sender.thread.start();
        return sender;
    }

    /** The counter of the last datagram sent (or being sent); 0 before the first. */
    public long lastCounter() {
        return lastCounter.get();
    }

    private void sendUntilStopped() {
        long start = System.nanoTime();
        try {
            for (long n = 0; ; n++) {
                // Fixed rate: the n-th datagram is due at start + n * interval, so delays do not add up.
                long due = start + n * interval.toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0 && stopped.await(wait, TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (stopped.getCount() == 0) {
                    return;
                }
                send(lastCounter.get() + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(long counter) {
        byte[] datagram = Keepalive.sign(key, sessionId, counter);
        lastCounter.set(counter); // used up even if the send fails: a counter is never sent twice
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, target));
        } catch (IOException e) {
            // UDP is best effort: a lost datagram is covered by the next one; three in a row are the registry's call.
            Diagnostics.trace("sending keepalive " + counter + " to " + target, e);
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        socket.close();
        try {
            thread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
