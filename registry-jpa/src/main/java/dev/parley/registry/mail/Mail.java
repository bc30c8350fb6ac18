package dev.parley.registry.mail;

import dev.parley.registry.account.Account;
import jakarta.persistence.Column;
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
 * One sealed envelope in its recipient's mailbox. Holds what routing needs and the envelope's
 * opaque bytes, decoded from the base64 it came in; the registry has no key to open them. It is
 * deleted when the recipient acknowledges it, or when it expires.
 */
@Entity
@Table(name = "mail")
@NamedQuery(name = Mail.FIND, query = "select m from Mail m join fetch m.recipient"
        + " where m.sender = :sender and m.recipient = :recipient and m.messageId = :messageId")
@NamedQuery(name = Mail.MAILBOX, query = "select m from Mail m join fetch m.sender"
        + " where m.recipient = :recipient order by m.depositedAt, m.id")
@NamedQuery(name = Mail.MAILBOX_SIZE, query = "select count(m), coalesce(sum(m.sizeBytes), 0) from Mail m"
        + " where m.recipient = :recipient")
@NamedQuery(name = Mail.EXPIRED, query = "select m from Mail m join fetch m.sender join fetch m.recipient"
        + " where m.expiresAt < :now order by m.expiresAt, m.id")
public class Mail {
    public static final String FIND = "Mail.find";
    /** A recipient's mail, oldest first (the mail_mailbox index). */
    public static final String MAILBOX = "Mail.mailbox";
    /** How many messages a recipient holds and how many sealed bytes: what the quota counts. */
    public static final String MAILBOX_SIZE = "Mail.mailboxSize";
    /** Mail past its expiry, the earliest first (the mail_expiry index). */
    public static final String EXPIRED = "Mail.expired";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "recipient_id", nullable = false)
    private Account recipient;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sender_id", nullable = false)
    private Account sender;

    /** The sender's id of the message (the envelope's {@code id}). */
    @Column(name = "message_id", nullable = false, length = 64)
    private String messageId;

    /** The HPKE encapsulated key: an uncompressed P-256 point. */
    @Column(name = "hpke_key", nullable = false)
    private byte[] hpkeKey;

    /** The HPKE ciphertext of the letter. */
    @Column(nullable = false)
    private byte[] sealed;

    /** The sender's DER ECDSA signature over the envelope. */
    @Column(nullable = false)
    private byte[] signature;

    @Column(name = "size_bytes", nullable = false)
    private int sizeBytes;

    @Column(name = "deposited_at", nullable = false)
    private Instant depositedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected Mail() {
    }

    public Mail(Account recipient, Account sender, String messageId, byte[] hpkeKey, byte[] sealed, byte[] signature,
            Instant depositedAt, Instant expiresAt) {
        this.recipient = recipient;
        this.sender = sender;
        this.messageId = messageId;
        this.hpkeKey = hpkeKey.clone();
        this.sealed = sealed.clone();
        this.signature = signature.clone();
        this.sizeBytes = sealed.length;
        this.depositedAt = depositedAt;
        this.expiresAt = expiresAt;
    }

    public Long getId() {
        return id;
    }

    public Account getRecipient() {
        return recipient;
    }

    public Account getSender() {
        return sender;
    }

    public String getMessageId() {
        return messageId;
    }

    public byte[] getHpkeKey() {
        return hpkeKey.clone();
    }

    public byte[] getSealed() {
        return sealed.clone();
    }

    public byte[] getSignature() {
        return signature.clone();
    }

    public int getSizeBytes() {
        return sizeBytes;
    }

    public Instant getDepositedAt() {
        return depositedAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
