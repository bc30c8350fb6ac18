package dev.parley.client.chat;

import dev.parley.client.peer.PeerLink;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerAnswer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Receiving one chat or room message from a peer, the same way for both: read it, store it (the
 * store drops repeats by id), wait until the store has it on the disk, then answer with the
 * receipt and hand it on to be shown. A receipt therefore always means "on the receiver's disk",
 * and nothing is shown that a crash could still take back. Unusable or unstorable messages get an
 * error answer and no receipt, so the sender keeps them.
 */
final class IncomingMessage {
    private IncomingMessage() {
    }

    /**
     * @param sentAt the message's fields as its record read them ({@code seq} 0 for none)
     * @param fresh gets the message once it is stored and receipted, if it is new (not a repeat) or
     *     a repeat of one stored and not yet shown;
     *     called on the store's sync thread, in the order the messages arrived
     */
    static void receive(PeerLink link, String id, Instant sentAt, String body, long seq, ConversationLog log,
            Clock clock, Consumer<ChatMessage> fresh) {
        ChatMessage message;
        try {
            message = new ChatMessage(id, link.peer(), sentAt, body, seq);
        } catch (IllegalArgumentException e) {
            link.respond(id, Status.BAD_REQUEST, "unusable message: " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        boolean isNew;
        try {
            isNew = log.received(message, now);
        } catch (IOException e) {
            link.respond(id, Status.UNAVAILABLE, "cannot store the message now");
            return;
        }
        log.durable().whenComplete((stored, failure) -> {
            if (failure != null) {
                link.respond(id, Status.UNAVAILABLE, "cannot store the message now");
                return;
            }
            link.respond(id, Status.OK, isNew ? "delivered" : "already delivered", new PeerAnswer.Receipt(now));
            // A repeat stored before and never shown (the sync after its first arrival failed, and
            // the sender was told to try again) is shown now: nothing else would until a restart.
            if (isNew || log.storedUnshown(message)) {
                fresh.accept(message);
            }
        });
    }
}
