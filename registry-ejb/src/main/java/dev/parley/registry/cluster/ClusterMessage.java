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

    /** An event for sessions the receiving node serves: a frame of the registry protocol, as text. */
    record Deliver(List<String> sessionIds, String frame) implements ClusterMessage {
        public Deliver {
            sessionIds = List.copyOf(sessionIds);
        }
    }
}
