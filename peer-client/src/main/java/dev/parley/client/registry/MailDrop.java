package dev.parley.client.registry;

import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.registry.RegistryAnswer.MailDepositAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ReceiptFetchAnswer;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.protocol.registry.RegistryRequest.ReceiptRef;
import java.util.List;
import java.util.Optional;

/**
 * The registry's mailbox as the chat model uses it: sealed messages left for people who are offline
 * or cannot be reached directly, the mail waiting for us, and the receipts for what we left. The
 * registry session in the program; a fake in tests.
 */
public interface MailDrop {
    /** Where the registry says {@code username} is, and their identity key; empty when there is no such user. */
    Optional<UserPresence> search(String username) throws RegistryException;

    /** Leaves an envelope; a repeat of one already there (or delivered) is answered as kept, not stored twice. */
    MailDepositAnswer deposit(Envelope envelope) throws RegistryException;

    /** The oldest mail waiting for us. */
    MailFetchAnswer fetchMail() throws RegistryException;

    /** These messages are on our disk: the registry deletes them and tells their senders. */
    void acknowledgeMail(List<MailRef> mail) throws RegistryException;

    /** The oldest receipts waiting for us. */
    ReceiptFetchAnswer fetchReceipts() throws RegistryException;

    /** These receipts are on our disk: the registry forgets them. */
    void acknowledgeReceipts(List<ReceiptRef> receipts) throws RegistryException;
}
