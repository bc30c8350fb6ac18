package dev.parley.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issues asynchronous operations from one thread as fast as a window of outstanding ones allows,
 * and counts completions per second: sustained throughput with every operation answered. The
 * first seconds warm the JIT and are not counted; afterwards it waits for every outstanding
 * operation, so nothing is left unaccounted for. Also reports the process's CPU time and GC time
 * per completed operation over the measured seconds.
 */
final class WindowedLoad {

    /** Starts one operation; its future completes true when it succeeded, false or exceptionally when not. */
    interface AsyncOperation {
        CompletableFuture<Boolean> start(long sequence) throws Exception;
    }

    record Result(String name, long measured, double seconds, List<Long> perSecond, long sent, long succeeded,
                  long failed, String firstFailure, boolean drained, double cpuMicrosPerOp, long gcMillis,
                  double otherCores) {
        double rate() {
            return measured / seconds;
        }

        long lost() {
            return sent - succeeded - failed;
        }

        String line() {
            List<Long> s = perSecond.stream().sorted(Comparator.naturalOrder()).toList();
            return String.format("%-28s %8.0f/s  (per second: min %d, median %d, max %d)  CPU %.1f µs/op,"
                            + " GC %d ms, other processes %.2f cores  | sent %d, answered %d, failed %d, lost %d%s",
                    name, rate(), s.getFirst(), s.get(s.size() / 2), s.getLast(), cpuMicrosPerOp, gcMillis, otherCores,
                    sent,
                    succeeded, failed, lost(), firstFailure == null ? "" : "  (" + firstFailure + ")");
        }
    }

    static Result run(String name, int warmUpSeconds, int seconds, int window, AsyncOperation op) throws Exception {
        Semaphore permits = new Semaphore(window);
        LongAdder succeeded = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long sent = 0;
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        long start = 0;
        long end = Long.MAX_VALUE;
        long atStart = 0;
        long atEnd;
        long cpuAtStart = 0;
        long gcAtStart = 0;
        OtherLoad others = null;
        List<Long> perSecond = new ArrayList<>();
        long nextTick = 0;
        long atTick = 0;
        while (true) {
            long now = System.nanoTime();
            if (start == 0 && now >= warmEnd) {
                start = now;
                atStart = succeeded.sum();
                cpuAtStart = OtherLoad.ownCpuNanos();
                others = OtherLoad.start();
                gcAtStart = gcMillis();
                end = start + TimeUnit.SECONDS.toNanos(seconds);
                nextTick = start + 1_000_000_000L;
                atTick = atStart;
            }
            if (start != 0 && now >= nextTick) {
                long a = succeeded.sum();
                perSecond.add(a - atTick);
                atTick = a;
                nextTick += 1_000_000_000L;
            }
            if (now >= end) {
                atEnd = succeeded.sum();
                end = now;
                break;
            }
            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            sent++;
            op.start(sent).whenComplete((ok, failure) -> {
                if (failure == null && ok) {
                    succeeded.increment();
                } else {
                    failed.increment();
                    firstFailure.compareAndSet(null, failure != null ? failure.toString() : "refused");
                }
                permits.release();
            });
        }
        long cpu = OtherLoad.ownCpuNanos() - cpuAtStart;
        double otherCores = others.otherCores();
        long gc = gcMillis() - gcAtStart;
        boolean drained = permits.tryAcquire(window, 30, TimeUnit.SECONDS);
        long measured = atEnd - atStart;
        return new Result(name, measured, (end - start) / 1e9, perSecond, sent, succeeded.sum(), failed.sum(),
                firstFailure.get(), drained, measured == 0 ? 0 : cpu / 1000.0 / measured, gc, otherCores);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private WindowedLoad() {
    }
}
