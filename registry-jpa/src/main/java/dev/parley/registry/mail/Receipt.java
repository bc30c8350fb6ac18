package dev.parley.registry.mail;

import dev.parley.registry.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What became of one message a user left in someone's mailbox, kept for that sender until they
 * acknowledge it. It also answers a sender that deposits the same message again after delivery:
 * the message is not stored twice.
 */
@Entity
@Table(name = "mail_receipt")
@NamedQuery(name = Receipt.FIND, query = "select r from Receipt r join fetch r.recipient"
        + " where r.sender = :sender and r.recipient = :recipient and r.messageId = :messageId")
@NamedQuery(name = Receipt.OF_SENDER, query = "select r from Receipt r join fetch r.recipient"
        + " where r.sender = :sender order by r.madeAt, r.id")
public class Receipt {
    public static final String FIND = "Receipt.find";
    /** A sender's receipts, oldest first (the mail_receipt_sender index). */
    public static final String OF_SENDER = "Receipt.ofSender";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Who sent the message, and so who gets the receipt. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sender_id", nullable = false)
    private Account sender;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "recipient_id", nullable = false)
    private Account recipient;

    @Column(name = "message_id", nullable = false, length = 64)
    private String messageId;

    @Convert(converter = ReceiptOutcomeColumn.class)
    @Column(nullable = false, length = 9)
    private ReceiptOutcome outcome;

    /** When the message left the mailbox: acknowledged by the recipient, or deleted as expired. */
    @Column(name = "made_at", nullable = false)
    private Instant madeAt;

    protected Receipt() {
    }

    public Receipt(Account sender, Account recipient, String messageId, ReceiptOutcome outcome, Instant madeAt) {
        this.sender = sender;
        this.recipient = recipient;
        this.messageId = messageId;
        this.outcome = outcome;
        this.madeAt = madeAt;
    }

    /**
     * The same message left the mailbox again: deposited anew after it had expired, then delivered
     * or expired once more. One receipt per message, saying what became of it last.
     */
    public void remake(ReceiptOutcome newOutcome, Instant at) {
        this.outcome = newOutcome;
        this.madeAt = at;
    }

    public Long getId() {
        return id;
    }

    public Account getSender() {
        return sender;
    }

    public Account getRecipient() {
        return recipient;
    }

    public String getMessageId() {
        return messageId;
    }

    public ReceiptOutcome getOutcome() {
        return outcome;
    }

    public Instant getMadeAt() {
        return madeAt;
    }
}
