package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttemptWindowTest {

    @Test
    void allowsUpToTheLimitThenSaysHowLongToWait() {
        AttemptWindow w = new AttemptWindow(3, 1000);
        w.record(0);
        w.record(100);
        w.record(200);

        assertEquals(800, w.waitNanos(200));
    }

    @Test
    void oldAttemptsAgeOutOfTheWindow() {
        AttemptWindow w = new AttemptWindow(2, 1000);
        w.record(0);
        w.record(10);

        assertEquals(0, w.waitNanos(1010));
        assertTrue(w.isEmpty(2000));
    }
}
