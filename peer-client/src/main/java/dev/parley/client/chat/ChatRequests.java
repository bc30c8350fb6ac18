package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Frame;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chat requests and their answers: asking someone to chat, being asked (left for /accept or
 * /reject, or answered busy), crossed requests, and how often one peer may ask.
 */
final class ChatRequests {
    /** How long a chat request waits for the other user to decide. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
    /**
     * How long after our own new link became a conversation's a request of the peer's to go on
     * counts as crossing it: theirs left before ours reached them. Well above a request's way
     * here; short enough that a peer who really lost that link soon gets through.
     */
    private static final Duration CROSSING = Duration.ofSeconds(5);
    /** What a request gets when one from the same user (or their mail) already waits for an answer. */
    private static final PeerAnswer.Refusal ALREADY_ASKED = new PeerAnswer.Refusal(PeerAnswer.Refusal.ALREADY_ASKED);
    /** Chat requests one peer may send per minute before its link is cut: enough for a person, not for a flood. */
    static final int REQUESTS_PER_MINUTE = 5;

    private final String me;
    private final Conversations conversations;
    private final ChatMessages messages;
    private final Buffers buffers;
    private final ChatListener events;
    private final Map<String, RequestCount> requestCounts = new ConcurrentHashMap<>();
    private volatile boolean busy;

    ChatRequests(String me, Conversations conversations, ChatMessages messages, Buffers buffers, ChatListener events) {
        this.me = me;
        this.conversations = conversations;
        this.messages = messages;
        this.buffers = buffers;
        this.events = events;
    }

    /** Asks {@code name} to chat on a new link; the answer is reported when it comes. */
    void ask(String name) throws ClientException {
        PeerLink link = conversations.requireNode().connect(name);
        String peer = link.peer();
        ConversationLog log;
        try {
            log = conversations.openLog(peer);
        } catch (ClientException e) {
            link.close("no conversation: " + e.getMessage());
            throw e;
        }
        Conversation c = new Conversation(peer, log, Conversation.State.REQUESTED, link);
        if (conversations.add(c) != null) {
            // They asked us while we were connecting: our link is not needed.
            link.close("crossed requests");
            c.log.closeQuietly();
            conversations.chat(peer);
            return;
        }
        // Its buffer is current at once, as when the conversation opens through the registry: what
        // is typed next is meant for them, and goes nowhere (it is refused) until they accept.
        buffers.show(peer);
        events.on(new ConversationEvent.Asked(peer));
        link.call(null, new PeerRequest.ChatRequest(null))
                .orTimeout(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .whenComplete((answer, failure) -> answered(c, link, answer, failure));
    }

    /** True when NAME asked to chat and waits for an answer. */
    boolean hasRequestFrom(String name) {
        Conversation c = conversations.find(name);
        return c != null && c.state == Conversation.State.INVITED;
    }

    void accept(String name) throws ClientException {
        Conversation c = requestFrom(name);
        PeerLink link = c.openLink();
        if (link == null && c.heldMail == 0) {
            conversations.forget(c);
            throw new ClientException(c.peer + " is no longer waiting (the link closed)");
        }
        if (!opened(c, null, false)) { // open before they hear yes: their first message may come at once
            throw new ClientException(c.peer + " is no longer waiting (the link closed)");
        }
        if (link != null) {
            link.respond(c.requestId, Status.OK, me + " accepted");
            c.requestId = null;
            messages.linked(c, link);
        }
    }

    void reject(String name) throws ClientException {
        Conversation c = requestFrom(name);
        synchronized (c.receiving) {
            if (c.heldMail > 0) {
                conversations.dismissHeld(c); // stored and acknowledged; not offered again after a restart
            }
            conversations.forget(c);
        }
        PeerLink link = c.openLink();
        if (link != null) {
            link.respond(c.requestId, Status.FORBIDDEN, me + " rejected the chat");
            link.closeAfterSending("rejected");
        }
        events.on(new ConversationEvent.Rejected(c.peer, false));
    }

    /** Do-not-disturb on or off; null toggles. Returns the new setting. Mail kept meanwhile is told once it is off. */
    boolean busy(Boolean on) {
        busy = on != null ? on : !busy;
        if (!busy) {
            conversations.all().forEach(this::tellHeld);
        }
        return busy;
    }

    /**
     * Tells the user how many messages {@code c}'s peer left for them to /accept, if more than
     * told so far; quiet while busy (told when busy goes off), once the conversation is open, and
     * once it was rejected or ended ({@link Conversations#forget} runs under the same lock).
     */
    void tellHeld(Conversation c) {
        synchronized (c.receiving) {
            int count = c.heldMail;
            if (busy || c.state != Conversation.State.INVITED || count <= c.heldTold || !conversations.holds(c)) {
                return;
            }
            c.heldTold = count;
            events.on(new ConversationEvent.MailHeld(c.peer, count)); // under the lock: counts in order
        }
    }

    /**
     * A CHAT_REQUEST from the peer of {@code link}: a new request, a crossed one, or an open
     * conversation back (open here in memory, or on disk from before a restart: it goes on without
     * asking anyone). {@code resume}: the peer only wants to go on with an open conversation, and
     * is refused, not shown as a new request, if it is not open here.
     */
    void requested(PeerLink link, String id, boolean resume) {
        String peer = link.peer();
        if (!allowRequest(peer)) {
            link.respond(id, Status.TOO_MANY_REQUESTS, "too many chat requests; try again in a minute", null);
            link.closeAfterSending("too many chat requests");
            return;
        }
        Conversation c = conversations.find(peer);
        if (c != null && c.isOpen() && c.crossedBy(CROSSING) && Names.key(me).compareTo(Names.key(peer)) < 0) {
            // We asked to go on at the same moment, each on a new link. Each side would take the
            // other's link and then its own, closing the other's, and both would be left with a
            // closed one (and again at every retry): as with crossed first requests, the link of
            // the alphabetically first name is kept on both sides.
            link.respond(id, Status.CONFLICT, "crossed requests");
            return;
        }
        if (c != null && c.isOpen()) {
            // They lost the link (or logged out) and came back: the conversation goes on, on the new link.
            boolean wasAway = c.openLink() == null;
            link.respond(id, Status.OK, me + " accepted");
            if (wasAway) {
                events.on(new ConversationEvent.Resumed(c.peer, true));
            }
            messages.linked(c, link);
            return;
        }
        if (c != null && c.state == Conversation.State.REQUESTED && resume) {
            // We ask for what they already have open: it goes on, on their link.
            PeerLink ours = c.link;
            c.link = link;
            c.state = Conversation.State.OPEN;
            link.respond(id, Status.OK, me + " accepted");
            if (ours != null && ours != link) {
                ours.close("crossed requests");
            }
            opened(c, link, true);
            return;
        }
        if (c == null) {
            Conversation restored;
            try {
                restored = conversations.restore(peer);
            } catch (ClientException e) {
                link.respond(id, Status.INTERNAL_ERROR, "cannot store the conversation");
                events.on(new ConversationEvent.RequestNotStored(peer, e.getMessage()));
                return;
            }
            if (restored != null && restored.isOpen()) {
                link.respond(id, Status.OK, me + " accepted");
                events.on(new ConversationEvent.Resumed(restored.peer, true));
                messages.linked(restored, link);
                return;
            }
            if (resume) {
                link.respond(id, Status.FORBIDDEN, me + " is not in a conversation with you — ask with /chat");
                link.closeAfterSending("no conversation to resume");
                return;
            }
            c = restored;
        }
        if (c != null && c.state == Conversation.State.REQUESTED) {
            // We asked each other at once: the request from the alphabetically first name wins, on both sides.
            if (Names.key(me).compareTo(Names.key(peer)) < 0) {
                link.respond(id, Status.CONFLICT, "crossed requests");
                return;
            }
            PeerLink ours = c.link;
            c.link = link;
            c.state = Conversation.State.OPEN;
            link.respond(id, Status.OK, me + " accepted");
            if (ours != null) {
                ours.close("crossed requests");
            }
            opened(c, link, true);
            return;
        }
        // A new request (not a resume: that is answered "already asked", and their mail goes on) from
        // someone whose mail waits here for an answer.
        boolean leftMail = c != null && !resume && c.state == Conversation.State.INVITED && c.openLink() == null;
        if (c != null && !leftMail) {
            link.respond(id, Status.TOO_MANY_REQUESTS, "already asked; waiting for " + me + " to answer", ALREADY_ASKED);
            return;
        }
        if (busy) {
            link.respond(id, Status.LOCKED, me + " is busy");
            link.closeAfterSending("busy");
            events.on(new ConversationEvent.AnsweredBusy(peer));
            return;
        }
        if (leftMail) {
            boolean joined;
            synchronized (c.receiving) { // the request joins their mail, and /accept answers on this link
                joined = conversations.holds(c) && c.state == Conversation.State.INVITED;
                if (joined) {
                    c.link = link;
                    c.requestId = id;
                }
            }
            if (joined) {
                events.on(new ConversationEvent.AskedBy(peer));
                return;
            } // the mail's request was dropped meanwhile: this one is new
        }
        Conversation invited;
        try {
            invited = conversations.invited(peer, conversations.openLog(peer), link);
        } catch (ClientException e) {
            link.respond(id, Status.INTERNAL_ERROR, "cannot store the conversation");
            events.on(new ConversationEvent.RequestNotStored(peer, Diagnostics.reason(e)));
            return;
        }
        invited.requestId = id;
        if (conversations.add(invited) != null) {
            invited.log.closeQuietly();
            link.respond(id, Status.TOO_MANY_REQUESTS, "already asked", ALREADY_ASKED);
            return;
        }
        events.on(new ConversationEvent.AskedBy(peer));
    }

    private void answered(Conversation c, PeerLink link, Frame answer, Throwable failure) {
        if (!conversations.holds(c)) {
            return;
        }
        if (c.state == Conversation.State.OPEN && c.link != link) {
            return; // crossed requests: the conversation runs on their link
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            conversations.forget(c);
            link.close("no answer");
            events.on(cause instanceof TimeoutException ? new ConversationEvent.NoAnswerInTime(c.peer, ANSWER_TIMEOUT)
                    : new ConversationEvent.NoAnswer(c.peer, cause.getMessage()));
            return;
        }
        switch (answer.status()) {
            case OK -> {
                c.state = Conversation.State.OPEN;
                opened(c, link, true);
            }
            case CONFLICT -> { } // crossed: their request arrives on the other link and opens the conversation
            case LOCKED -> {
                conversations.forget(c);
                events.on(new ConversationEvent.PeerBusy(c.peer));
            }
            case FORBIDDEN -> {
                conversations.forget(c);
                events.on(new ConversationEvent.Rejected(c.peer, true));
            }
            default -> {
                conversations.forget(c);
                link.close("refused");
                events.on(new ConversationEvent.NoAnswer(c.peer, PeerLink.printable(answer.message())));
            }
        }
    }

    /**
     * The conversation is open now; {@code peerAccepted}: they accepted this user's request, not the
     * other way. False, changing nothing, when the conversation was dropped meanwhile (the request
     * withdrawn).
     */
    private boolean opened(Conversation c, PeerLink link, boolean peerAccepted) {
        // One step under the lock a message by mail is stored under: one left while this user was
        // asked is either among those shown here, or finds the conversation open and is shown as it comes.
        synchronized (c.receiving) {
            if (!conversations.holds(c)) {
                return false;
            }
            boolean wasAsked = c.state == Conversation.State.INVITED;
            int held = c.heldMail;
            c.state = Conversation.State.OPEN;
            c.heldMail = 0;
            try {
                c.log.opened();
            } catch (IOException e) {
                Diagnostics.trace("recording the conversation with " + c.peer + " as open", e);
            }
            buffers.show(c.peer);
            events.on(new ConversationEvent.Opened(c.peer, peerAccepted));
            // Shown whoever asked: a message that came as this user ended the conversation last time
            // is on disk unshown (ChatMessages#ended).
            int shown = messages.showUnshown(c, false);
            if (wasAsked && shown == 0 && held > 0) {
                // Kept by count but not followed by the log (an older peer's, without numbers): they
                // are the last messages of the log, as nothing else is written to a request.
                conversations.replay(c, held);
                conversations.dismissHeld(c);
            }
        }
        if (link != null) {
            messages.linked(c, link);
        } // accepted mail alone: the first message written makes a link, or goes by mail
        return true;
    }

    private Conversation requestFrom(String name) throws ClientException {
        Conversation c = conversations.find(name);
        if (c == null || c.state != Conversation.State.INVITED) {
            throw new ClientException(name + " has not asked to chat");
        }
        return c;
    }

    private boolean allowRequest(String peer) {
        long now = System.nanoTime();
        RequestCount count = requestCounts.compute(Names.key(peer), (k, old) ->
                old == null || now - old.since > 60_000_000_000L ? new RequestCount(now, 1) : new RequestCount(old.since, old.count + 1));
        return count.count <= REQUESTS_PER_MINUTE;
    }


    private record RequestCount(long since, int count) {
    }
}
