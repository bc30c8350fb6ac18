package dev.parley.client.chat;

import dev.parley.client.peer.PeerLink;
import dev.parley.client.store.ConversationLog;

/**
 * One conversation with another user: its state, the link it runs on (none while the other
 * side is away), and its history and outbox.
 */
final class Conversation {
    enum State {
        /** We asked; waiting for their answer. */
        REQUESTED,
        /** They asked; waiting for our /accept or /reject. */
        INVITED,
        /** Both agreed; messages flow while there is a link. */
        OPEN
    }

    final String peer;
    final ConversationLog log;
    /** Held while sending, so messages leave in the order they were written, resends first. */
    final Object sending = new Object();
    volatile State state;
    volatile PeerLink link;
    /** The id of their CHAT_REQUEST while INVITED, answered by /accept or /reject. */
    volatile String requestId;

    Conversation(String peer, ConversationLog log, State state, PeerLink link) {
        this.peer = peer;
        this.log = log;
        this.state = state;
        this.link = link;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** The link if it is usable now. */
    PeerLink openLink() {
        PeerLink l = link;
        return l != null && l.isOpen() ? l : null;
    }

    /** Moves the conversation onto a new link (one side came back); the old link is closed. */
    void replaceLink(PeerLink newLink) {
        PeerLink old = link;
        link = newLink;
        if (old != null && old != newLink) {
            old.close("replaced by a new link");
        }
    }
}
