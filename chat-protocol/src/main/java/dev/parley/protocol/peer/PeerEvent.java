package dev.parley.protocol.peer;

import dev.parley.protocol.Message;
import dev.parley.protocol.MessageCatalog;

/** Every frame a peer sends on its own (no id), one record each. */
public sealed interface PeerEvent {

    /** Reads an event frame; unknown types and bad fields are refused with a reason. */
    MessageCatalog<PeerEvent> CATALOG = MessageCatalog.of(PeerEvent.class);

    /** The other user ended the conversation; the link closes after it. */
    @Message("CHAT_CLOSE")
    record ChatClose(CloseReason reason) implements PeerEvent {
    }

    /** Why a conversation ended: {@code /exit}, or the user logged out. */
    enum CloseReason {
        CLOSED, LOGOUT
    }

    /** The sender closes this link, and why. */
    @Message("BYE")
    record Bye(String message) implements PeerEvent {
    }
}
