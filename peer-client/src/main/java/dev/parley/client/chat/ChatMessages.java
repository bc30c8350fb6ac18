package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.peer.PeerLinkClosedException;
import dev.parley.client.peer.PeerUnavailableException;
import dev.parley.client.render.ChatText;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.client.render.Screen;
import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The messages of open conversations: sending with receipts, the outbox sent again, in order,
 * whenever a conversation gets a new link (reconnecting first if sending finds none), and
 * receiving.
 */
final class ChatMessages {

    private final String me;
    private final Conversations conversations;
    private final Buffers buffers;
    private final Screen screen;
    private final Clock clock;
    private final ZoneId zone;
    /** Plain mode shows every conversation's messages as they come; the terminal shows only the current buffer's. */
    private final boolean showEveryBuffer;

    ChatMessages(String me, Conversations conversations, Buffers buffers, Screen screen, Clock clock,
            boolean showEveryBuffer) {
        this.me = me;
        this.conversations = conversations;
        this.buffers = buffers;
        this.screen = screen;
        this.clock = clock;
        this.zone = clock.getZone();
        this.showEveryBuffer = showEveryBuffer;
    }

    /**
     * Stores the message in the outbox, then writes it to the conversation's link; without a link,
     * a new one is asked for and carries the whole outbox, this message last.
     */
    CompletableFuture<Frame> send(String peer, String text) throws ClientException {
        Conversation c = conversations.find(peer);
        if (c == null || !c.isOpen()) {
            throw new ClientException(Replies.notInConversation());
        }
        ChatMessage.requireFits(text);
        ChatMessage message = ChatMessage.compose(me, text, clock);
        synchronized (c.sending) {
            try {
                c.log.sent(message);
            } catch (IOException e) {
                throw new ClientException("cannot store the message in " + c.log.file() + ": " + Diagnostics.reason(e)
                        + " — nothing was sent");
            }
            PeerLink link = c.openLink();
            if (link == null) {
                try {
                    // The new link's first act is to send the outbox, this message included.
                    return reconnect(c).getOrDefault(message.id(), CompletableFuture.completedFuture(null));
                } catch (ClientException e) {
                    screen.show(NoticeKind.ERROR, Replies.notDelivered(c.peer, e.getMessage(),
                            ChatText.sanitize(message.body())), c.peer);
                    return CompletableFuture.failedFuture(e);
                }
            }
            showLine(message, " — sent");
            return transmit(c, link, message);
        }
    }

    /** Sends the outbox on a new link, in order; returns the receipts by message id. */
    Map<String, CompletableFuture<Frame>> resendPending(Conversation c, PeerLink link) {
        synchronized (c.sending) {
            List<ChatMessage> pending = c.log.pending();
            Map<String, CompletableFuture<Frame>> receipts = new HashMap<>();
            if (pending.isEmpty()) {
                return receipts;
            }
            screen.show(NoticeKind.INFO, Replies.resending(c.peer, pending.size()), c.peer);
            for (ChatMessage m : pending) {
                receipts.put(m.id(), transmit(c, link, m));
            }
            return receipts;
        }
    }

    /** A CHAT_MESSAGE from the peer of {@code link}: stored, receipted, then shown or counted as unread. */
    void arrived(PeerLink link, String id, Frame request) {
        Conversation c = conversations.byLink(link);
        if (c == null || !c.isOpen()) {
            link.respond(id, Status.FORBIDDEN, "no conversation — send CHAT_REQUEST first", null);
            return;
        }
        Optional<ChatMessage> received = IncomingMessage.receive(link, id, request, c.log, clock);
        if (received.isEmpty()) {
            return;
        }
        ChatMessage message = received.get();
        int before = buffers.arrived(c.peer);
        if (!showEveryBuffer && before == 0) {
            screen.show(NoticeKind.INFO, Replies.newMessageElsewhere(c.peer), c.peer);
        }
        if (showEveryBuffer || before < 0) {
            showLine(message, "");
        }
    }

    /** Opens a new link for an open conversation and sends its outbox; returns the receipts by message id. */
    private Map<String, CompletableFuture<Frame>> reconnect(Conversation c) throws ClientException {
        PeerLink link = conversations.requireNode().connect(c.peer);
        Frame answer;
        try {
            answer = link.call(MessageType.CHAT_REQUEST, null, null)
                    .get(ChatMessage.ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            link.close("no answer");
            throw new PeerUnavailableException(c.peer + " did not answer", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.close("interrupted");
            throw new ClientException("interrupted");
        }
        if (answer.status() != Status.OK) {
            link.close("refused");
            if (answer.status() == Status.LOCKED) {
                throw new PeerUnavailableException(Replies.chatBusy(c.peer), true);
            }
            throw new PeerUnavailableException(c.peer + " no longer has this conversation open: "
                    + PeerLink.printable(answer.message()) + " — /exit, then /chat " + c.peer, true);
        }
        c.replaceLink(link);
        return resendPending(c, link);
    }

    private CompletableFuture<Frame> transmit(Conversation c, PeerLink link, ChatMessage m) {
        CompletableFuture<Frame> ack = link.call(MessageType.CHAT_MESSAGE, m.id(), Frame.object()
                .add("sentAt", m.sentAt().toString()).add("body", m.body()));
        ack.orTimeout(ChatMessage.ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, failure) -> acknowledged(c, link, m, answer, failure));
        return ack;
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
            return; // the loss of the link is reported once, by Conversations.closed(); the message stays pending
        }
        if (answer.status() != Status.OK) {
            screen.show(NoticeKind.ERROR, Replies.notDelivered(c.peer, PeerLink.printable(answer.message()),
                    ChatText.sanitize(m.body())), c.peer);
            return;
        }
        Instant at = clock.instant();
        boolean first;
        try {
            first = c.log.delivered(m.id(), at).isPresent();
        } catch (IOException e) {
            Diagnostics.trace("recording the receipt of a message to " + c.peer, e);
            first = true;
        }
        if (first) {
            screen.show(NoticeKind.RECEIPT, Replies.delivered(c.peer, ChatTimes.second(at, zone),
                    ChatText.sanitize(m.body())), c.peer);
        }
    }

    /** The message as a chat line, stamped with the minute it was sent. */
    private void showLine(ChatMessage m, String suffix) {
        screen.show(Notice.chat(ChatTimes.minute(m.sentAt(), zone), m.sender(), m.body(), suffix));
    }

}
