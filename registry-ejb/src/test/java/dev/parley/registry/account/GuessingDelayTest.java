package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The growing wait an account imposes on strangers after failed logins: a wait that grows, never a lockout. */
class GuessingDelayTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final GuessingDelay delay = new GuessingDelay(10, MINUTE, HOUR);

    @Test
    void theFirstFailuresCostNothing() {
        for (int i = 0; i < 10; i++) {
            assertEquals(0, delay.admit(i));
            delay.recordFailure(i);
        }
        assertEquals(0, delay.waitNanos(10));
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToTheMaximum() {
        long now = 0;
        for (int i = 0; i < 10; i++) {
            delay.recordFailure(now);
        }
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delay.recordFailure(now);
            waits.add(delay.waitNanos(now) / SECOND);
            now += delay.waitNanos(now);
        }

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), waits);
    }

    @Test
    void aDistributedAttackGetsAboutOneCheckAMinuteWhateverItsAddresses() {
        int checks = 0;
        // Attackers try every 100 ms for an hour from any number of addresses; each check fails.
        for (long now = 0; now < HOUR; now += SECOND / 10) {
            if (delay.admit(now) == 0) {
                checks++;
                delay.recordFailure(now);
            }
        }

        assertTrue(checks <= 10 + 7 + 59, checks + " checks in an hour");
    }

    @Test
    void theOwnerFromANewAddressGetsInOnceTheWaitAfterTheLastFailureIsOver() {
        long now = 0;
        for (int i = 0; i < 100; i++) {
            delay.recordFailure(now);
            now += SECOND / 10;
        }
        long lastFailure = now - SECOND / 10;

        long wait = delay.admit(now);
        assertTrue(wait > 0 && wait <= MINUTE, "the owner waits at most the maximum: " + wait);
        assertEquals(0, delay.admit(lastFailure + MINUTE));
    }

    @Test
    void checksStartedTogetherWhenTheWaitEndsGetOneTurn() {
        for (int i = 0; i < 20; i++) {
            delay.recordFailure(0);
        }

        assertEquals(0, delay.admit(MINUTE));
        assertEquals(MINUTE, delay.admit(MINUTE), "the second check at the same moment waits its turn");
    }

    @Test
    void anHourWithoutFailuresForgetsThem() {
        for (int i = 0; i < 50; i++) {
            delay.recordFailure(0);
        }

        assertTrue(delay.isForgotten(HOUR));
        delay.recordFailure(HOUR);
        assertEquals(0, delay.waitNanos(HOUR), "counting starts again from none");
    }
}
