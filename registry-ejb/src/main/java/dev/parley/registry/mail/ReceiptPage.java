package dev.parley.registry.mail;

import dev.parley.protocol.mail.MailReceipt;
import java.util.List;

/** A page of a sender's receipts, oldest first; {@code more} when others follow. */
public record ReceiptPage(List<MailReceipt> receipts, boolean more) {
}
