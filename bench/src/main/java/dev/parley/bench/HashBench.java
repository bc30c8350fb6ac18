package dev.parley.bench;

import dev.parley.registry.account.Argon2id;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The registry's password hash (Argon2id, m=19456 KiB, t=2, p=1) as the registry computes it, one
 * {@link Argon2id} kept from hash to hash, beside BouncyCastle's generator as the registry used it
 * before (a new one, and so new memory, for every hash). One thread; the two take turns in rounds of
 * {@value #PER_ROUND} hashes, short so that the machine's drift (its speed moves by a third within
 * minutes here) touches both alike; each round's ratio compares neighbours. Per hash: the process's CPU
 * time (the hashing thread's and the GC threads' collecting what it allocated), the bytes the
 * thread allocated, and the GC pause time of the process during the turn.
 */
final class HashBench {
    static final int PER_ROUND = 4;
    private static final int MEMORY_KIB = 19 * 1024;

    private HashBench() {
    }

    static void run(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("ROUNDS must be at least 1");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = BenchClient.PASSWORD.getBytes(StandardCharsets.UTF_8);
        Argon2id registry = new Argon2id();
        Runnable ours = () -> registry.hash(password, salt, MEMORY_KIB, 2, 1, 32);
        Runnable bouncyCastle = () -> {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(MEMORY_KIB)
                    .withIterations(2).withParallelism(1).withSalt(salt).build());
            generator.generateBytes(password, new byte[32]);
        };
        System.out.printf("Argon2id m=%d KiB, t=2, p=1 on one thread, the two taking turns of %d hashes, %d rounds"
                + " after a warm-up turn of each%n", MEMORY_KIB, PER_ROUND, rounds);
        measure(ours);
        measure(bouncyCastle);
        List<Turn> registryTurns = new ArrayList<>();
        List<Turn> bcTurns = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Turn r = measure(ours);
            Turn b = measure(bouncyCastle);
            registryTurns.add(r);
            bcTurns.add(b);
            ratios.add(r.cpuMillis() / b.cpuMillis());
        }
        System.out.printf("registry's:      %s (medians)%n", Turn.median(registryTurns));
        System.out.printf("BouncyCastle's:  %s (medians)%n", Turn.median(bcTurns));
        List<Double> sorted = ratios.stream().sorted().toList();
        System.out.printf("CPU a hash, registry's / BouncyCastle's, over %d rounds: median %.2f, quartiles %.2f-%.2f,"
                + " least %.2f, most %.2f%n", rounds, quantile(sorted, 0.5), quantile(sorted, 0.25),
                quantile(sorted, 0.75), sorted.getFirst(), sorted.getLast());
    }

    /** One turn's figures per hash: the process's CPU, the hashing thread's share of it, allocation, GC pauses. */
    record Turn(double cpuMillis, double threadCpuMillis, double allocatedKib, double gcMillis) {
        @Override
        public String toString() {
            return String.format("%.1f ms CPU (the hashing thread %.1f), %.0f KiB allocated, %.2f ms GC pauses a hash",
                    cpuMillis, threadCpuMillis, allocatedKib, gcMillis);
        }

        static Turn median(List<Turn> turns) {
            return new Turn(HashBench.median(turns, Turn::cpuMillis), HashBench.median(turns, Turn::threadCpuMillis),
                    HashBench.median(turns, Turn::allocatedKib), HashBench.median(turns, Turn::gcMillis));
        }
    }

    private static Turn measure(Runnable hash) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu = OtherLoad.ownCpuNanos();
        long threadCpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long gc = gcMillis();
        for (int i = 0; i < PER_ROUND; i++) {
            hash.run();
        }
        return new Turn((OtherLoad.ownCpuNanos() - cpu) / 1e6 / PER_ROUND,
                (threads.getCurrentThreadCpuTime() - threadCpu) / 1e6 / PER_ROUND,
                (threads.getCurrentThreadAllocatedBytes() - allocated) / 1024.0 / PER_ROUND,
                (gcMillis() - gc) / (double) PER_ROUND);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static double median(List<Turn> turns, java.util.function.ToDoubleFunction<Turn> figure) {
        return quantile(turns.stream().mapToDouble(figure).sorted().boxed().toList(), 0.5);
    }

    /** The q-quantile of sorted values, between neighbours where it falls between two. */
    static double quantile(List<Double> sorted, double q) {
        double at = q * (sorted.size() - 1);
        int below = (int) Math.floor(at);
        int above = (int) Math.ceil(at);
        return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (at - below);
    }
}
