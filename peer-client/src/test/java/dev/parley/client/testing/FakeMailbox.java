package dev.parley.client.testing;

import dev.parley.client.chat.Conversations;
import dev.parley.client.registry.MailDrop;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.UserPresence;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.registry.RegistryAnswer.MailDepositAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ReceiptFetchAnswer;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.protocol.registry.RegistryRequest.ReceiptRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry's mailbox for in-process tests: keeps envelopes per recipient as they are, passes
 * them on at once to a recipient whose conversations are {@link #online}, and turns
 * acknowledgements into receipts for the sender, passed on the same way. Everything it ever held
 * is in {@link #everything()}, so a test can check it never saw the text.
 */
public final class FakeMailbox {
    private final TestPeer.Directory directory;
    private final Map<String, List<Envelope>> mail = new ConcurrentHashMap<>();
    private final Map<String, List<MailReceipt>> receipts = new ConcurrentHashMap<>();
    private final Map<String, Conversations> online = new ConcurrentHashMap<>();
    /** Per user, how many times they went offline: a session from before the last logout is refused. */
    private final Map<String, Integer> logouts = new ConcurrentHashMap<>();
    private final List<Envelope> everything = new CopyOnWriteArrayList<>();
    private volatile int quota = Integer.MAX_VALUE;
    /** Deposits refused as too fast before the next is taken (each refusal asks for a 1 s wait). */
    private final java.util.concurrent.atomic.AtomicInteger tooFast = new java.util.concurrent.atomic.AtomicInteger();
    /** Run at each deposit, before it is answered: what changes at the registry while a message is left. */
    private volatile Runnable onDeposit = () -> { };

    public FakeMailbox(TestPeer.Directory directory) {
        this.directory = directory;
    }

    /** Events for {@code user} go to {@code conversations} from now on. */
    public void online(String user, Conversations conversations) {
        online.put(Names.key(user), conversations);
    }

    /** {@code user} logs out: sessions taken before this are refused, as the registry refuses a closed one. */
    public void offline(String user) {
        online.remove(Names.key(user));
        logouts.merge(Names.key(user), 1, Integer::sum);
    }

    /** At most this many messages per mailbox; a deposit past it is refused as the registry does. */
    public void quota(int messages) {
        this.quota = messages;
    }

    /** Runs {@code change} at each deposit from now on, before the deposit is answered. */
    public void onDeposit(Runnable change) {
        this.onDeposit = change;
    }

    /** The next {@code n} deposits are refused as too fast (429, try again in 1 s), as the registry's rate does. */
    public void refuseAsTooFast(int n) {
        tooFast.set(n);
    }

    /** Every message waiting for {@code user} expires unread: deleted, and each sender gets an expired receipt. */
    public void expireAllFor(String user) {
        List<Envelope> box = mail.getOrDefault(Names.key(user), new ArrayList<>());
        for (Envelope e : List.copyOf(box)) {
            box.remove(e);
            receipt(e, user, MailReceipt.Outcome.EXPIRED);
        }
    }

    private void receipt(Envelope e, String recipient, MailReceipt.Outcome outcome) {
        MailReceipt r = new MailReceipt(e.id(), recipient, outcome, Instant.now());
        receipts.computeIfAbsent(Names.key(e.from()), k -> new CopyOnWriteArrayList<>()).add(r);
        Conversations sender = online.get(Names.key(e.from()));
        if (sender != null) {
            sender.receiptArrived(r);
        }
    }

    public List<Envelope> everything() {
        return List.copyOf(everything);
    }

    public int waitingFor(String user) {
        return mail.getOrDefault(Names.key(user), List.of()).size();
    }

    /**
     * The mailbox as {@code user}'s session sees it, until {@code user} goes {@link #offline}: a
     * fetch started before a logout and run after it must find no mail, not take the next
     * session's.
     */
    public MailDrop as(String user) {
        int session = logouts.getOrDefault(Names.key(user), 0);
        return new MailDrop() {
            private void requireSession() throws RegistryException {
                if (logouts.getOrDefault(Names.key(user), 0) != session) {
                    throw new RegistryException(user + " logged out");
                }
            }

            @Override
            public Optional<UserPresence> search(String username) {
                return directory.lookup(username);
            }

            @Override
            public MailDepositAnswer deposit(Envelope envelope) throws RegistryException {
                requireSession();
                if (!Names.key(envelope.from()).equals(Names.key(user))) {
                    throw new RegistryException("from must be " + user);
                }
                onDeposit.run();
                if (tooFast.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new RegistryRefusedException(Status.TOO_MANY_REQUESTS, "slow down", 1);
                }
                List<Envelope> box = mail.computeIfAbsent(Names.key(envelope.to()), k -> new CopyOnWriteArrayList<>());
                boolean repeat = box.stream().anyMatch(e -> e.id().equals(envelope.id()) && e.from().equals(envelope.from()));
                if (!repeat && box.size() >= quota) {
                    throw new RegistryRefusedException(Status.CONFLICT, envelope.to() + "'s mailbox is full (" + quota
                            + " messages)", "mailbox-full");
                }
                if (!repeat) {
                    box.add(envelope);
                    everything.add(envelope);
                }
                Conversations recipient = online.get(Names.key(envelope.to()));
                if (!repeat && recipient != null) {
                    recipient.mailArrived(envelope);
                }
                return new MailDepositAnswer(Instant.now().plusSeconds(86_400), recipient != null);
            }

            @Override
            public MailFetchAnswer fetchMail() throws RegistryException {
                requireSession();
                return new MailFetchAnswer(List.copyOf(mail.getOrDefault(Names.key(user), List.of())), false);
            }

            @Override
            public void acknowledgeMail(List<MailRef> refs) throws RegistryException {
                requireSession();
                List<Envelope> box = mail.getOrDefault(Names.key(user), new ArrayList<>());
                for (MailRef ref : refs) {
                    for (Envelope e : box) {
                        if (e.id().equals(ref.id()) && Names.key(e.from()).equals(Names.key(ref.from()))) {
                            box.remove(e);
                            receipt(e, user, MailReceipt.Outcome.DELIVERED);
                        }
                    }
                }
            }

            @Override
            public ReceiptFetchAnswer fetchReceipts() throws RegistryException {
                requireSession();
                return new ReceiptFetchAnswer(List.copyOf(receipts.getOrDefault(Names.key(user), List.of())), false);
            }

            @Override
            public void acknowledgeReceipts(List<ReceiptRef> refs) throws RegistryException {
                requireSession();
                List<MailReceipt> mine = receipts.getOrDefault(Names.key(user), new ArrayList<>());
                mine.removeIf(r -> refs.stream().anyMatch(ref -> ref.id().equals(r.id())));
            }
        };
    }
}
