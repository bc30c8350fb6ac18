package dev.parley.registry.mail;

import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.protocol.registry.RegistryRequest.ReceiptRef;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.presence.PresenceService;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Offline mail and relay: sealed envelopes left in a recipient's mailbox, passed on at once while
 * the recipient is online, kept until their client acknowledges them, and the receipts that tell
 * the senders. The registry cannot open an envelope; it checks what it can see and routes.
 *
 * <p>Runs outside any transaction, as the room service does: each change is one transaction in
 * {@link MailRepository}, and events are fired after it committed, so nobody is told of mail that
 * rolled back. The deposit rate is the gateway's to keep (per link, like the request rate).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MailService {
    private static final Logger LOG = Logger.getLogger(MailService.class.getName());
    /**
     * Envelope text one MAIL_FETCH answer carries at most (beyond a single envelope): with JSON's
     * names and quotes it stays well inside the largest answer a registry sends (256 KiB).
     */
    static final int PAGE_CHARS = 192 * 1024;
    /** Expired messages one expiry transaction deletes, so a large backlog is many short transactions. */
    static final int EXPIRY_BATCH = 100;

    @EJB
    private MailRepository mail;
    @EJB
    private PresenceService presence;
    @Inject
    private RegistrySettings settings;
    @Inject
    private Event<MailEvent> events;

    private final Clock clock = Clock.systemUTC();

    /**
     * Leaves {@code envelope} from {@code sender} (the session's user) in its recipient's mailbox
     * and, if the recipient is online, passes it on at once. A message deposited before is not
     * stored again: the answer says where it is.
     */
    public Deposit deposit(String sender, Envelope envelope) {
        SealedEnvelope sealed = SealedEnvelope.of(sender, envelope);
        Deposit deposit;
        try {
            deposit = mail.deposit(sealed, new MailQuota(settings.mailQuotaMessages(), settings.mailQuotaBytes()),
                    settings.mailExpiry());
        } catch (MailRace race) {
            deposit = mail.already(sealed).orElseThrow(() -> race);
        }
        if (deposit.kind() != Deposit.Kind.NEW) {
            return deposit;
        }
        // The envelope as deposited is the envelope as kept: its fields are checked to re-encode
        // to the same text and its names to be as registered.
        boolean online = presence.online(deposit.recipient()).isPresent();
        if (online) {
            events.fire(new MailEvent.Arrived(deposit.recipient(), envelope));
        }
        LOG.fine(() -> sealed + (online ? " passed on" : " kept"));
        return deposit.passedOn(online);
    }

    /** The oldest mail waiting for {@code username}, at most {@code limit} messages. */
    public MailPage fetch(String username, int limit) {
        return mail.fetch(username, limit, PAGE_CHARS);
    }

    /** Deletes the acknowledged messages from {@code username}'s mailbox; their senders get receipts. Returns how many. */
    public int acknowledge(String username, List<MailRef> refs) {
        List<MailEvent.Receipted> receipts = mail.acknowledge(username, refs);
        receipts.forEach(events::fire);
        return receipts.size();
    }

    /** The oldest receipts waiting for {@code username}, at most {@code limit}. */
    public ReceiptPage receipts(String username, int limit) {
        return mail.receipts(username, limit);
    }

    /** Forgets the receipts {@code username} has recorded; returns how many there were. */
    public int forgetReceipts(String username, List<ReceiptRef> refs) {
        return mail.forgetReceipts(username, refs);
    }

    /** The periodic job: deletes the mail that expired by now. */
    public int expire() {
        return expire(clock.instant());
    }

    /**
     * Deletes the mail that expired before {@code now}, a batch a transaction, and gives each
     * sender an {@code expired} receipt. Returns how many messages expired.
     */
    public int expire(Instant now) {
        int expired = 0;
        MailRepository.ExpiryRun run;
        do {
            run = mail.expire(now, EXPIRY_BATCH);
            run.receipts().forEach(events::fire);
            expired += run.receipts().size();
        } while (run.found() == EXPIRY_BATCH);
        if (expired > 0) {
            int n = expired;
            LOG.info(() -> n + (n == 1 ? " message" : " messages") + " expired unread; their senders have receipts");
        }
        return expired;
    }
}
