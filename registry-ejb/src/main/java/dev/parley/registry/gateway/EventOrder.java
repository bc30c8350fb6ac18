package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Puts a link's events where its client can follow them: an event that comes while the link's own
 * request is being answered (another user's change, committed just after ours) waits until that
 * answer is queued. Without it a client could hear of someone joining a room before the answer
 * that put the client itself in that room.
 */
final class EventOrder {
    /** Queues a frame on the link's transport; false when there is no room. */
    private final Predicate<Frame> outbox;
    private final int maxHeld;
    private final List<Frame> held = new ArrayList<>();
    private boolean answering;

    EventOrder(Predicate<Frame> outbox, int maxHeld) {
        this.outbox = outbox;
        this.maxHeld = maxHeld;
    }

    /** The link starts answering a request: events wait from now on. */
    synchronized void answering() {
        answering = true;
    }

    /** The answer is queued: the events that came meanwhile follow it, in the order they came. False if the outbox overflowed. */
    synchronized boolean answered() {
        answering = false;
        boolean fits = true;
        for (Frame f : held) {
            fits &= outbox.test(f);
        }
        held.clear();
        return fits;
    }

    /** Queues an event, or keeps it until the answer being made is queued. False if there is no room for it. */
    synchronized boolean event(Frame event) {
        if (!answering) {
            return outbox.test(event);
        }
        if (held.size() >= maxHeld) {
            return false;
        }
        held.add(event);
        return true;
    }
}
