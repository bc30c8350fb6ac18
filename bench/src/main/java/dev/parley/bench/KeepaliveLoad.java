package dev.parley.bench;

import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.Keepalive;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Keeps every benchmark session alive from one thread, as that many real clients would. */
final class KeepaliveLoad implements AutoCloseable {
    private final List<byte[][]> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;

    private volatile int port;

    KeepaliveLoad(InetAddress host, long everyMillis) {
        sender = Thread.ofPlatform().daemon().name("bench-keepalives").start(() -> {
            try (DatagramSocket udp = new DatagramSocket()) {
                for (long counter = 1; !Thread.currentThread().isInterrupted(); counter++) {
                    // Spread each round over the interval, as unsynchronised real clients are.
                    long roundStart = System.nanoTime();
                    long gapNanos = everyMillis * 1_000_000L / Math.max(1, sessions.size());
                    long next = roundStart;
                    for (byte[][] s : sessions) {
                        byte[] d = Keepalive.sign(s[1], s[0], counter);
                        udp.send(new DatagramPacket(d, d.length, host, port));
                        sent.incrementAndGet();
                        next += gapNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    long left = everyMillis - (System.nanoTime() - roundStart) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("keepalive sender stopped: " + e);
            }
        });
    }

    /** Starts keeping the session of this LOGIN answer alive. */
    void add(LoginAnswer login) {
        port = login.udpPort();
        sessions.add(new byte[][] {Base64.getUrlDecoder().decode(login.sessionId()),
                Base64.getDecoder().decode(login.keepaliveKey())});
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        sender.interrupt();
    }
}
