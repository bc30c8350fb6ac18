package dev.parley.client.store;

import dev.parley.client.ClientException;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One chat message as both ends know it: an id made by the sender (the receiver drops repeats of
 * it), who sent it, the sender's clock when it was written, the text, and the sender's sequence
 * number in the conversation ({@code seq}, 1, 2, 3 …; 0 where there is none: rooms, older peers),
 * by which the receiver shows a conversation in the order it was written.
 */
public record ChatMessage(String id, String sender, Instant sentAt, String body, long seq) {
    /**
     * How long a sender waits for a message's receipt: a one-to-one link without one is taken for
     * dead (the message stays in the outbox); a room member without one is named as not reached.
     */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    /** @throws IllegalArgumentException with the reason, for a message read from a peer or a file */
    public ChatMessage {
        if (!Limits.isMessageId(id)) {
            throw new IllegalArgumentException("message id must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (sender == null) {
            throw new IllegalArgumentException("message has no sender");
        }
        Credentials.usernameProblem(sender).ifPresent(p -> {
            throw new IllegalArgumentException("message sender: " + p);
        });
        if (sentAt == null) {
            throw new IllegalArgumentException("message has no time");
        }
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("message is empty");
        }
        if (body.length() > Limits.MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("message is longer than " + Limits.MAX_MESSAGE_CHARS + " characters");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("message sequence number is negative");
        }
    }

    /** A message without a sequence number. */
    public ChatMessage(String id, String sender, Instant sentAt, String body) {
        this(id, sender, sentAt, body, 0);
    }

    /** Refuses text too long for one message, before anything is stored or sent. */
    public static void requireFits(String text) throws ClientException {
        if (text.length() > Limits.MAX_MESSAGE_CHARS) {
            throw new ClientException("the message is " + text.length() + " characters; the limit is "
                    + Limits.MAX_MESSAGE_CHARS + " — nothing was sent");
        }
    }

    /** A new message from {@code sender}, with a fresh random id and the time now (to the millisecond). */
    public static ChatMessage compose(String sender, String body, Clock clock) {
        return compose(sender, body, clock, 0);
    }

    /** {@link #compose(String, String, Clock)} with the sender's next sequence number in the conversation. */
    public static ChatMessage compose(String sender, String body, Clock clock, long seq) {
        return new ChatMessage(UUID.randomUUID().toString(), sender, clock.instant().truncatedTo(ChronoUnit.MILLIS), body,
                seq);
    }
}
