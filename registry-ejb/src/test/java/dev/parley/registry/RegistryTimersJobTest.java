package dev.parley.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** A registry job that fails on every run neither stops nor fills the log. */
class RegistryTimersJobTest {
    private final List<LogRecord> written = new ArrayList<>();
    private long now = 1_000;
    private final RepeatedFailureLog failures = new RepeatedFailureLog(LogRecords.into(written), Duration.ofMinutes(1), () -> now);

    @Test
    void aJobFailingEveryRunLogsItsStackTraceOnceAMinuteAndACountOfTheRest() {
        int[] runs = new int[1];
        Runnable watchdog = RegistryTimers.guarded(new RegistryTimers.Job("the link watchdog", Duration.ofMillis(500), () -> {
            runs[0]++;
            throw new IllegalStateException("a bug in the watchdog");
        }), failures);

        for (int i = 0; i < 120; i++) { // a minute of runs
            watchdog.run();
            now += TimeUnit.MILLISECONDS.toNanos(500);
        }
        failures.reportRepeats();

        assertEquals(120, runs[0], "every run ran: nothing thrown reached the scheduler");
        assertEquals(2, written.size(), written.stream().map(LogRecord::getMessage).toList().toString());
        assertEquals("the link watchdog failed; it runs again in 500 ms", written.get(0).getMessage());
        assertEquals(Level.WARNING, written.get(0).getLevel());
        assertNotNull(written.get(0).getThrown());
        assertEquals("the failure logged 60 s ago (\"the link watchdog failed; it runs again in 500 ms\") repeated 119 times"
                + " since; their stack traces are left out", written.get(1).getMessage());
        assertNull(written.get(1).getThrown());
    }

    @Test
    void anErrorInAJobIsLoggedAsSevereAndTheJobGoesOn() {
        Runnable job = RegistryTimers.guarded(new RegistryTimers.Job("the mail expiry", Duration.ofMinutes(1), () -> {
            throw new StackOverflowError();
        }), failures);

        job.run();
        job.run();

        assertEquals(1, written.size());
        assertEquals(Level.SEVERE, written.get(0).getLevel());
        assertEquals("the mail expiry failed; it runs again in 60000 ms", written.get(0).getMessage());
    }
}
