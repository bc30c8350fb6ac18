package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.peer.PeerLinkClosedException;
import dev.parley.client.peer.PeerUnavailableException;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.peer.PeerRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The messages of open conversations. Sending: a message is stored, synced, shown <i>sent</i>,
 * and only then carried by the conversation's link, after every earlier message of the outbox; a
 * conversation without a link gets a new one in the background (never on the input line), and a
 * new link carries the whole outbox, in order, reported in one line once it is delivered.
 * Receiving: stored, synced, receipted, then shown in the sender's order.
 */
final class ChatMessages {
    /** How long a later message waits to be shown for an earlier one that has not arrived. */
    static final Duration HOLD_FOR_EARLIER = Duration.ofSeconds(20);
    /** How soon a message whose sync failed is tried again, the first time and at the longest. */
    private static final Duration STORE_RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration STORE_RETRY_MOST = Duration.ofMinutes(1);
    /** The first pause before trying an unreachable peer again, and the longest. */
    static final Duration RETRY_FIRST = Duration.ofSeconds(2);
    static final Duration RETRY_AT_MOST = Duration.ofSeconds(60);

    private final String me;
    private final Conversations conversations;
    private final Buffers buffers;
    private final ChatListener events;
    private final Clock clock;
    /** Plain mode shows every conversation's messages as they come; the terminal shows only the current buffer's. */
    private final boolean showEveryBuffer;
    /** Carries messages through the registry when no direct link can be made; null until logged in with a key. */
    private volatile ChatMail mail;
    /** While messages go through the registry, how often a direct link is tried again. */
    static final Duration DIRECT_RETRY = Duration.ofSeconds(30);

    ChatMessages(String me, Conversations conversations, Buffers buffers, ChatListener events, Clock clock,
            boolean showEveryBuffer) {
        this.me = me;
        this.conversations = conversations;
        this.buffers = buffers;
        this.events = events;
        this.clock = clock;
        this.showEveryBuffer = showEveryBuffer;
    }

    void attach(ChatMail chatMail) {
        this.mail = chatMail;
    }

    /**
     * Stores the message in the outbox; once it is on the disk it is shown sent and goes out on the
     * conversation's link, or waits for one. The future completes with the receipt.
     */
    CompletableFuture<Frame> send(String peer, String text) throws ClientException {
        Conversation c = conversations.find(peer);
        if (c != null && c.state == Conversation.State.REQUESTED) {
            throw new ClientException("waiting for " + c.peer + " to accept — nothing was sent");
        }
        if (c == null || !c.isOpen()) {
            throw new ClientException(Conversations.NOT_IN_CONVERSATION);
        }
        ChatMessage.requireFits(text);
        CompletableFuture<Frame> receipt = new CompletableFuture<>();
        ChatMessage message;
        synchronized (c.sending) {
            message = ChatMessage.compose(me, text, clock, c.log.nextSeq());
            try {
                c.log.sent(message);
            } catch (IOException e) {
                throw new ClientException("cannot store the message in " + c.log.file() + ": " + Diagnostics.reason(e)
                        + " — nothing was sent");
            }
            c.receipts.put(message.id(), receipt);
        }
        whenStored(c, message, receipt, STORE_RETRY_FIRST);
        return receipt;
    }

    /**
     * Once {@code message} is on the disk it is shown sent and goes out. A sync that fails (a full
     * disk, say) leaves it in the outbox and in the log's buffer, which the next sync writes: it is
     * told as not stored yet, and the sync is tried again, less and less often, until it succeeds
     * (then it is shown sent after all) or the conversation is closed.
     */
    private void whenStored(Conversation c, ChatMessage message, CompletableFuture<Frame> receipt, Duration retry) {
        c.log.durable().whenComplete((stored, failure) -> {
            if (failure == null) {
                events.on(new ConversationEvent.Sent(message));
                carry(c);
                return;
            }
            if (retry.equals(STORE_RETRY_FIRST)) { // told once, also when the conversation ended meanwhile
                events.on(new ConversationEvent.NotStored(c.peer, c.log.file(), Diagnostics.reason(failure)));
            }
            if (!conversations.holds(c)) { // ended meanwhile: its log is closed, after a last try to sync
                c.receipts.remove(message.id());
                receipt.completeExceptionally(failure);
                return;
            }
            Duration doubled = retry.multipliedBy(2);
            Duration next = doubled.compareTo(STORE_RETRY_MOST) < 0 ? doubled : STORE_RETRY_MOST;
            CompletableFuture.delayedExecutor(retry.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> whenStored(c, message, receipt, next));
        });
    }

    /**
     * The conversation has a new link (we reconnected, they came back, or it just opened): the link
     * carries the whole outbox from its start.
     */
    void linked(Conversation c, PeerLink link) {
        synchronized (c.sending) {
            c.replaceLink(link);
            c.relayReason = null;
            c.toldRelayReason = null; // relayed again later is news again
            if (c.viaRegistry != null) {
                c.viaRegistry = null;
                events.on(new ConversationEvent.DirectAgain(c.peer));
            }
            c.carriedUpTo = 0;
            boolean waited = c.outboxWaited || c.toldWaiting;
            c.outboxWaited = false;
            c.toldWaiting = false;
            c.retries = 0;
            List<ConversationLog.Outgoing> outbox = c.log.outboxAfter(0);
            Set<String> waiting = new HashSet<>();
            if (waited) {
                // Otherwise they were just written (the conversation had no link yet): each is reported on its own.
                outbox.forEach(o -> waiting.add(o.message().id()));
            }
            c.waiting = waiting;
            c.waitingCount = waiting.size();
            if (!waiting.isEmpty()) {
                events.on(new ConversationEvent.Resending(c.peer, waiting.size()));
            }
            carry(c);
        }
    }

    /** The peer is back online (the registry said so): their waiting messages go out now. */
    void peerIsBack(Conversation c) {
        if (c.openLink() == null && c.log.outboxSize() > 0) {
            c.toldWaiting = false;
            reconnectInBackground(c);
        }
    }

    /**
     * The conversation's link closed (the peer stopped answering, crashed, or the network broke):
     * with messages waiting, it is tried again shortly and then less and less often.
     */
    void linkLost(Conversation c) {
        c.outboxWaited = true;
        retryLater(c);
    }

    /** A conversation that has no link tries to get one now, in the background. */
    void reach(Conversation c) {
        if (c.openLink() == null) {
            reconnectInBackground(c);
        }
    }

    /** A CHAT_MESSAGE from the peer of {@code link}: stored, synced, receipted, then shown (in order) or counted as unread. */
    void arrived(PeerLink link, String id, PeerRequest.ChatMessage request) {
        // Any link of this (authenticated) peer will do: when we reconnect, their first messages can
        // come on the new link before our side has taken the answer and moved the conversation onto it.
        Conversation c = conversations.find(link.peer());
        if (c == null || !c.isOpen()) {
            link.respond(id, Status.FORBIDDEN, me + " has no conversation with you open — ask first");
            return;
        }
        long seq = request.seq() == null ? 0 : request.seq();
        IncomingMessage.receive(link, id, request.sentAt(), request.body(), seq, c.log, clock, message -> inOrder(c, message));
    }

    /** The synced messages of the outbox this link has not carried yet go out, in order. */
    private void carry(Conversation c) {
        synchronized (c.sending) {
            PeerLink link = c.openLink();
            ChatMail m = mail;
            if (link == null && c.viaRegistry != null && m != null) {
                // Through the registry at once; a direct link is tried again now and then, not before every message.
                m.carryInBackground(c);
                if (System.nanoTime() - c.lastDirectTry > DIRECT_RETRY.toNanos()) {
                    reconnectInBackground(c);
                }
                return;
            }
            if (link == null) {
                reconnectInBackground(c);
                return;
            }
            for (ConversationLog.Outgoing o : c.log.outboxAfter(c.carriedUpTo)) {
                transmit(c, link, o.message());
                c.carriedUpTo = o.position();
            }
        }
    }

    /** Makes a new link for an open conversation without one, off the caller's thread; once at a time. */
    void reconnectInBackground(Conversation c) {
        if (!c.reconnecting.compareAndSet(false, true)) {
            return;
        }
        c.directTryAgain = false; // the try starting now is the one asked for
        c.lastDirectTry = System.nanoTime();
        Thread.ofVirtual().name("reconnect " + c.peer).start(() -> {
            boolean linkedNow = false;
            try {
                PeerLink link = resume(c);
                if (!conversations.holds(c)) {
                    link.close("the conversation ended meanwhile");
                    return;
                }
                linked(c, link);
                c.linkedHere(link);
                linkedNow = true;
            } catch (CrossedResume e) {
                retryLater(c); // their link carries it; should it not come after all, we try again
            } catch (ClientException e) {
                ChatMail m = mail;
                if (m != null && e instanceof PeerUnavailableException p && p.retryLater()) {
                    c.relayReason = Conversation.relayReason(c.peer, p);
                    m.carry(c); // offline or unreachable: the registry carries it, sealed
                } else if (!c.toldWaiting) {
                    c.toldWaiting = true;
                    events.on(new ConversationEvent.OutboxWaiting(c.peer, c.log.outboxSize(), e.getMessage()));
                }
                if (!(e instanceof PeerUnavailableException p) || p.retryLater()) {
                    retryLater(c);
                }
            } finally {
                c.resuming = false;
                c.reconnecting.set(false);
                if (c.directTryAgain && !linkedNow && c.openLink() == null && conversations.holds(c)) {
                    reconnectInBackground(c);
                }
            }
        });
    }

    /**
     * A direct try now, or right after the one under way if there is one: that try may be what
     * asks, from its own thread (offline when it looked the peer up, online by the time its
     * message was left on the registry), and waiting for the next retry would leave the user
     * without the reason for up to a minute.
     */
    void tryDirectSoon(Conversation c) {
        c.directTryAgain = true;
        reconnectInBackground(c);
    }

    /**
     * Tries again after a pause that doubles up to {@link #RETRY_AT_MOST}, while messages wait: a
     * peer that is online but does not answer (stopped, overloaded) sends no presence event when
     * it recovers. One try at a time; a link made meanwhile (or the peer's coming back) ends it.
     */
    private void retryLater(Conversation c) {
        if (c.log.outboxSize() == 0 || !conversations.holds(c)) {
            return;
        }
        long delay = Math.min(RETRY_AT_MOST.toMillis(), RETRY_FIRST.toMillis() << Math.min(c.retries++, 10));
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> {
            if (conversations.holds(c) && c.openLink() == null && c.log.outboxSize() > 0) {
                reconnectInBackground(c);
            }
        });
    }

    /**
     * They asked to go on at the same moment as we did, and theirs is the link both sides keep
     * (ChatRequests#requested): ours was refused and is closed.
     */
    private static final class CrossedResume extends ClientException {
        private static final long serialVersionUID = 1L;

        CrossedResume(String peer) {
            super("crossed " + peer + "'s request to go on");
        }
    }

    /** Opens a link to the peer and asks to go on with the conversation. */
    private PeerLink resume(Conversation c) throws ClientException {
        c.resuming = true; // from before the connection: theirs may come while ours is being made
        PeerLink link = conversations.requireNode().connect(c.peer);
        Frame answer;
        try {
            answer = link.call(null, new PeerRequest.ChatRequest(true))
                    .get(ChatMessage.ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            link.close("no answer");
            throw new PeerUnavailableException(c.peer + " did not answer", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.close("interrupted");
            throw new ClientException("interrupted");
        }
        if (answer.status() == Status.OK) {
            return link;
        }
        link.close("refused");
        if (answer.status() == Status.CONFLICT) {
            throw new CrossedResume(c.peer);
        }
        if (answer.status() == Status.LOCKED) {
            throw PeerUnavailableException.theirAnswer(c.peer + " is busy (do not disturb)");
        }
        if (answer.status() == Status.TOO_MANY_REQUESTS && PeerAnswer.Refusal.ALREADY_ASKED.equals(reason(answer))) {
            // What we left by mail waits there as a request: it opens the conversation once they accept it.
            throw PeerUnavailableException.theirAnswer(c.peer + " has not accepted the conversation yet");
        }
        if (answer.status() == Status.FORBIDDEN && c.viaRegistry != null) {
            // Our sealed messages reopen it on their side once their client has fetched them (or they ended it).
            throw PeerUnavailableException.theirAnswer(c.peer + " has no conversation open with you");
        }
        if (answer.status() == Status.FORBIDDEN) {
            // They ended it while we were away: ours ends too; the outbox stays for a new conversation.
            conversations.endedByPeer(c);
            c.toldWaiting = true;
            events.on(new ConversationEvent.ResumeRefused(c.peer));
            throw new ClientException(c.peer + " has ended the conversation");
        }
        throw new PeerUnavailableException(c.peer + " refused: " + PeerLink.printable(answer.message()), true);
    }

    /** A refusal's machine-readable reason; null when it has none, or none that reads (the peer's words are not trusted). */
    private static String reason(Frame answer) {
        try {
            return answer.as(PeerAnswer.Refusal.class).reason();
        } catch (InvalidFieldException e) {
            return null;
        }
    }

    private void transmit(Conversation c, PeerLink link, ChatMessage m) {
        link.call(m.id(), new PeerRequest.ChatMessage(m.sentAt(), m.body(), m.seq()))
                .orTimeout(ChatMessage.ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, failure) -> acknowledged(c, link, m, answer, failure));
    }

    private void acknowledged(Conversation c, PeerLink link, ChatMessage m, Frame answer, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                link.close(c.peer + " did not acknowledge a message within " + ChatMessage.ACK_TIMEOUT.toSeconds()
                        + " s");
            } else if (!(cause instanceof PeerLinkClosedException)) {
                Diagnostics.trace("sending to " + c.peer, cause);
            }
            return; // the loss of the link is reported once, by Conversations.closed(); the message stays in the outbox
        }
        if (answer.status() != Status.OK) {
            events.on(new ConversationEvent.NotDelivered(c.peer, PeerLink.printable(answer.message()), m));
            return;
        }
        delivered(c, m.id(), clock.instant(), answer);
    }

    /**
     * Records that {@code id} is on the peer's disk and tells the user (once, however many
     * receipts for it come: by the link and through the registry).
     */
    private void delivered(Conversation c, String id, Instant at, Frame answer) {
        Optional<ChatMessage> first;
        try {
            first = c.log.delivered(id, at);
        } catch (IOException e) {
            Diagnostics.trace("recording the receipt of a message to " + c.peer, e);
            first = Optional.empty();
        }
        CompletableFuture<Frame> receipt = c.receipts.remove(id);
        if (receipt != null) {
            receipt.complete(answer);
        }
        synchronized (c.mailing) {
            c.deposited.remove(id); // delivered: out of the outbox, and off the registry
        }
        if (first.isEmpty()) {
            return;
        }
        int waitingDelivered = 0;
        boolean wasWaiting;
        synchronized (c.sending) {
            wasWaiting = c.waiting.contains(id);
            if (wasWaiting) {
                c.waiting.remove(id);
                if (c.waiting.isEmpty()) {
                    waitingDelivered = c.waitingCount;
                }
            }
        }
        if (!wasWaiting) {
            events.on(new ConversationEvent.Delivered(c.peer, at, first.get()));
        } else if (waitingDelivered > 0) {
            events.on(new ConversationEvent.WaitingDelivered(c.peer, waitingDelivered));
        }
    }

    /**
     * A receipt that came through the registry: recorded in the conversation's log (opened for the
     * moment if the conversation is not open here), on the disk before this returns, and told.
     */
    void receiptByMail(MailReceipt r) throws ClientException, IOException {
        boolean delivered = r.outcome() == MailReceipt.Outcome.DELIVERED;
        while (true) {
            Conversation c = conversations.find(r.to());
            if (c != null) {
                if (delivered) {
                    delivered(c, r.id(), r.at(), Frame.answer(r.id(), Status.OK, "delivered", new PeerAnswer.Receipt(r.at())));
                } else {
                    expired(c.log, r.id()).ifPresent(m -> events.on(new ConversationEvent.MailExpired(c.peer, m)));
                }
                c.log.durable().join();
                return;
            }
            if (!conversations.hasHistoryWith(r.to())) {
                return; // a late receipt for a room message: nothing of ours to record it in
            }
            // Told once the file is closed: what the user does on hearing it may open the conversation.
            Optional<Optional<ChatMessage>> recorded = conversations.writeUnkept(r.to(),
                    log -> delivered ? log.delivered(r.id(), r.at()) : expired(log, r.id()));
            if (recorded.isPresent()) {
                recorded.get().ifPresent(m -> events.on(delivered
                        ? new ConversationEvent.Delivered(r.to(), r.at(), m)
                        : new ConversationEvent.MailExpired(r.to(), m)));
                return;
            } // a conversation with them began meanwhile: recorded in its log
        }
    }

    /** The message of the outbox with this id, which the registry gave up delivering. */
    private static Optional<ChatMessage> expired(ConversationLog log, String id) {
        return log.pending().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** A message of the peer's that came through the registry, stored and on the disk: shown in order like one from a link. */
    void arrivedOtherwise(Conversation c, ChatMessage m) {
        inOrder(c, m);
    }

    /**
     * Shows the peer's messages in the order they wrote them: one that comes before an earlier one
     * (by sequence number) is held until the earlier one arrives, or for {@link #HOLD_FOR_EARLIER}.
     */
    private void inOrder(Conversation c, ChatMessage m) {
        boolean hold;
        synchronized (c.receiving) {
            if (ended(c)) {
                return;
            }
            long seq = m.seq();
            if (seq == 0 || c.shownSeq == 0 || seq <= c.shownSeq) {
                // No order to keep: an older peer, the first message we ever get, or a sender counting afresh.
                hold = false;
                c.shownSeq = Math.max(c.shownSeq, seq);
                show(c, m);
            } else if (c.held.containsKey(seq)) {
                hold = false;
                if (!c.held.get(seq).id().equals(m.id())) {
                    // Another device of the sender's numbers alike, and its message holds this place:
                    // no order to keep between the two; the held one still waits for what comes before it.
                    show(c, m);
                } // else a repeat of the one held: it waits already
            } else if (seq == c.shownSeq + 1) {
                hold = false;
                c.shownSeq = seq;
                show(c, m);
                while (!c.held.isEmpty() && c.held.firstKey() == c.shownSeq + 1) {
                    c.shownSeq = c.held.firstKey();
                    show(c, c.held.pollFirstEntry().getValue());
                }
            } else {
                hold = true;
                c.held.put(seq, m);
            }
        }
        if (hold) {
            CompletableFuture.delayedExecutor(HOLD_FOR_EARLIER.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> releaseHeld(c, m.seq()));
        }
    }

    /** The earlier message did not come: show what waits for it, up to {@code upTo}, in order. */
    private void releaseHeld(Conversation c, long upTo) {
        synchronized (c.receiving) {
            if (ended(c) || c.held.isEmpty() || c.held.firstKey() > upTo) {
                return;
            }
            events.on(new ConversationEvent.Gap(c.peer));
            while (!c.held.isEmpty() && (c.held.firstKey() <= upTo || c.held.firstKey() == c.shownSeq + 1)) {
                Map.Entry<Long, ChatMessage> next = c.held.pollFirstEntry();
                c.shownSeq = next.getKey();
                show(c, next.getValue());
            }
        }
    }

    /**
     * The peer's messages that were stored but never shown are shown now: those of a conversation
     * back from its file ({@code afterStop}: this client stopped in between; they were receipted,
     * or will be as repeats), or those left by mail that waited for /accept. Returns how many.
     */
    int showUnshown(Conversation c, boolean afterStop) {
        synchronized (c.receiving) {
            if (ended(c)) {
                return 0;
            }
            List<ChatMessage> unshown;
            try {
                unshown = c.log.unshown();
            } catch (IOException e) {
                Diagnostics.trace("reading the history with " + c.peer, e);
                return 0;
            }
            if (unshown.isEmpty()) {
                return 0;
            }
            if (afterStop) {
                events.on(new ConversationEvent.ArrivedBeforeStop(c.peer, unshown.size()));
            }
            for (ChatMessage m : unshown) {
                c.shownSeq = Math.max(c.shownSeq, m.seq());
                show(c, m);
            }
            c.held.values().removeAll(unshown); // shown now, not again when the hold ends
            return unshown.size();
        }
    }

    /**
     * Whether {@code c} was forgotten (ended by either side, rejected, or logged out of) since its
     * message came in. Asked holding {@code c.receiving}, under which {@link Conversations#forget}
     * closes the log: a message that comes after is neither shown (the user ended it) nor marked
     * (the log is closed). It is on the disk already, receipted, and stays unshown there: offered
     * as mail left for /accept when the peer asks again or this client starts again, shown when
     * this user opens the conversation again, or, after a logout, shown as arrived just before
     * parley stopped.
     */
    private boolean ended(Conversation c) {
        return !conversations.holds(c);
    }

    /**
     * Tells one of the peer's messages (or counts it unread), then marks it shown in the log. The
     * mark comes after the line is out: a kill between the two leaves a message on the screen but
     * not marked, shown once more after the restart (under "arrived just before parley stopped"), where
     * marking first would leave one marked but never shown. Called holding {@code c.receiving}, so
     * of one conversation at most one message is ever shown and not yet marked. One shown already is
     * not shown again: mail stored while the conversation waited for the peer's answer can be shown
     * by the answer ({@link #showUnshown}) before the mail itself comes to show it.
     */
    private void show(Conversation c, ChatMessage message) {
        if (message.seq() > 0 && !c.log.storedUnshown(message)) {
            return;
        }
        int before = buffers.arrived(c.peer);
        if (!showEveryBuffer && before == 0) {
            events.on(new ConversationEvent.UnreadElsewhere(c.peer));
        }
        if (showEveryBuffer || before < 0) {
            events.on(new ConversationEvent.Received(message));
        }
        try {
            c.log.shown(message);
        } catch (IOException e) {
            Diagnostics.trace("recording what was shown of " + c.peer, e);
        }
    }
}
