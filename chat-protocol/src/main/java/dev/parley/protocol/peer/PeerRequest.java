package dev.parley.protocol.peer;

import dev.parley.protocol.Limits;
import dev.parley.protocol.Length;
import dev.parley.protocol.Message;
import dev.parley.protocol.MessageCatalog;
import dev.parley.protocol.Nullable;
import dev.parley.protocol.Range;
import java.time.Instant;

/**
 * Every request one client sends another over a peer link, one record each; the answers are in
 * {@link PeerAnswer}, the events in {@link PeerEvent}. A chat or room message's request id is the
 * message's own id, so it stays the same when the message is sent again.
 */
public sealed interface PeerRequest {

    /** Reads a request frame; unknown types and bad fields are refused with a 400 reason. */
    MessageCatalog<PeerRequest> CATALOG = MessageCatalog.of(PeerRequest.class);

    /** The caller's first frame: its protocol version and the user it claims to be. */
    @Message("HELLO")
    record Hello(String version, String username) implements PeerRequest {
    }

    /** Ask for a conversation; {@code resume} only goes on with one the other side has open. */
    @Message("CHAT_REQUEST")
    record ChatRequest(@Nullable Boolean resume) implements PeerRequest {
        public boolean resuming() {
            return Boolean.TRUE.equals(resume);
        }
    }

    /**
     * One chat message. {@code seq} numbers the sender's messages in this conversation (1, 2, 3 …);
     * absent from clients older than it.
     */
    @Message("CHAT_MESSAGE")
    record ChatMessage(Instant sentAt, @Length(min = 1, max = Limits.MAX_MESSAGE_CHARS) String body,
            @Nullable @Range(min = 0, max = Integer.MAX_VALUE) Long seq) implements PeerRequest {
    }

    /** One room message, sent by its author to each other member. */
    @Message("ROOM_MESSAGE")
    record RoomMessage(String room, Instant sentAt, @Length(min = 1, max = Limits.MAX_MESSAGE_CHARS) String body)
            implements PeerRequest {
    }
}
