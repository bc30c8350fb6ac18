package dev.parley.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU the rest of the machine used while a benchmark ran: busy time of all cores from
 * {@code /proc/stat} less this process's own CPU time, in cores. Other jobs on a two-core machine
 * move the figures, so each result says how busy the machine was meanwhile.
 */
final class OtherLoad {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final long startNanos;
    private final double startBusySeconds;
    private final long startOwnNanos;

    private OtherLoad() {
        this.startNanos = System.nanoTime();
        this.startBusySeconds = busySeconds();
        this.startOwnNanos = ownCpuNanos();
    }

    static OtherLoad start() {
        return new OtherLoad();
    }

    /** Cores busy with other processes since {@link #start()}, on average; NaN where /proc/stat is unreadable. */
    double otherCores() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double busy = busySeconds() - startBusySeconds;
        double own = (ownCpuNanos() - startOwnNanos) / 1e9;
        return Math.max(0, busy - own) / elapsed;
    }

    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** user + nice + system + irq + softirq + steal of all cores, in seconds; NaN if unknown. */
    private static double busySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
