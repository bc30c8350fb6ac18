package dev.parley.bench;

import dev.parley.client.registry.DeviceKey;
import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.registry.RegistryRequest;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Full-path logins (TLS connect, HELLO, LOGIN, LOGOUT) at a constant rate, set against the
 * Argon2id ceiling of all cores ({@link HashingCeiling}). The logins run in blocks of
 * {@value #BLOCK_SECONDS} s with the ceiling measured for {@value #CEILING_SECONDS} s before each
 * block and after the last: the speed of this kind of machine drifts by 10-30 % within a minute
 * (the hash is memory-bound and the cache is shared with other tenants), so each block is set
 * against the mean of the ceilings on either side of it rather than against one measurement at
 * each end of the run.
 */
final class LoginBench {
    static final int BLOCK_SECONDS = 10;
    static final int CEILING_SECONDS = 3;

    private LoginBench() {
    }

    /**
     * Logins at {@code rate} for {@code seconds} (rounded up to whole blocks). With the registry's
     * PID, also the cores each process used, the registry's CPU per login and the share of the
     * ceiling reached on the cores this generator left (PostgreSQL's CPU counts as the logins'
     * cost, like the registry's own work beside the hash).
     */
    static void run(BenchClient client, double rate, int seconds, long serverPid) throws Exception {
        // Each account logs in once a block, and a block ends only when all its logins have, so no
        // account is still logged in from an earlier turn when it comes round again (409).
        int accounts = (int) Math.max(20, Math.ceil(rate * BLOCK_SECONDS));
        // Each account holds an identity key and each login offers it, signed, as the parley client's do.
        List<String> names = java.util.stream.IntStream.range(0, accounts).mapToObj(i -> "lg" + Bench.RUN + "x" + i).toList();
        List<DeviceKey> keys = Bench.registerAllWithKeys(client, names);
        int blocks = Math.max(1, (seconds + BLOCK_SECONDS - 1) / BLOCK_SECONDS);
        Histogram latency = new Histogram(3);
        Totals totals = new Totals();
        HashingCeiling before = HashingCeiling.measure(CEILING_SECONDS);
        System.out.println("ceiling: " + before.line());
        for (int b = 1; b <= blocks; b++) {
            RoomBench.Cpu cpu = RoomBench.Cpu.start(serverPid);
            long start = System.nanoTime();
            ConstantRate.Result r = ConstantRate.run("LOGIN full path", rate, BLOCK_SECONDS, seq -> {
                try (RegistryLink link = client.connect()) {
                    int account = (int) (seq % accounts);
                    BenchClient.loginAsClient(link, names.get(account), 40000, keys.get(account));
                    BenchClient.ok(link, new RegistryRequest.Logout());
                }
            });
            double elapsed = (System.nanoTime() - start) / 1e9;
            RoomBench.Cpu.Cores cores = cpu.cores();
            HashingCeiling after = HashingCeiling.measure(CEILING_SECONDS);
            HashingCeiling ceiling = before.meanWith(after);
            latency.add(r.latencyMicros());
            totals.add(r, elapsed, cores, ceiling);
            System.out.println(blockLine(b, r, cores, ceiling, after));
            before = after;
        }
        System.out.println(totals.line(rate, latency));
    }

    private static String blockLine(int block, ConstantRate.Result r, RoomBench.Cpu.Cores cores,
                                    HashingCeiling ceiling, HashingCeiling after) {
        String line = String.format("block %d: achieved %.1f/s, errors %d; ceiling after it %.1f hashes/s (%.1f ms of CPU"
                + " each); cores: generator %.2f", block, r.achievedRate(), r.errors(), after.hashesPerSecond(),
                after.cpuMillisPerHash(), cores.generator());
        if (Double.isNaN(cores.registry())) {
            return line;
        }
        double left = ceiling.leftTo(cores.generator());
        return line + String.format(", registry %.2f, rest %.2f; registry CPU per login %.1f ms; %.1f %% of the %.1f"
                + " hashes/s left", cores.registry(), cores.rest(), cores.registry() * 1000 / r.achievedRate(),
                100 * r.achievedRate() / left, left);
    }

    /** The whole run: every block's logins against every block's ceiling, weighted by the blocks' lengths. */
    private static final class Totals {
        private double seconds;
        private double logins;
        private long errors;
        private String firstError;
        private double generatorCoreSeconds;
        private double registryCoreSeconds;
        private double restCoreSeconds;
        private double hashesLeft;
        /** The ceilings' CPU per hash, times each block's length. */
        private double hashCpuMillis;

        void add(ConstantRate.Result r, double elapsed, RoomBench.Cpu.Cores cores, HashingCeiling ceiling) {
            seconds += elapsed;
            logins += r.latencyMicros().getTotalCount(); // each login that succeeded, timed once
            errors += r.errors();
            if (firstError == null) {
                firstError = r.firstError();
            }
            generatorCoreSeconds += cores.generator() * elapsed;
            registryCoreSeconds += cores.registry() * elapsed;
            restCoreSeconds += cores.rest() * elapsed;
            hashesLeft += ceiling.leftTo(cores.generator()) * elapsed;
            hashCpuMillis += ceiling.cpuMillisPerHash() * elapsed;
        }

        String line(double rate, Histogram latency) {
            ConstantRate.Result all = new ConstantRate.Result("LOGIN full path", rate, logins / seconds, latency, errors,
                    firstError);
            String line = all.line() + String.format("%n  cores: load generator %.2f", generatorCoreSeconds / seconds);
            if (Double.isNaN(registryCoreSeconds)) {
                return line;
            }
            return line + String.format(", registry %.2f, everything else %.2f (PostgreSQL included)%n  registry CPU per"
                    + " login %.1f ms (the hash alone %.1f ms); achieved %.1f/s is %.1f %% of the %.1f hashes/s of the"
                    + " cores the generator left (each block against the mean of the ceilings either side of it)",
                    registryCoreSeconds / seconds, restCoreSeconds / seconds, registryCoreSeconds * 1000 / logins,
                    hashCpuMillis / seconds, logins / seconds, 100 * logins / hashesLeft, hashesLeft / seconds);
        }
    }
}
