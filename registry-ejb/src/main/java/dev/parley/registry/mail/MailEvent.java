package dev.parley.registry.mail;

import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;

/**
 * CDI event: something in a mailbox that a user online should hear at once. Fired only after the
 * change committed; the gateway turns it into a frame for that user's link, if they have one.
 */
public sealed interface MailEvent {

    /** The user told, as registered. */
    String username();

    /** Mail was left for {@code username}: passed on to them (relay); it stays until they acknowledge it. */
    record Arrived(String username, Envelope envelope) implements MailEvent {
    }

    /** What became of a message {@code username} sent; it stays until they acknowledge it. */
    record Receipted(String username, MailReceipt receipt) implements MailEvent {
    }
}
