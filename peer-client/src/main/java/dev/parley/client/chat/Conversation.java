package dev.parley.client.chat;

import dev.parley.client.peer.PeerLink;
import dev.parley.client.peer.PeerUnavailableException;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Frame;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One conversation with another user: its state, the link it runs on (none while the other
 * side is away), its history and outbox, how far the link has carried the outbox, and the
 * peer's messages held back until an earlier one arrives.
 */
final class Conversation {
    enum State {
        /** We asked; waiting for their answer. */
        REQUESTED,
        /** They asked, on a link or by leaving messages; waiting for our /accept or /reject. */
        INVITED,
        /** Both agreed; messages flow while there is a link. */
        OPEN
    }

    final String peer;
    final ConversationLog log;
    /** Held while sending, so messages leave in the order they were written, resends first. */
    final Object sending = new Object();
    /** Held while showing the peer's messages, so they are shown in the order they were written. */
    final Object receiving = new Object();
    volatile State state;
    volatile PeerLink link;
    /** The id of their CHAT_REQUEST while INVITED, answered by /accept or /reject. */
    volatile String requestId;
    /**
     * While INVITED: how many of their messages came by mail and are kept, unshown, until /accept
     * (mail must not open a conversation that a chat request could not). Written holding
     * {@link #receiving}, with {@link #heldTold}: how many the user has been told of.
     */
    volatile int heldMail;
    volatile int heldTold;

    /** The outbox position up to which the current link has carried the messages. Guarded by {@link #sending}. */
    long carriedUpTo;
    /** The waiting messages the current link started with, reported in one line once all are delivered. Guarded by {@link #sending}. */
    Set<String> waiting = Set.of();
    int waitingCount;
    /** Callers of send waiting for a message's receipt, by message id. */
    final Map<String, CompletableFuture<Frame>> receipts = new ConcurrentHashMap<>();
    /** A new link is being made in the background. */
    final AtomicBoolean reconnecting = new AtomicBoolean();
    /**
     * Set while we make a new link to go on with the conversation, from the connection until it
     * is the conversation's link (or failed): a request of theirs to go on that comes meanwhile
     * crossed ours (see {@link #crossedBy}).
     */
    volatile boolean resuming;
    /** The last link we made to go on with the conversation, and when it became its link ({@link System#nanoTime}). */
    private volatile PeerLink madeHere;
    private volatile long madeHereAt;

    /** {@code newLink}, which we made to go on with the conversation, is its link now. */
    void linkedHere(PeerLink newLink) {
        madeHere = newLink;
        madeHereAt = System.nanoTime();
    }

    /**
     * Whether the peer's request to go on, on a new link, crossed ours: we are making one, or the
     * link we made became this conversation's within {@code window} (their request left before
     * ours reached them, and is only now taken).
     */
    boolean crossedBy(Duration window) {
        PeerLink ours = madeHere;
        return resuming || ours != null && ours == link && ours.isOpen()
                && System.nanoTime() - madeHereAt < window.toNanos();
    }
    /** A direct try was asked for while one was under way: another follows it unless it made a link. */
    volatile boolean directTryAgain;
    /**
     * The outbox has waited for a link (the last one was lost, it came back from disk, or the user
     * was told it waits): the next link reports it as a whole, not message by message.
     */
    volatile boolean outboxWaited;
    /** The user has been told that the outbox waits for the peer; said once until a link works again. */
    volatile boolean toldWaiting;
    /** Tries to reach the peer again since the last link: how long the next pause is. */
    volatile int retries;

    /**
     * Null while messages go over direct links; otherwise they go through the registry, sealed,
     * because the peer is offline or cannot be reached directly. Told once per change.
     */
    volatile ViaRegistry viaRegistry;
    /** Held while messages are left on the registry, so they are left in the order they were written. */
    final Object mailing = new Object();
    /**
     * Ids of outbox messages the registry already holds (since this client started), until their
     * receipt comes: a long relayed conversation does not grow it. Guarded by {@link #mailing}.
     */
    final Set<String> deposited = new java.util.HashSet<>();
    /** When a direct link was last tried, in {@link System#nanoTime()}: while relayed, tried again now and then. */
    volatile long lastDirectTry;
    /**
     * Why the last direct try failed, in words for the screen ("bob has not accepted the conversation
     * yet", "cannot reach bob directly"); null when none has failed since messages went through the
     * registry or over a link. Told with {@link ViaRegistry#RELAYED}, and told again when it changes.
     */
    volatile String relayReason;
    /** The {@link #relayReason} the user was last told with {@link #viaRegistry}. */
    volatile String toldRelayReason;

    /** Relayed (or about to be) with a reason the user has not been told yet. */
    boolean relayReasonUntold() {
        String why = relayReason;
        return viaRegistry != ViaRegistry.OFFLINE && why != null && !why.equals(toldRelayReason);
    }

    /** Why messages go through the registry. */
    enum ViaRegistry {
        /** The peer is offline: it waits in their mailbox. */
        OFFLINE,
        /**
         * The peer is online but takes no direct link now (cannot be reached, has not accepted yet,
         * busy, on the web): the registry relays it at once.
         */
        RELAYED
    }

    /**
     * What to tell the user when a direct try failed with {@code failure} and the registry relays
     * instead; null when none was tried (listed offline: if the registry finds them online after all,
     * they have just come back, and a new try tells why).
     */
    static String relayReason(String peer, PeerUnavailableException failure) {
        if (failure.isOffline()) {
            return null;
        }
        return failure.isTheirAnswer() ? failure.getMessage() : "cannot reach " + peer + " directly";
    }

    /** The highest sequence number of the peer's shown so far. Guarded by {@link #receiving}. */
    long shownSeq;
    /** The peer's messages that came before an earlier one, by sequence number. Guarded by {@link #receiving}. */
    final TreeMap<Long, ChatMessage> held = new TreeMap<>();

    Conversation(String peer, ConversationLog log, State state, PeerLink link) {
        this.peer = peer;
        this.log = log;
        this.state = state;
        this.link = link;
        this.shownSeq = log.lastShownSeq();
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** The link if it is usable now. */
    PeerLink openLink() {
        PeerLink l = link;
        return l != null && l.isOpen() ? l : null;
    }

    /** Moves the conversation onto a new link (one side came back); the old link is closed. */
    void replaceLink(PeerLink newLink) {
        PeerLink old = link;
        link = newLink;
        if (old != null && old != newLink) {
            old.close("replaced by a new link");
        }
    }
}
