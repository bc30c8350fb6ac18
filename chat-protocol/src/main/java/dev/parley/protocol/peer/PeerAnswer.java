package dev.parley.protocol.peer;

import dev.parley.protocol.Nullable;
import java.time.Instant;

/**
 * The fields of answers on a peer link, beside {@code status} and {@code message}. CHAT_REQUEST's
 * answer has none: its status says accepted, rejected, busy or crossed.
 */
public interface PeerAnswer {

    /** HELLO: the callee's version and who it is (the caller checks it is the user it called). */
    record HelloAnswer(String version, String username) implements PeerAnswer {
    }

    /**
     * A refusal a program tells apart from others of its status by {@code reason}: CHAT_REQUEST's
     * 429 {@value #ALREADY_ASKED} (the caller's request or mail already waits for an answer; the
     * link stays open), beside 429 for too many requests.
     */
    record Refusal(@Nullable String reason) implements PeerAnswer {
        public static final String ALREADY_ASKED = "already-asked";
    }

    /** CHAT_MESSAGE and ROOM_MESSAGE: the delivery receipt, given once the receiver stored the message. */
    record Receipt(Instant receivedAt) implements PeerAnswer {
    }
}
