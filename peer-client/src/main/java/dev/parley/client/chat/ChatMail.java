package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityCheck;
import dev.parley.client.mail.MailUnreadableException;
import dev.parley.client.mail.SealedMail;
import dev.parley.client.registry.MailDrop;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailDepositAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ReceiptFetchAnswer;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.protocol.registry.RegistryRequest.ReceiptRef;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One-to-one messages that go through the registry because no direct link can be made: the peer
 * is offline (the message waits in their mailbox) or cannot be reached (the registry relays it at
 * once). Each message is sealed to the peer's identity key and signed with ours, so the registry
 * only ever holds ciphertext. The messages stay in the outbox until their receipt comes back, the
 * same as on a direct link; the receiving side stores each one durably before acknowledging it.
 */
final class ChatMail {
    private final Identity me;
    private final MailDrop registry;
    private final IdentityCheck keys;
    private final Conversations conversations;
    private final ChatMessages messages;
    private final ChatListener events;
    private final Clock clock;
    /** Receipts awaited for room messages relayed to members, by member and message id. */
    private final Map<String, CompletableFuture<Frame>> roomReceipts = new ConcurrentHashMap<>();
    private volatile Rooms rooms;
    /** Held while fetching, so mail fetched at login and mail arriving live are stored one batch at a time. */
    private final Object receiving = new Object();

    ChatMail(Identity me, MailDrop registry, IdentityCheck keys, Conversations conversations, ChatMessages messages,
            ChatListener events, Clock clock) {
        this.me = me;
        this.registry = registry;
        this.keys = keys;
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    /** Room messages through the registry go to and come from these rooms. */
    void attachRooms(Rooms r) {
        this.rooms = r;
        r.attachMail(this);
    }

    // ---- sending ----

    /** The registry's record of {@code name}, for a conversation that starts without a direct link. */
    Optional<UserPresence> lookup(String name) throws ClientException {
        return registry.search(name);
    }

    /**
     * Leaves on the registry every synced outbox message of the conversation that it does not hold
     * yet, in order. Runs on the caller's thread (a background one). A refusal is told once and
     * the messages stay in the outbox; too fast, and it tries again when the registry says.
     */
    void carry(Conversation c) {
        synchronized (c.mailing) {
            List<ConversationLog.Outgoing> outbox = c.log.outboxAfter(0);
            // A receipt can come before its deposit is noted below: what left the outbox is forgotten here too.
            c.deposited.retainAll(outbox.stream().map(o -> o.message().id()).collect(Collectors.toSet()));
            boolean nothingNew = outbox.stream().allMatch(o -> c.deposited.contains(o.message().id()));
            if (nothingNew && c.viaRegistry != null && !c.relayReasonUntold()) {
                return;
            }
            try {
                UserPresence peer = recipient(c.peer);
                if (nothingNew) {
                    // Nothing waits (a conversation back from disk, or a new reason): say where what is written will go.
                    via(c, peer.online() ? Conversation.ViaRegistry.RELAYED : Conversation.ViaRegistry.OFFLINE);
                    return;
                }
                PublicKey key = keys.trusted(peer.username(), peer.identityKey());
                for (ConversationLog.Outgoing o : outbox) {
                    ChatMessage m = o.message();
                    if (c.deposited.contains(m.id())) {
                        continue;
                    }
                    MailDepositAnswer answer = registry.deposit(SealedMail.seal(me, conversations.me(), peer.username(),
                            key, m.id(), new Letter(m.sentAt(), m.body(), m.seq() > 0 ? m.seq() : null, null)));
                    c.deposited.add(m.id());
                    via(c, answer.online() ? Conversation.ViaRegistry.RELAYED : Conversation.ViaRegistry.OFFLINE);
                }
            } catch (RegistryRefusedException e) {
                if (e.status() == Status.TOO_MANY_REQUESTS) {
                    long wait = Math.max(1, e.retryAfterSeconds());
                    if (!c.toldWaiting) {
                        c.toldWaiting = true;
                        events.on(new ConversationEvent.MailSlowedDown(c.peer, wait));
                    }
                    CompletableFuture.delayedExecutor(wait, TimeUnit.SECONDS).execute(() -> carry(c));
                    return;
                }
                notCarried(c, e.getMessage());
            } catch (ClientException e) {
                notCarried(c, e.getMessage());
            }
        }
    }

    /** {@link #carry} off the caller's thread. */
    void carryInBackground(Conversation c) {
        Thread.ofVirtual().name("mail to " + c.peer).start(() -> carry(c));
    }

    /**
     * Leaves a room message for one member no direct link reaches; the future completes with its
     * receipt when that comes back through the registry, or fails with why it was not left.
     */
    CompletableFuture<Frame> relayRoomMessage(String member, String room, ChatMessage m) {
        CompletableFuture<Frame> receipt = new CompletableFuture<>();
        String key = receiptKey(member, m.id());
        roomReceipts.put(key, receipt);
        receipt.whenComplete((answer, failure) -> roomReceipts.remove(key, receipt));
        try {
            UserPresence peer = recipient(member);
            registry.deposit(SealedMail.seal(me, conversations.me(), peer.username(),
                    keys.trusted(peer.username(), peer.identityKey()), m.id(), new Letter(m.sentAt(), m.body(), null, room)));
        } catch (ClientException e) {
            receipt.completeExceptionally(new ClientException("not relayed: " + e.getMessage()));
        }
        return receipt;
    }

    /** Who a message is sealed for, as the registry names them (the name the envelope must carry) with their key. */
    private UserPresence recipient(String name) throws ClientException {
        return registry.search(name).orElseThrow(() -> new ClientException("there is no user named " + name));
    }

    private static String receiptKey(String user, String id) {
        return Names.key(user) + "/" + id;
    }

    /**
     * Says once when messages start going through the registry, how, and (relayed) why; and again
     * when why changes. Relayed to someone online whom no direct try has failed to reach (they just
     * came back), nothing is said yet: a direct try is made once, and its failure tells why ("not
     * accepted yet" is not "cannot reach").
     */
    void via(Conversation c, Conversation.ViaRegistry how) {
        if (how == Conversation.ViaRegistry.OFFLINE) {
            c.relayReason = null; // when they are back, a new try tells why
            if (c.viaRegistry != how) {
                c.viaRegistry = how;
                c.toldRelayReason = null;
                events.on(new ConversationEvent.ViaRegistry(c.peer, null));
            }
            return;
        }
        String why = c.relayReason;
        if (why == null) {
            if (c.viaRegistry != how) {
                c.viaRegistry = how;
                messages.tryDirectSoon(c);
            }
            return;
        }
        if (c.viaRegistry == how && !c.relayReasonUntold()) {
            return;
        }
        c.viaRegistry = how;
        c.toldRelayReason = why;
        events.on(new ConversationEvent.ViaRegistry(c.peer, why));
    }

    private void notCarried(Conversation c, String reason) {
        if (!c.toldWaiting) {
            c.toldWaiting = true;
            events.on(new ConversationEvent.OutboxWaiting(c.peer, c.log.outboxSize(), reason));
        }
    }

    // ---- receiving ----

    /** After login (and after each reconnection): the mail and receipts that waited for us, off the caller's thread. */
    void fetchInBackground() {
        Thread.ofVirtual().name("fetch mail").start(() -> {
            try {
                fetchAll();
            } catch (RegistryException e) {
                Diagnostics.trace("fetching mail", e);
            }
        });
    }

    /** A MAIL event: one message relayed (or deposited) while we are online. */
    void arrived(Envelope envelope) {
        Thread.ofVirtual().name("mail from " + envelope.from()).start(() -> {
            synchronized (receiving) {
                try {
                    store(List.of(envelope), false);
                } catch (RegistryException e) {
                    Diagnostics.trace("acknowledging mail from " + envelope.from(), e);
                }
            }
        });
    }

    /** A MAIL_RECEIPT event: what became of a message we left. */
    void receipt(MailReceipt receipt) {
        Thread.ofVirtual().name("receipt from " + receipt.to()).start(() -> {
            try {
                record(List.of(receipt));
            } catch (RegistryException e) {
                Diagnostics.trace("acknowledging a receipt from " + receipt.to(), e);
            }
        });
    }

    private void fetchAll() throws RegistryException {
        synchronized (receiving) {
            while (true) {
                MailFetchAnswer page = registry.fetchMail();
                int acknowledged = store(page.mail(), true);
                if (!page.more() || acknowledged == 0) {
                    break; // a page of nothing but refused mail would come back the same
                }
            }
        }
        while (true) {
            ReceiptFetchAnswer page = registry.fetchReceipts();
            int recorded = record(page.receipts());
            if (!page.more() || recorded == 0) {
                break;
            }
        }
    }

    /**
     * A message opened and stored in a log (a conversation's or a room's): whether it is to be shown
     * (new; or a repeat stored before and never shown, as when the sync after its first fetch
     * failed), whose mail it counts as while we were away (null for a room), and how to show it.
     */
    record Stored(ConversationLog log, boolean toShow, String peer, Runnable show) {
    }

    private record Opened(Stored stored, Envelope envelope) {
        boolean toShow() {
            return stored.toShow();
        }
    }

    /**
     * Opens each envelope, stores it in its conversation (dropping repeats by id), waits for the
     * disk, tells how many came from whom when they waited while we were away, shows the new ones
     * in order, then acknowledges them all. Refused ones are told and left on the registry.
     *
     * @return how many were acknowledged
     */
    private int store(List<Envelope> mail, boolean whileAway) throws RegistryException {
        List<Opened> opened = new ArrayList<>();
        Map<String, Sender> senders = new LinkedHashMap<>();
        for (Envelope e : mail) {
            try {
                opened.add(open(e, senders));
            } catch (MailUnreadableException | ClientException | IOException ex) {
                events.on(new ConversationEvent.MailRefused(e.from(), ex.getMessage()));
            }
        }
        for (Opened o : opened) {
            try {
                o.stored().log().durable().join();
            } catch (RuntimeException ex) {
                events.on(new ConversationEvent.MailNotStored(o.envelope().from(), o.stored().log().file(),
                        Diagnostics.reason(ex)));
                return 0; // not acknowledged: fetched again next time
            }
        }
        if (whileAway) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            opened.stream().filter(o -> o.toShow() && o.stored().peer() != null)
                    .forEach(o -> counts.merge(o.stored().peer(), 1, Integer::sum));
            counts.forEach((peer, n) -> events.on(new ConversationEvent.MailWhileAway(peer, n)));
        }
        for (Opened o : opened) {
            if (o.toShow()) {
                o.stored().show().run();
            }
        }
        if (!opened.isEmpty()) {
            registry.acknowledgeMail(opened.stream().map(o -> new MailRef(o.envelope().from(), o.envelope().id())).toList());
        }
        return opened.size();
    }

    /** A sender as the registry names them, and the key their signatures are checked with. */
    private record Sender(String name, PublicKey key) {
    }

    private Opened open(Envelope e, Map<String, Sender> senders)
            throws MailUnreadableException, ClientException, IOException {
        if (!me.username().equalsIgnoreCase(e.to())) {
            throw new MailUnreadableException("it is addressed to " + e.to());
        }
        Sender sender = senders.get(Names.key(e.from()));
        if (sender == null) {
            UserPresence found = registry.search(e.from())
                    .orElseThrow(() -> new MailUnreadableException("there is no user named " + e.from()));
            sender = new Sender(found.username(), keys.trusted(found.username(), found.identityKey()));
            senders.put(Names.key(e.from()), sender);
        }
        Letter letter = SealedMail.open(e, me, sender.key());
        if (letter.room() != null) {
            Rooms r = rooms;
            if (r == null) {
                throw new MailUnreadableException("it is a room message, and this client is in no room");
            }
            return new Opened(r.relayed(sender.name(), e.id(), letter), e);
        }
        ChatMessage message;
        try {
            message = new ChatMessage(e.id(), sender.name(), letter.sentAt(), letter.body(),
                    letter.seq() == null ? 0 : letter.seq());
        } catch (IllegalArgumentException ex) {
            throw new MailUnreadableException("unusable message: " + ex.getMessage());
        }
        Conversation c = conversations.openedByMail(sender.name());
        boolean fresh;
        boolean held;
        synchronized (c.receiving) { // against an /accept: counted as held, or stored in an open conversation
            fresh = c.log.received(message, clock.instant());
            held = c.state == Conversation.State.INVITED;
            if (held && fresh) {
                c.heldMail++;
            }
        }
        if (held) {
            if (!fresh) {
                conversations.forgetEmptyRequest(c);
            }
            return new Opened(new Stored(c.log, fresh, null, () -> conversations.tellHeld(c)), e);
        }
        boolean toShow = fresh || c.log.storedUnshown(message);
        return new Opened(new Stored(c.log, toShow, c.peer, () -> messages.arrivedOtherwise(c, message)), e);
    }

    /**
     * Records each receipt in its conversation's log (opened for the moment if the conversation is
     * not), waits for the disk, tells the user, then acknowledges them.
     *
     * @return how many were recorded
     */
    private int record(List<MailReceipt> receipts) throws RegistryException {
        List<ReceiptRef> recorded = new ArrayList<>();
        for (MailReceipt r : receipts) {
            try {
                CompletableFuture<Frame> roomReceipt = roomReceipts.get(receiptKey(r.to(), r.id()));
                if (roomReceipt != null) {
                    if (r.outcome() == MailReceipt.Outcome.DELIVERED) {
                        roomReceipt.complete(Frame.answer(r.id(), Status.OK, "delivered", new PeerAnswer.Receipt(r.at())));
                    } else {
                        roomReceipt.completeExceptionally(new ClientException("expired on the registry"));
                    }
                } else {
                    messages.receiptByMail(r);
                }
                recorded.add(new ReceiptRef(r.to(), r.id()));
            } catch (ClientException | IOException | RuntimeException e) {
                Diagnostics.trace("recording the receipt of " + r.id() + " from " + r.to(), e);
            }
        }
        if (!recorded.isEmpty()) {
            registry.acknowledgeReceipts(recorded);
        }
        return recorded.size();
    }
}
