package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import org.junit.jupiter.api.Test;

class EventOrderTest {
    private final ArrayBlockingQueue<Frame> outbox = new ArrayBlockingQueue<>(4);
    private final EventOrder order = new EventOrder(outbox::offer, 2);

    private static Frame joined(String who) {
        return Frame.event(new RoomLeft("lobby", who, LeaveReason.LEFT));
    }

    private List<Frame> sent() {
        List<Frame> all = new ArrayList<>();
        outbox.drainTo(all);
        return all;
    }

    @Test
    void anEventGoesStraightOutWhenNoAnswerIsBeingMade() {
        Frame carol = joined("carol");

        assertTrue(order.event(carol));

        assertEquals(List.of(carol), sent());
    }

    @Test
    void eventsThatComeWhileAnsweringFollowTheAnswerInTheirOrder() {
        Frame answer = Frame.answer("9", Status.OK, "joined lobby");
        Frame carol = joined("carol");
        Frame dave = joined("dave");

        order.answering();
        assertTrue(order.event(carol));
        assertTrue(order.event(dave));
        assertEquals(List.of(), List.copyOf(outbox), "held until the answer is queued");
        outbox.offer(answer);
        assertTrue(order.answered());

        assertEquals(List.of(answer, carol, dave), sent());
    }

    @Test
    void tooManyHeldEventsAreRefused() {
        order.answering();
        assertTrue(order.event(joined("a")));
        assertTrue(order.event(joined("b")));

        assertFalse(order.event(joined("c")));
    }

    @Test
    void aFullOutboxIsReportedWhenTheHeldEventsCannotFollow() {
        for (int i = 0; i < 3; i++) {
            outbox.offer(joined("x" + i));
        }
        order.answering();
        order.event(joined("a"));
        order.event(joined("b"));

        assertFalse(order.answered());
        assertFalse(order.event(joined("c")), "still full");
    }
}
