package dev.parley.registry.mail;

import dev.parley.registry.RequestRefused;
import java.util.Optional;

/** How much one mailbox may hold: messages and sealed bytes (parley.mail.quota-messages, -mib). */
public record MailQuota(int messages, long bytes) {

    /**
     * Why one more message of {@code incomingBytes} does not fit a mailbox that holds {@code held}
     * messages of {@code heldBytes}, or nothing when it fits.
     */
    Optional<RequestRefused> refusal(String recipient, long held, long heldBytes, int incomingBytes) {
        if (held >= messages) {
            return Optional.of(MailRefusal.mailboxFull(recipient, messages + (messages == 1 ? " message" : " messages")));
        }
        if (heldBytes + incomingBytes > bytes) {
            return Optional.of(MailRefusal.mailboxFull(recipient, bytes / (1024 * 1024) + " MiB"));
        }
        return Optional.empty();
    }
}
