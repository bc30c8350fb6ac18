package dev.parley.registry.mail;

import java.time.Instant;

/**
 * What a deposit came to: {@code recipient} as registered, and until when the message is kept
 * (for one delivered before, when it left the mailbox). {@code online} says it went on to the
 * recipient at once; only a new message does.
 */
public record Deposit(Kind kind, String recipient, Instant expiresAt, boolean online) {

    public enum Kind {
        /** Stored now. */
        NEW,
        /** The same message is in the mailbox already; nothing stored twice. */
        ALREADY_KEPT,
        /** The recipient has acknowledged this message already; it is not stored again. */
        ALREADY_DELIVERED
    }

    Deposit passedOn(boolean isOnline) {
        return new Deposit(kind, recipient, expiresAt, isOnline);
    }
}
