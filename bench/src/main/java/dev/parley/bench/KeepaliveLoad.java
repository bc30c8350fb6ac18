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
    /** A session held: its id and keepalive key, and the UDP port of the registry node that serves it. */
    private record Held(byte[] id, byte[] key, int port) {
    }

    private final List<Held> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;

    KeepaliveLoad(InetAddress host, long everyMillis) {
        sender = Thread.ofPlatform().daemon().name("bench-keepalives").start(() -> {
            try (DatagramSocket udp = new DatagramSocket()) {
                for (long counter = 1; !Thread.currentThread().isInterrupted(); counter++) {
                    // Spread each round over the interval, as unsynchronised real clients are.
                    long roundStart = System.nanoTime();
                    long gapNanos = everyMillis * 1_000_000L / Math.max(1, sessions.size());
                    long next = roundStart;
                    for (Held s : sessions) {
                        byte[] d = Keepalive.sign(s.key(), s.id(), counter);
                        udp.send(new DatagramPacket(d, d.length, host, s.port()));
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

    /** Starts keeping the session of this LOGIN answer alive, at the port its node announced (nodes of a cluster differ). */
    void add(LoginAnswer login) {
        sessions.add(new Held(Base64.getUrlDecoder().decode(login.sessionId()),
                Base64.getDecoder().decode(login.keepaliveKey()), login.udpPort()));
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        sender.interrupt();
    }
}
