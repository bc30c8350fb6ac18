package dev.parley.protocol.mail;

import java.time.Instant;

/**
 * What became of one message the receipt's holder sent through the registry: {@code delivered}
 * (the recipient's client stored it and said so) or {@code expired} (nobody fetched it in time;
 * the registry deleted it), to whom, and when.
 */
public record MailReceipt(String id, String to, Outcome outcome, Instant at) {

    /** How a message left the mailbox. */
    public enum Outcome {
        DELIVERED, EXPIRED
    }
}
