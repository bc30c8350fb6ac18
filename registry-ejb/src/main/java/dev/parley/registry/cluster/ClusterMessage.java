package dev.parley.registry.cluster;

import java.util.List;

/** What one registry node tells another. Each node's messages reach every other node in the order it sent them. */
public sealed interface ClusterMessage {

    /** Every session the sending node serves now: the receiver replaces what it knew of that node's sessions. */
    record Sessions(List<SessionCard> sessions) implements ClusterMessage {
        public Sessions {
            sessions = List.copyOf(sessions);
        }
    }

    /** A session of the sending node started, or changed (its link closed or came back). */
    record SessionSeen(SessionCard session) implements ClusterMessage {
    }

    /** A session of the sending node ended. */
    record SessionGone(String username, String sessionId) implements ClusterMessage {
    }

    /**
     * A password (a login's or a room's) failed on the sending node from {@code address}; with
     * {@code account}, the failure also counts against that account's guessing delay (the sender
     * decided: not from a known address), among those of logins that proved the account's key if
     * {@code proven}. Every node counts it as its own.
     */
    record PasswordFailed(String address, String account, boolean proven) implements ClusterMessage {
    }

    /** {@code username} logged in on the sending node from {@code address}: a known address of the account on every node. */
    record LoginSucceeded(String username, String address) implements ClusterMessage {
    }

    /** An event for sessions the receiving node serves: a frame of the registry protocol, as text. */
    record Deliver(List<String> sessionIds, String frame) implements ClusterMessage {
        public Deliver {
            sessionIds = List.copyOf(sessionIds);
        }
    }
}
