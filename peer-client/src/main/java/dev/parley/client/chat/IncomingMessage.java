package dev.parley.client.chat;

import dev.parley.client.peer.PeerLink;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Receiving one chat or room message from a peer, the same way for both: read it, store it (the
 * store drops repeats by id), then answer with the receipt. Unusable or unstorable messages get
 * an error answer and no receipt, so the sender keeps them.
 */
final class IncomingMessage {
    private IncomingMessage() {
    }

    /** The message when it is new and should be shown; empty when it was refused or is a repeat. */
    static Optional<ChatMessage> receive(PeerLink link, String id, Frame request, ConversationLog log, Clock clock) {
        ChatMessage message;
        try {
            message = new ChatMessage(id, link.peer(), Instant.parse(request.requireString("sentAt")),
                    request.requireString("body"));
        } catch (InvalidFieldException | DateTimeParseException | IllegalArgumentException e) {
            link.respond(id, Status.BAD_REQUEST, "unusable message: " + e.getMessage(), null);
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean fresh;
        try {
            fresh = log.received(message, now);
        } catch (IOException e) {
            link.respond(id, Status.UNAVAILABLE, "cannot store the message now", null);
            return Optional.empty();
        }
        link.respond(id, Status.OK, fresh ? "delivered" : "already delivered",
                Frame.object().add("receivedAt", now.toString()));
        return fresh ? Optional.of(message) : Optional.empty();
    }
}
