package dev.parley.bench;

import dev.parley.registry.account.Argon2id;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The most logins a registry on this machine could answer: the registry's password hash (Argon2id,
 * m=19456 KiB, t=2, p=1), with the registry's own implementation, computed in a loop on every core
 * at once, as the registry runs one hash per core, each core's hasher keeping its memory as the
 * registry's hashing slots do. Measured in the same run as the logins, before and after them,
 * because the machine's speed drifts by 10-30 % within minutes; the logins are compared with the
 * mean of the two.
 *
 * @param hashesPerSecond hashes a second on all cores together
 * @param cpuMillisPerHash this process's CPU time per hash (the hash and any GC)
 * @param cores the cores hashed on
 */
record HashingCeiling(double hashesPerSecond, double cpuMillisPerHash, int cores) {
    /** Uncounted hashes first: each runs the compression function 38,912 times, so the JIT has it compiled before they end. */
    private static final int WARM_UP_HASHES = 5;

    /**
     * Hashes on every core for {@code seconds}, after {@link #WARM_UP_HASHES} uncounted hashes on
     * each, so that what is counted is the hash compiled and its memory faulted in, as in a
     * registry that has been answering logins.
     */
    static HashingCeiling measure(int seconds) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = BenchClient.PASSWORD.getBytes(StandardCharsets.UTF_8);
        Argon2id[] hashers = new Argon2id[cores];
        everyCore(cores, core -> {
            hashers[core] = new Argon2id();
            for (int n = 0; n < WARM_UP_HASHES; n++) {
                hashers[core].hash(password, salt, 19 * 1024, 2, 1, 32);
            }
        });
        AtomicInteger hashes = new AtomicInteger();
        long cpuBefore = OtherLoad.ownCpuNanos();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        everyCore(cores, core -> {
            while (System.nanoTime() < end) {
                hashers[core].hash(password, salt, 19 * 1024, 2, 1, 32);
                hashes.incrementAndGet();
            }
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (OtherLoad.ownCpuNanos() - cpuBefore) / 1e6;
        return new HashingCeiling(hashes.get() / elapsed, cpuMillis / hashes.get(), cores);
    }

    /**
     * Runs {@code work} on one platform thread per core (given the core's number) and waits for all.
     * A thread that fails fails the measurement: fewer cores hashing would read as a lower ceiling.
     */
    private static void everyCore(int cores, IntConsumer work) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            int core = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    work.accept(core);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a hashing thread failed: " + failure.get(), failure.get());
        }
    }

    /** The mean of two measurements of the same cores. */
    HashingCeiling meanWith(HashingCeiling other) {
        return new HashingCeiling((hashesPerSecond + other.hashesPerSecond) / 2,
                (cpuMillisPerHash + other.cpuMillisPerHash) / 2, cores);
    }

    /** The hashes a second left when other processes use {@code busyElsewhere} of the cores. */
    double leftTo(double busyElsewhere) {
        return hashesPerSecond * Math.max(0, cores - busyElsewhere) / cores;
    }

    String line() {
        return String.format("Argon2id (m=19456 KiB, t=2, p=1), one hash per core on %d cores: %.1f hashes/s,"
                + " %.1f ms of CPU each", cores, hashesPerSecond, cpuMillisPerHash);
    }
}
