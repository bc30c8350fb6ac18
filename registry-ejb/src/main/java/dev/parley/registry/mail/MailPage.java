package dev.parley.registry.mail;

import dev.parley.protocol.mail.Envelope;
import java.util.List;

/** A page of a mailbox, oldest first; {@code more} when others follow. */
public record MailPage(List<Envelope> mail, boolean more) {
}
