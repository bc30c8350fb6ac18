package dev.parley.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs an operation at a fixed rate for a fixed time and records each latency from its intended
 * start, not its actual start, so a stalled server shows up in the percentiles instead of
 * silently lowering the rate (no coordinated omission).
 */
final class ConstantRate {

    /** One operation; throws on failure, which is counted, not timed. */
    interface Operation {
        void run(long sequence) throws Exception;
    }

    /** An operation that also hears when it was meant to start ({@link System#nanoTime()}), to time its own parts. */
    interface TimedOperation {
        void run(long sequence, long intendedNanos) throws Exception;
    }

    record Result(String name, double targetRate, double achievedRate, Histogram latencyMicros, long errors,
                  String firstError) {
        String line() {
            return String.format("%-28s target %7.1f/s  achieved %7.1f/s  p50 %8.2f ms  p99 %8.2f ms  p99.9 %8.2f ms  max %8.2f ms  errors %d%s",
                    name, targetRate, achievedRate, ms(latencyMicros.getValueAtPercentile(50)),
                    ms(latencyMicros.getValueAtPercentile(99)), ms(latencyMicros.getValueAtPercentile(99.9)),
                    ms(latencyMicros.getMaxValue()), errors, firstError == null ? "" : "  (" + firstError + ")");
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    static Result run(String name, double ratePerSecond, int seconds, Operation op) throws InterruptedException {
        return run(name, ratePerSecond, seconds, (TimedOperation) (seq, intended) -> op.run(seq));
    }

    static Result run(String name, double ratePerSecond, int seconds, TimedOperation op) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        String[] firstError = new String[1];
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long total = (long) (ratePerSecond * seconds);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long intended = start + i * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long seq = i;
                pool.execute(() -> {
                    try {
                        op.run(seq, intended);
                        recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                        done.incrementAndGet();
                    } catch (Exception e) {
                        if (errors.getAndIncrement() == 0) {
                            firstError[0] = e.toString();
                        }
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(name, ratePerSecond, done.get() / elapsed, recorder.getIntervalHistogram(), errors.get(),
                firstError[0]);
    }

    private ConstantRate() {
    }
}
