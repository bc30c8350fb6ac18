package dev.parley.client.chat;

import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What happens in one-to-one conversations ({@link Conversations}); {@code peer} is always the other user. */
public sealed interface ConversationEvent extends ChatEvent {

    // ---- requests and answers ----

    /** This user asked {@code peer} to chat; the answer is awaited. */
    record Asked(String peer) implements ConversationEvent {
    }

    /** {@code peer} asks to chat, waiting for /accept or /reject. */
    record AskedBy(String peer) implements ConversationEvent {
    }

    /** {@code peer} asked while do-not-disturb was on and was answered busy. */
    record AnsweredBusy(String peer) implements ConversationEvent {
    }

    /** The conversation is open: {@code peer} accepted this user's request, or this user accepted theirs. */
    record Opened(String peer, boolean peerAccepted) implements ConversationEvent {
    }

    /** A request was rejected: by {@code peer}, or by this user. */
    record Rejected(String peer, boolean byPeer) implements ConversationEvent {
    }

    /** {@code peer} has do-not-disturb on. */
    record PeerBusy(String peer) implements ConversationEvent {
    }

    /** This user's request got no usable answer; {@code reason} is why (the peer's words or the link's). */
    record NoAnswer(String peer, String reason) implements ConversationEvent {
    }

    /** This user's request was not answered within {@code waited}. */
    record NoAnswerInTime(String peer, Duration waited) implements ConversationEvent {
    }

    /** {@code peer} went away before this user answered their request. */
    record RequestWithdrawn(String peer) implements ConversationEvent {
    }

    /** A request from {@code peer} could not be taken: its history cannot be opened ({@code reason}). */
    record RequestNotStored(String peer, String reason) implements ConversationEvent {
    }

    // ---- the conversation's life ----

    /**
     * A conversation open on disk goes on without asking: this user went back to it with /chat,
     * or {@code byPeer}, the peer came back to it.
     */
    record Resumed(String peer, boolean byPeer) implements ConversationEvent {
    }

    /** How a conversation ended. */
    enum Ending {
        /** This user ended it (/exit). */
        BY_ME,
        /** The peer ended it. */
        BY_PEER
    }

    /** The conversation with {@code peer} is over; its history stays. */
    record Ended(String peer, Ending how) implements ConversationEvent {
    }

    /** The conversation with {@code peer} is the current buffer now; {@code unread} messages waited in it. */
    record Switched(String peer, int unread) implements ConversationEvent {
    }

    /** The last messages with {@code peer} from the local store, oldest first; empty when there is no history. */
    record History(String peer, List<ConversationLog.Entry> entries) implements ConversationEvent {
        public History {
            entries = List.copyOf(entries);
        }
    }

    /** The history with {@code peer} could not be read ({@code reason}). */
    record HistoryUnreadable(String peer, String reason) implements ConversationEvent {
    }

    /** At login: {@code count} messages to {@code peer} wait in the outbox of a conversation that has ended. */
    record LeftInOutbox(String peer, int count) implements ConversationEvent {
    }

    /** The registry says {@code peer}, whom this conversation had lost, is online again. */
    record PeerBack(String peer) implements ConversationEvent {
    }

    /** {@code peer} logged out; the conversation stays, and what is written waits for them on the registry. */
    record PeerLoggedOut(String peer) implements ConversationEvent {
    }

    /** The link to {@code peer} closed ({@code reason}); the conversation stays and waits for them. */
    record PeerLost(String peer, String reason) implements ConversationEvent {
    }

    /** {@code peer} ended, while this user was away, the conversation this client tried to go on with. */
    record ResumeRefused(String peer) implements ConversationEvent {
    }

    // ---- messages this user sends ----

    /** The message is synced to this user's disk; it goes out now, or when there is a link. */
    record Sent(ChatMessage message) implements ConversationEvent {
    }

    /** The message could not be stored in {@code file} ({@code reason}) yet: not sent until it is, which is tried again. */
    record NotStored(String peer, Path file, String reason) implements ConversationEvent {
    }

    /** The peer's mail could not be stored in {@code file} ({@code reason}): it stays on the registry, to be fetched again. */
    record MailNotStored(String peer, Path file, String reason) implements ConversationEvent {
    }

    /** A new link carries {@code count} messages that waited in the outbox. */
    record Resending(String peer, int count) implements ConversationEvent {
    }

    /** {@code peer} cannot be reached now ({@code reason}); {@code count} messages wait in the outbox for them. */
    record OutboxWaiting(String peer, int count, String reason) implements ConversationEvent {
    }

    /** {@code peer} answered the message with a refusal ({@code reason}); it stays in the outbox. */
    record NotDelivered(String peer, String reason, ChatMessage message) implements ConversationEvent {
    }

    /** The message is on {@code peer}'s disk, as their receipt said {@code at}. */
    record Delivered(String peer, Instant at, ChatMessage message) implements ConversationEvent {
    }

    /** All {@code count} messages a new link started with are delivered. */
    record WaitingDelivered(String peer, int count) implements ConversationEvent {
    }

    // ---- messages from the peer ----

    /**
     * A message of {@code peer}'s, stored: the user reads it now. It is marked shown in the
     * history once this returns, so a listener prints it before returning.
     */
    record Received(ChatMessage message) implements ConversationEvent {
    }

    /** A message of {@code peer}'s arrived in a conversation that is not the current buffer. */
    record UnreadElsewhere(String peer) implements ConversationEvent {
    }

    /** An earlier message of {@code peer}'s has not come; the later ones held for it are shown now. */
    record Gap(String peer) implements ConversationEvent {
    }

    /** {@code count} messages of {@code peer}'s were stored but not shown before this client stopped; they follow. */
    record ArrivedBeforeStop(String peer, int count) implements ConversationEvent {
    }

    /**
     * No direct link to {@code peer} can be made: what is written goes through the registry, sealed
     * for them. With {@code relayReason} (why no direct link, e.g. "bob has not accepted the
     * conversation yet") they are online and it is relayed to them at once; null: they are offline
     * and it waits there for them.
     */
    record ViaRegistry(String peer, String relayReason) implements ConversationEvent {
    }

    /** A direct link to {@code peer} works again after messages went through the registry. */
    record DirectAgain(String peer) implements ConversationEvent {
    }

    /**
     * {@code peer}, with whom this user has no open conversation, left {@code count} messages (by
     * mail): stored and acknowledged, shown after /accept.
     */
    record MailHeld(String peer, int count) implements ConversationEvent {
    }

    /** {@code count} messages of {@code peer}'s waited on the registry while this user was away; they follow. */
    record MailWhileAway(String peer, int count) implements ConversationEvent {
    }

    /** A sealed message said to be from {@code peer} was refused: forged, damaged or under a changed key. */
    record MailRefused(String peer, String reason) implements ConversationEvent {
    }

    /** The registry takes messages more slowly than they were written; the rest go out in {@code seconds}. */
    record MailSlowedDown(String peer, long seconds) implements ConversationEvent {
    }

    /** A message left on the registry for {@code peer} was not fetched in time; it stays in the outbox. */
    record MailExpired(String peer, ChatMessage message) implements ConversationEvent {
    }
}
