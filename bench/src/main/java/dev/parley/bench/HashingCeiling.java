package dev.parley.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The most logins a registry on this machine could answer: the registry's password hash (Argon2id,
 * m=19456 KiB, t=2, p=1) computed in a loop on every core at once, as the registry runs one hash
 * per core. Measured in the same run as the logins, before and after them, because the machine's
 * speed drifts by 10-20 % within minutes; the logins are compared with the mean of the two.
 *
 * @param hashesPerSecond hashes a second on all cores together
 * @param cpuMillisPerHash this process's CPU time per hash (the hash, its allocation and GC)
 * @param cores the cores hashed on
 */
record HashingCeiling(double hashesPerSecond, double cpuMillisPerHash, int cores) {

    static HashingCeiling measure(int seconds) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(19 * 1024)
                .withIterations(2).withParallelism(1).withSalt(salt).build();
        AtomicInteger hashes = new AtomicInteger();
        long cpuBefore = OtherLoad.ownCpuNanos();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] out = new byte[32];
                while (System.nanoTime() < end) {
                    Argon2BytesGenerator g = new Argon2BytesGenerator();
                    g.init(params);
                    g.generateBytes(BenchClient.PASSWORD.toCharArray(), out);
                    hashes.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (OtherLoad.ownCpuNanos() - cpuBefore) / 1e6;
        return new HashingCeiling(hashes.get() / elapsed, cpuMillis / hashes.get(), cores);
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
