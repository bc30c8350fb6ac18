package dev.parley.registry.mail;

import dev.parley.protocol.Names;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.protocol.registry.RegistryRequest.ReceiptRef;
import dev.parley.registry.Constraints;
import dev.parley.registry.account.Account;
import dev.parley.registry.account.AccountLookup;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Mailboxes and receipts in the database. Each method is one short transaction. A deposit locks
 * the sender's and the recipient's account rows (PESSIMISTIC_WRITE, lower id first) and only then
 * looks for the same message and counts the mailbox, so racing deposits to one mailbox run one
 * after the other: the quota holds and a message is stored once. Both rows, in one order, because
 * storing mail also takes a share lock on the row of each account it names (the foreign keys):
 * locking only the recipient's would let alice-to-bob and bob-to-alice deposits deadlock. An
 * acknowledgement and the expiry, which store receipts, first lock every account they name the
 * same way (found under load: a deposit and an acknowledgement between two users deadlocked).
 *
 * <p>A message leaves a mailbox by a delete that counts its rows, so of an acknowledgement and the
 * expiry racing for one message exactly one takes it and makes its receipt.
 */
@Stateless
public class MailRepository {

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    private final Clock clock = Clock.systemUTC();

    /** How many messages wait in mailboxes, all of them: for the metrics. */
    public long held() {
        return em.createQuery("SELECT COUNT(m) FROM Mail m", Long.class).getSingleResult();
    }

    /**
     * Stores a checked envelope in its recipient's mailbox, or says it is there or delivered
     * already. 404 when the recipient does not exist, 409 when the mailbox is full;
     * {@link MailRace} when another deposit of the same message won the insert.
     */
    public Deposit deposit(SealedEnvelope e, MailQuota quota, Duration expiry) {
        Account sender = account(e.from());
        Account recipient = findAccount(e.to()).orElseThrow(() -> MailRefusal.noSuchUser(e.to()));
        if (!recipient.getUsername().equals(e.to())) {
            throw MailRefusal.badField("to", "write " + recipient.getUsername() + " as registered");
        }
        lockInOrder(sender, recipient);
        Optional<Deposit> already = already(sender, recipient, e.id());
        if (already.isPresent()) {
            return already.get();
        }
        Object[] size = em.createNamedQuery(Mail.MAILBOX_SIZE, Object[].class)
                .setParameter("recipient", recipient).getSingleResult();
        quota.refusal(recipient.getUsername(), ((Number) size[0]).longValue(), ((Number) size[1]).longValue(),
                e.sealed().length).ifPresent(refused -> {
                    throw refused;
                });
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Mail mail = new Mail(recipient, sender, e.id(), e.key(), e.sealed(), e.signature(), now,
                now.plus(expiry).truncatedTo(ChronoUnit.SECONDS));
        try {
            em.persist(mail);
            em.flush();
        } catch (PersistenceException ex) {
            if (Constraints.violated(ex)) {
                throw new MailRace();
            }
            throw ex;
        }
        return new Deposit(Deposit.Kind.NEW, recipient.getUsername(), mail.getExpiresAt(), false);
    }

    /** What an earlier deposit of this message came to, if there was one: after a {@link MailRace}. */
    public Optional<Deposit> already(SealedEnvelope e) {
        Optional<Account> recipient = findAccount(e.to());
        return recipient.isEmpty() ? Optional.empty() : already(account(e.from()), recipient.get(), e.id());
    }

    /** A page of {@code username}'s mailbox, oldest first: at most {@code limit} messages and about {@code maxChars} of envelopes (at least one). */
    public MailPage fetch(String username, int limit, int maxChars) {
        Account me = account(username);
        List<Mail> rows = em.createNamedQuery(Mail.MAILBOX, Mail.class)
                .setParameter("recipient", me)
                .setMaxResults(limit + 1)
                .getResultList();
        List<Envelope> page = new ArrayList<>();
        int chars = 0;
        for (Mail m : rows) {
            if (page.size() == limit) {
                break;
            }
            Envelope envelope = SealedEnvelope.envelope(m.getMessageId(), m.getSender().getUsername(), me.getUsername(),
                    m.getHpkeKey(), m.getSealed(), m.getSignature());
            int size = envelope.key().length() + envelope.sealed().length() + envelope.signature().length()
                    + envelope.id().length() + envelope.from().length() + envelope.to().length();
            if (!page.isEmpty() && chars + size > maxChars) {
                break;
            }
            page.add(envelope);
            chars += size;
        }
        return new MailPage(page, rows.size() > page.size());
    }

    /**
     * Takes the messages {@code refs} name out of {@code username}'s mailbox and makes a
     * {@code delivered} receipt for each sender. Refs to nothing in this mailbox (another user's
     * mail, mail acknowledged before) are skipped. Returns the receipts made, for their senders.
     */
    public List<MailEvent.Receipted> acknowledge(String username, List<MailRef> refs) {
        Account me = account(username);
        Map<String, Optional<Account>> senders = new HashMap<>();
        List<Account> named = new ArrayList<>(List.of(me));
        for (MailRef ref : refs) {
            if (ref != null && ref.from() != null && ref.id() != null) {
                senders.computeIfAbsent(Names.key(ref.from()), k -> findAccount(ref.from())).ifPresent(named::add);
            }
        }
        // The receipts' foreign keys share-lock these rows: taken first, in the deposits' order, so an
        // acknowledgement and a deposit between the same two users cannot deadlock.
        lockInOrder(named);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<MailEvent.Receipted> made = new ArrayList<>();
        for (MailRef ref : refs) {
            if (ref == null || ref.from() == null || ref.id() == null) {
                continue;
            }
            Optional<Account> sender = senders.get(Names.key(ref.from()));
            if (sender.isPresent() && take(sender.get(), me, ref.id())) {
                made.add(receipt(sender.get(), me, ref.id(), ReceiptOutcome.DELIVERED, now));
            }
        }
        return made;
    }

    /**
     * Deletes up to {@code batch} messages that expired before {@code now} and makes an
     * {@code expired} receipt for each sender. Returns the receipts made; fewer than
     * {@code batch} found means none are left.
     */
    public ExpiryRun expire(Instant now, int batch) {
        List<Mail> expired = em.createNamedQuery(Mail.EXPIRED, Mail.class)
                .setParameter("now", now)
                .setMaxResults(batch)
                .getResultList();
        List<Account> named = new ArrayList<>();
        for (Mail m : expired) {
            named.add(m.getSender());
            named.add(m.getRecipient());
        }
        lockInOrder(named); // as in acknowledge: no deadlock with a deposit
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        List<MailEvent.Receipted> made = new ArrayList<>();
        for (Mail m : expired) {
            if (take(m.getSender(), m.getRecipient(), m.getMessageId())) {
                made.add(receipt(m.getSender(), m.getRecipient(), m.getMessageId(), ReceiptOutcome.EXPIRED, at));
            }
        }
        return new ExpiryRun(expired.size(), made);
    }

    /** What one expiry transaction found and the receipts it made. */
    public record ExpiryRun(int found, List<MailEvent.Receipted> receipts) {
    }

    /** A page of the receipts waiting for {@code username}, oldest first. */
    public ReceiptPage receipts(String username, int limit) {
        List<Receipt> rows = em.createNamedQuery(Receipt.OF_SENDER, Receipt.class)
                .setParameter("sender", account(username))
                .setMaxResults(limit + 1)
                .getResultList();
        boolean more = rows.size() > limit;
        List<MailReceipt> page = rows.stream().limit(limit).map(MailRepository::toProtocol).toList();
        return new ReceiptPage(page, more);
    }

    /** Forgets the receipts of {@code username} that {@code refs} name; returns how many there were. */
    public int forgetReceipts(String username, List<ReceiptRef> refs) {
        Account me = account(username);
        Map<String, Optional<Account>> recipients = new HashMap<>();
        int forgotten = 0;
        for (ReceiptRef ref : refs) {
            if (ref == null || ref.to() == null || ref.id() == null) {
                continue;
            }
            Optional<Account> recipient = recipients.computeIfAbsent(Names.key(ref.to()), k -> findAccount(ref.to()));
            if (recipient.isPresent()) {
                forgotten += em.createQuery("delete from Receipt r where r.sender = :sender"
                        + " and r.recipient = :recipient and r.messageId = :messageId")
                        .setParameter("sender", me)
                        .setParameter("recipient", recipient.get())
                        .setParameter("messageId", ref.id())
                        .executeUpdate();
            }
        }
        return forgotten;
    }

    private Optional<Deposit> already(Account sender, Account recipient, String messageId) {
        Optional<Mail> kept = em.createNamedQuery(Mail.FIND, Mail.class)
                .setParameter("sender", sender)
                .setParameter("recipient", recipient)
                .setParameter("messageId", messageId)
                .getResultStream().findFirst();
        if (kept.isPresent()) {
            return Optional.of(new Deposit(Deposit.Kind.ALREADY_KEPT, recipient.getUsername(),
                    kept.get().getExpiresAt(), false));
        }
        // Only a delivered message is never taken again: one that expired unread may be sent anew.
        return findReceipt(sender, recipient, messageId)
                .filter(r -> r.getOutcome() == ReceiptOutcome.DELIVERED)
                .map(r -> new Deposit(Deposit.Kind.ALREADY_DELIVERED, recipient.getUsername(), r.getMadeAt(), false));
    }

    /** Deletes the message if it is still there; true if this transaction took it. */
    private boolean take(Account sender, Account recipient, String messageId) {
        return em.createQuery("delete from Mail m where m.sender = :sender and m.recipient = :recipient"
                + " and m.messageId = :messageId")
                .setParameter("sender", sender)
                .setParameter("recipient", recipient)
                .setParameter("messageId", messageId)
                .executeUpdate() > 0;
    }

    /** Records what became of a message: one receipt per message, the latest outcome. */
    private MailEvent.Receipted receipt(Account sender, Account recipient, String messageId, ReceiptOutcome outcome,
            Instant at) {
        Receipt receipt = findReceipt(sender, recipient, messageId).orElse(null);
        if (receipt == null) {
            receipt = new Receipt(sender, recipient, messageId, outcome, at);
            em.persist(receipt);
        } else {
            receipt.remake(outcome, at);
        }
        return new MailEvent.Receipted(sender.getUsername(), toProtocol(receipt));
    }

    private Optional<Receipt> findReceipt(Account sender, Account recipient, String messageId) {
        return em.createNamedQuery(Receipt.FIND, Receipt.class)
                .setParameter("sender", sender)
                .setParameter("recipient", recipient)
                .setParameter("messageId", messageId)
                .getResultStream().findFirst();
    }

    private void lockInOrder(Account a, Account b) {
        lockInOrder(List.of(a, b));
    }

    /**
     * Locks these accounts' rows, lowest id first, each once. Every transaction here that stores a
     * row naming accounts (mail, a receipt) takes its locks this way before it does, so no two of
     * them wait on each other in a circle.
     */
    private void lockInOrder(Collection<Account> accounts) {
        accounts.stream().collect(Collectors.toMap(Account::getId, a -> a, (a, b) -> a, TreeMap::new))
                .values().forEach(a -> em.lock(a, LockModeType.PESSIMISTIC_WRITE));
    }

    private static MailReceipt toProtocol(Receipt r) {
        return new MailReceipt(r.getMessageId(), r.getRecipient().getUsername(),
                r.getOutcome() == ReceiptOutcome.DELIVERED ? MailReceipt.Outcome.DELIVERED : MailReceipt.Outcome.EXPIRED,
                r.getMadeAt());
    }

    private Optional<Account> findAccount(String username) {
        return AccountLookup.find(em, username);
    }

    /** The account of the session's user, who exists. */
    private Account account(String username) {
        return findAccount(username).orElseThrow(() -> new IllegalStateException("no account for " + username));
    }
}
