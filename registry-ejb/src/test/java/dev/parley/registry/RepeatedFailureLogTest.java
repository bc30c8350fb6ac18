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
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failure a client can repeat at will is logged once with its stack trace, then as a count. */
class RepeatedFailureLogTest {
    private final List<LogRecord> written = new ArrayList<>();
    private long now = 1_000;
    private RepeatedFailureLog failures;

    @BeforeEach
    void setUp() {
        Logger logger = LogRecords.into(written);
        failures = new RepeatedFailureLog(logger, Duration.ofMinutes(1), () -> now);
    }

    /** The same exception from the same line each time, as a repeated bad request causes. */
    private static RuntimeException sameFault() {
        return new IllegalStateException("invalid UTF-16 codepoint");
    }

    private void advanceSeconds(long seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void theSameFailureWithinAMinuteIsLoggedOnceWithItsStackTrace() {
        for (int i = 0; i < 1000; i++) {
            failures.log(Level.SEVERE, "LOGIN from link " + i + " failed", sameFault());
        }

        assertEquals(1, written.size());
        assertEquals("LOGIN from link 0 failed", written.get(0).getMessage());
        assertNotNull(written.get(0).getThrown());
    }

    @Test
    void whenTheMinuteIsOverTheRepeatsAreReportedAsACountWithoutStackTraces() {
        for (int i = 0; i < 5; i++) {
            failures.log(Level.SEVERE, "LOGIN from link " + i + " failed", sameFault());
        }
        advanceSeconds(30);
        failures.reportRepeats();
        assertEquals(1, written.size(), "no count before the minute is over");

        advanceSeconds(31);
        failures.reportRepeats();

        assertEquals(2, written.size());
        LogRecord count = written.get(1);
        assertEquals(Level.SEVERE, count.getLevel());
        assertEquals("the failure logged 61 s ago (\"LOGIN from link 0 failed\") repeated 4 times since;"
                + " their stack traces are left out", count.getMessage());
        assertNull(count.getThrown());
    }

    @Test
    void theSameFailureAfterTheMinuteIsLoggedInFullAgainAfterItsCount() {
        failures.log(Level.SEVERE, "first", sameFault());
        failures.log(Level.SEVERE, "second", sameFault());
        advanceSeconds(60);

        failures.log(Level.SEVERE, "third", sameFault());

        assertEquals(List.of("first", "the failure logged 60 s ago (\"first\") repeated 1 time since; their stack"
                + " traces are left out", "third"), written.stream().map(LogRecord::getMessage).toList());
        assertNotNull(written.get(2).getThrown());
    }

    @Test
    void aDifferentFailureIsLoggedAtOnce() {
        failures.log(Level.SEVERE, "one", sameFault());
        failures.log(Level.SEVERE, "other", new IllegalArgumentException("something else"));
        failures.log(Level.WARNING, "one as a warning", sameFault());

        assertEquals(List.of("one", "other", "one as a warning"), written.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void aFailureThatDidNotRepeatHasNoCountLine() {
        failures.log(Level.SEVERE, "once", sameFault());
        advanceSeconds(120);

        failures.reportRepeats();

        assertEquals(1, written.size());
    }
}
