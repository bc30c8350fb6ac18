package dev.parley.protocol.peer;

import java.time.Instant;

/**
 * The fields of answers on a peer link, beside {@code status} and {@code message}. CHAT_REQUEST's
 * answer has none: its status says accepted, rejected, busy or crossed.
 */
public interface PeerAnswer {

    /** HELLO: the callee's version and who it is (the caller checks it is the user it called). */
    record HelloAnswer(String version, String username) implements PeerAnswer {
    }

    /** CHAT_MESSAGE and ROOM_MESSAGE: the delivery receipt, given once the receiver stored the message. */
    record Receipt(Instant receivedAt) implements PeerAnswer {
    }
}
