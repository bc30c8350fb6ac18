package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.client.render.Screen;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
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
    /** Chat requests one peer may send per minute before its link is cut: enough for a person, not for a flood. */
    static final int REQUESTS_PER_MINUTE = 5;

    private final String me;
    private final Conversations conversations;
    private final ChatMessages messages;
    private final Buffers buffers;
    private final Screen screen;
    private final Map<String, RequestCount> requestCounts = new ConcurrentHashMap<>();
    private volatile boolean busy;

    ChatRequests(String me, Conversations conversations, ChatMessages messages, Buffers buffers, Screen screen) {
        this.me = me;
        this.conversations = conversations;
        this.messages = messages;
        this.buffers = buffers;
        this.screen = screen;
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
        screen.show(NoticeKind.INFO, Replies.chatRequested(peer), peer);
        link.call(MessageType.CHAT_REQUEST, null, null)
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
        if (link == null) {
            conversations.forget(c);
            throw new ClientException(c.peer + " is no longer waiting (the link closed)");
        }
        c.state = Conversation.State.OPEN;
        link.respond(c.requestId, Status.OK, me + " accepted", null);
        c.requestId = null;
        opened(c, link, Replies.chatOpened(c.peer));
    }

    void reject(String name) throws ClientException {
        Conversation c = requestFrom(name);
        conversations.forget(c);
        PeerLink link = c.openLink();
        if (link != null) {
            link.respond(c.requestId, Status.FORBIDDEN, me + " rejected the chat", null);
            link.closeAfterSending("rejected");
        }
        screen.show(NoticeKind.INFO, Replies.youRejected(c.peer), c.peer);
    }

    /** Do-not-disturb on or off; null toggles. Returns the new setting. */
    boolean busy(Boolean on) {
        busy = on != null ? on : !busy;
        return busy;
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
        if (c != null && c.isOpen()) {
            // They lost the link and came back: the conversation goes on, on the new link.
            link.respond(id, Status.OK, me + " accepted", null);
            messages.linked(c, link);
            return;
        }
        if (c != null && c.state == Conversation.State.REQUESTED && resume) {
            // We ask for what they already have open: it goes on, on their link.
            PeerLink ours = c.link;
            c.link = link;
            c.state = Conversation.State.OPEN;
            link.respond(id, Status.OK, me + " accepted", null);
            if (ours != null && ours != link) {
                ours.close("crossed requests");
            }
            opened(c, link, Replies.chatAccepted(peer));
            return;
        }
        if (c == null) {
            Conversation restored;
            try {
                restored = conversations.restore(peer);
            } catch (ClientException e) {
                link.respond(id, Status.INTERNAL_ERROR, "cannot store the conversation", null);
                screen.show(NoticeKind.ERROR, Replies.error(e.getMessage()));
                return;
            }
            if (restored != null && restored.isOpen()) {
                link.respond(id, Status.OK, me + " accepted", null);
                screen.show(NoticeKind.PRESENCE, Replies.conversationResumed(restored.peer), restored.peer);
                messages.linked(restored, link);
                return;
            }
            if (resume) {
                link.respond(id, Status.FORBIDDEN, me + " is not in a conversation with you — ask with /chat", null);
                link.closeAfterSending("no conversation to resume");
                return;
            }
            c = restored;
        }
        if (c != null && c.state == Conversation.State.REQUESTED) {
            // We asked each other at once: the request from the alphabetically first name wins, on both sides.
            if (Names.key(me).compareTo(Names.key(peer)) < 0) {
                link.respond(id, Status.CONFLICT, "crossed requests", null);
                return;
            }
            PeerLink ours = c.link;
            c.link = link;
            c.state = Conversation.State.OPEN;
            link.respond(id, Status.OK, me + " accepted", null);
            if (ours != null) {
                ours.close("crossed requests");
            }
            opened(c, link, Replies.chatAccepted(peer));
            return;
        }
        if (c != null) {
            link.respond(id, Status.TOO_MANY_REQUESTS, "already asked; waiting for " + me + " to answer", null);
            return;
        }
        if (busy) {
            link.respond(id, Status.LOCKED, me + " is busy", null);
            link.closeAfterSending("busy");
            screen.show(NoticeKind.INFO, Replies.answeredBusy(peer), peer);
            return;
        }
        ConversationLog log;
        try {
            log = conversations.openLog(peer);
        } catch (ClientException e) {
            link.respond(id, Status.INTERNAL_ERROR, "cannot store the conversation", null);
            screen.show(NoticeKind.ERROR, Replies.error(e.getMessage()));
            return;
        }
        Conversation invited = new Conversation(peer, log, Conversation.State.INVITED, link);
        invited.requestId = id;
        if (conversations.add(invited) != null) {
            log.closeQuietly();
            link.respond(id, Status.TOO_MANY_REQUESTS, "already asked", null);
            return;
        }
        screen.show(NoticeKind.PRESENCE, Replies.chatInvitation(peer), peer);
    }

    private void answered(Conversation c, PeerLink link, Frame answer, Throwable failure) {
        if (conversations.find(c.peer) != c) {
            return;
        }
        if (c.state == Conversation.State.OPEN && c.link != link) {
            return; // crossed requests: the conversation runs on their link
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            conversations.forget(c);
            link.close("no answer");
            String why = cause instanceof TimeoutException ? "no answer within " + ANSWER_TIMEOUT.toMinutes() + " minutes"
                    : cause.getMessage();
            screen.show(NoticeKind.ERROR, Replies.noAnswer(c.peer, why), c.peer);
            return;
        }
        switch (answer.status()) {
            case OK -> {
                c.state = Conversation.State.OPEN;
                opened(c, link, Replies.chatAccepted(c.peer));
            }
            case CONFLICT -> { } // crossed: their request arrives on the other link and opens the conversation
            case LOCKED -> {
                conversations.forget(c);
                screen.show(NoticeKind.INFO, Replies.chatBusy(c.peer), c.peer);
            }
            case FORBIDDEN -> {
                conversations.forget(c);
                screen.show(NoticeKind.INFO, Replies.chatRejected(c.peer), c.peer);
            }
            default -> {
                conversations.forget(c);
                link.close("refused");
                screen.show(NoticeKind.ERROR, Replies.noAnswer(c.peer, PeerLink.printable(answer.message())), c.peer);
            }
        }
    }

    private void opened(Conversation c, PeerLink link, String notice) {
        try {
            c.log.opened();
        } catch (IOException e) {
            Diagnostics.trace("recording the conversation with " + c.peer + " as open", e);
        }
        buffers.show(c.peer);
        screen.show(NoticeKind.SUCCESS, notice, c.peer);
        messages.linked(c, link);
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
