package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links of logged-in sessions by session id, whatever transport carries them: where the events
 * for a session go. One for the whole gateway, so an event finds its client on any transport.
 */
final class OnlineLinks {
    private final Map<String, Link> bySession = new ConcurrentHashMap<>();

    void attached(String sessionId, Link link) {
        bySession.put(sessionId, link);
    }

    void detached(String sessionId) {
        bySession.remove(sessionId);
    }

    /** Queues an event on the link of this session, if it has one; never waits. */
    void deliver(String sessionId, Frame event) {
        Link link = bySession.get(sessionId);
        if (link != null) {
            link.push(event);
        }
    }

    /** Tells the link of a session that ended without asking, with this BYE, and closes it. */
    void endSession(String sessionId, Bye bye) {
        Link link = bySession.remove(sessionId);
        if (link != null && link.session().detachIf(sessionId)) {
            link.bye(bye);
        }
    }
}
