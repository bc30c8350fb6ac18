package dev.parley.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.peer.UnverifiedCallers.Admission;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The caps on callers that have not proved who they are, their line, and how often a flood is reported. */
class UnverifiedCallersTest {
    private final AtomicLong now = new AtomicLong();
    private final UnverifiedCallers<String> callers = new UnverifiedCallers<>(now::get);

    private void fill(String address) {
        for (int i = 0; i < UnverifiedCallers.PER_ADDRESS; i++) {
            callers.admit(address, address + "#" + i);
        }
    }

    @Test
    void aFewAreGreetedAtOnceAndTheRestWaitTheirTurn() {
        for (int i = 0; i < UnverifiedCallers.GREETING_PER_ADDRESS; i++) {
            assertEquals(Admission.GREET, callers.admit("10.0.0.1", "g" + i));
        }
        assertEquals(Admission.WAIT, callers.admit("10.0.0.1", "w1"));
        assertEquals(Admission.WAIT, callers.admit("10.0.0.1", "w2"));
        assertEquals(Admission.GREET, callers.admit("10.0.0.2", "other"), "another address is not held up");
        assertEquals("w1", callers.finished("10.0.0.1"), "the first in line is next");
        assertEquals(UnverifiedCallers.GREETING_PER_ADDRESS + 2, callers.count());
    }

    @Test
    void oneAddressGetsOnlyItsShareAndOthersStillGetIn() {
        fill("10.0.0.1");
        assertEquals(Admission.REFUSED_NOTIFY, callers.admit("10.0.0.1", "one too many"));
        assertEquals(Admission.GREET, callers.admit("10.0.0.2", "elsewhere"));
    }

    @Test
    void manyAddressesTogetherAreCappedInAll() {
        for (int i = 0; i < UnverifiedCallers.IN_ALL / UnverifiedCallers.PER_ADDRESS; i++) {
            fill("10.0.0." + i);
        }
        assertEquals(UnverifiedCallers.IN_ALL, callers.count());
        assertEquals(Admission.REFUSED_NOTIFY, callers.admit("10.9.9.9", "late"));
    }

    @Test
    void aWaitingCallerThatRunsOutOfTimeLeavesTheLine() {
        for (int i = 0; i < UnverifiedCallers.GREETING_PER_ADDRESS; i++) {
            callers.admit("10.0.0.1", "g" + i);
        }
        callers.admit("10.0.0.1", "w1");
        callers.admit("10.0.0.1", "w2");
        assertTrue(callers.withdraw("10.0.0.1", "w1"));
        assertFalse(callers.withdraw("10.0.0.1", "w1"), "only once");
        assertSame("w2", callers.finished("10.0.0.1"));
        assertNull(callers.finished("10.0.0.1"), "nobody else waits");
        for (int i = 0; i < UnverifiedCallers.GREETING_PER_ADDRESS - 1; i++) {
            callers.finished("10.0.0.1");
        }
        assertEquals(0, callers.count());
        assertNull(callers.finished("10.0.0.1"), "finishing more than were greeted counts nothing");
        assertEquals(0, callers.count());
    }

    @Test
    void aFloodIsReportedOncePerAddressAndNotTooOftenInAll() {
        fill("10.0.0.1");
        fill("10.0.0.2");
        assertEquals(Admission.REFUSED_NOTIFY, callers.admit("10.0.0.1", "x"));
        assertEquals(Admission.REFUSED, callers.admit("10.0.0.1", "x"));
        assertEquals(Admission.REFUSED, callers.admit("10.0.0.2", "x"), "a second address waits for the spacing");
        now.addAndGet(UnverifiedCallers.NOTICE_SPACING.toNanos());
        assertEquals(Admission.REFUSED_NOTIFY, callers.admit("10.0.0.2", "x"));
        assertEquals(Admission.REFUSED, callers.admit("10.0.0.1", "x"), "the first was reported already");
        now.addAndGet(UnverifiedCallers.REPEAT_NOTICE.toNanos());
        assertEquals(Admission.REFUSED_NOTIFY, callers.admit("10.0.0.1", "x"));
    }
}
