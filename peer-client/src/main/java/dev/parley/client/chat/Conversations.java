package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.peer.PeerLinkClosedException;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.peer.PeerUnavailableException;
import dev.parley.client.render.ChatText;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.client.render.Screen;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Names;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The logged-in user's one-to-one conversations: asking and being asked, accepting, rejecting and
 * busy answers, sending with receipts, receiving without duplicates, the outbox sent again when a
 * link comes back, and which conversation the shell is in (its buffers). Handles every frame that
 * arrives on a peer link.
 */
public final class Conversations implements PeerLink.Handler, AutoCloseable {
    /** A message not acknowledged this long means the link is dead; it is closed and the message waits in the outbox. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /** How long a chat request waits for the other user to decide. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
    /** Chat requests one peer may send per minute before its link is cut: enough for a person, not for a flood. */
    static final int REQUESTS_PER_MINUTE = 5;
    private static final Duration FLUSH_EVERY = Duration.ofMillis(200);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String me;
    private final Path folder;
    private final Screen screen;
    private final Clock clock;
    private final ZoneId zone;
    /** Plain mode shows every conversation's messages as they come; the terminal shows only the current buffer's. */
    private final boolean showEveryBuffer;
    private final Map<String, Conversation> byPeer = new ConcurrentHashMap<>();
    private final Buffers buffers;
    private final Map<String, RequestCount> requestCounts = new ConcurrentHashMap<>();
    private volatile PeerNode node;
    private volatile boolean busy;
    private volatile boolean closed;
    /** Other logs flushed on the same beat (the rooms'), so one thread serves all. */
    private volatile Runnable alsoFlush = () -> { };

    /**
     * @param folder where the conversation logs are, one {@link ConversationLog} per peer (owner-only)
     */
    public Conversations(String me, Path folder, Buffers buffers, Screen screen, Clock clock, boolean showEveryBuffer) {
        this.me = me;
        this.buffers = buffers;
        this.folder = folder;
        this.screen = screen;
        this.clock = clock;
        this.zone = clock.getZone();
        this.showEveryBuffer = showEveryBuffer;
        Thread.ofVirtual().name("history-flush " + me).start(this::flushPeriodically);
    }

    /** Runs {@code action} every time the conversation logs are flushed. */
    public void flushAlso(Runnable action) {
        this.alsoFlush = action;
    }

    /** The node that opens links; set once it runs. */
    public void attach(PeerNode peerNode) {
        this.node = peerNode;
    }

    public String me() {
        return me;
    }

    /** The names of everyone we have a conversation or request with, for completion. */
    public List<String> peers() {
        return sorted().stream().map(c -> c.peer).toList();
    }

    /** /chat NAME: switches to an open conversation, accepts a pending invitation, or asks. */
    public void chat(String name) throws ClientException {
        requireValidPeer(name);
        Conversation existing = find(name);
        if (existing != null) {
            switch (existing.state) {
                case OPEN -> switchTo(existing.peer);
                case INVITED -> accept(existing.peer);
                case REQUESTED -> throw new ClientException("already asked " + existing.peer + " — waiting for an answer");
            }
            return;
        }
        PeerLink link = requireNode().connect(name);
        String peer = link.peer();
        Conversation c = new Conversation(peer, openLog(peer), Conversation.State.REQUESTED, link);
        Conversation raced = byPeer.putIfAbsent(Names.key(peer), c);
        if (raced != null) {
            // They asked us while we were connecting: our link is not needed.
            link.close("crossed requests");
            c.log.closeQuietly();
            chat(peer);
            return;
        }
        show(NoticeKind.INFO, Replies.chatRequested(peer), peer);
        link.call(MessageType.CHAT_REQUEST, null, null)
                .orTimeout(ANSWER_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((answer, failure) -> requestAnswered(c, link, answer, failure));
    }

    /** True when NAME asked to chat and waits for an answer. */
    public boolean hasRequestFrom(String name) {
        Conversation c = find(name);
        return c != null && c.state == Conversation.State.INVITED;
    }

    /** /accept NAME. */
    public void accept(String name) throws ClientException {
        Conversation c = find(name);
        if (c == null || c.state != Conversation.State.INVITED) {
            throw new ClientException(name + " has not asked to chat");
        }
        PeerLink link = c.openLink();
        if (link == null) {
            forget(c);
            throw new ClientException(c.peer + " is no longer waiting (the link closed)");
        }
        c.state = Conversation.State.OPEN;
        link.respond(c.requestId, Status.OK, me + " accepted", null);
        c.requestId = null;
        buffers.show(c.peer);
        show(NoticeKind.SUCCESS, Replies.chatOpened(c.peer), c.peer);
        resendPending(c, link);
    }

    /** /reject NAME. */
    public void reject(String name) throws ClientException {
        Conversation c = find(name);
        if (c == null || c.state != Conversation.State.INVITED) {
            throw new ClientException(name + " has not asked to chat");
        }
        forget(c);
        PeerLink link = c.openLink();
        if (link != null) {
            link.respond(c.requestId, Status.FORBIDDEN, me + " rejected the chat", null);
            link.closeAfterSending("rejected");
        }
        show(NoticeKind.INFO, Replies.youRejected(c.peer), c.peer);
    }

    /** /busy: do-not-disturb on or off; null toggles. Returns the new setting. */
    public boolean busy(Boolean on) {
        busy = on != null ? on : !busy;
        return busy;
    }

    public boolean isBusy() {
        return busy;
    }

    /**
     * Sends one message in the open conversation with {@code peer}, reconnecting first if its link
     * is gone. The future completes with the receipt; the user sees "sent", then "delivered".
     */
    public CompletableFuture<Frame> sendTo(String peer, String text) throws ClientException {
        Conversation c = find(peer);
        if (c == null || !c.isOpen()) {
            throw new ClientException(Replies.notInConversation());
        }
        if (text.length() > Limits.MAX_MESSAGE_CHARS) {
            throw new ClientException("the message is " + text.length() + " characters; the limit is "
                    + Limits.MAX_MESSAGE_CHARS + " — nothing was sent");
        }
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
                    show(NoticeKind.ERROR, Replies.notDelivered(c.peer, e.getMessage(),
                            ChatText.sanitize(message.body())), c.peer);
                    return CompletableFuture.failedFuture(e);
                }
            }
            showSent(message);
            return transmit(c, link, message);
        }
    }

    /** /exit [NAME]: ends a conversation (the current one without a name) and tells the other side. */
    public void exit(String name) throws ClientException {
        String peer = name != null ? name : buffers.current().orElse(null);
        if (peer == null) {
            throw new ClientException(Replies.notInConversation());
        }
        Conversation c = find(peer);
        if (c == null) {
            throw new ClientException("no conversation with " + peer);
        }
        end(c, "closed");
        show(NoticeKind.INFO, Replies.chatEnded(c.peer), c.peer);
    }

    /** /switch NAME: makes a conversation the current buffer and shows what was unread in it. */
    public void switchTo(String name) throws ClientException {
        Conversation c = find(name);
        if (c == null || !c.isOpen()) {
            throw new ClientException("no open conversation with " + name + " — /chat " + name);
        }
        int unread = buffers.show(c.peer);
        show(NoticeKind.INFO, Replies.switched(c.peer, unread), c.peer);
        if (!showEveryBuffer && unread > 0) {
            replay(c, unread);
        }
    }

    /** /conversations: one entry per conversation, the current one marked. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Conversation c : sorted()) {
            StringBuilder b = new StringBuilder(buffers.isCurrent(c.peer) ? "*" : "").append(c.peer);
            switch (c.state) {
                case INVITED -> b.append(" (asks to chat)");
                case REQUESTED -> b.append(" (asked)");
                case OPEN -> {
                    if (c.openLink() == null) {
                        b.append(" (away)");
                    }
                    int unread = buffers.unread(c.peer);
                    if (unread > 0) {
                        b.append(" (").append(unread).append(" unread)");
                    }
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** /history NAME [N]: the last messages with NAME, from the local store, with delivery times. */
    public void history(String name, int count) throws ClientException {
        requireValidPeer(name);
        Conversation c = find(name);
        try {
            if (c != null) {
                c.log.flush();
                showHistory(c.peer, c.log.last(count));
                return;
            }
            Path file = logFile(name);
            if (!Files.exists(file)) {
                show(NoticeKind.INFO, Replies.historyEmpty(name));
                return;
            }
            try (ConversationLog log = ConversationLog.open(file, clock)) {
                showHistory(name, log.last(count));
            }
        } catch (IOException e) {
            throw new ClientException("cannot read the history with " + name + ": " + Diagnostics.reason(e));
        }
    }

    /** Messages to users we have no conversation with that still wait for delivery (e.g. from before a restart). */
    public void reportOutbox() {
        java.io.File[] files = folder.toFile().listFiles((dir, n) -> n.endsWith(".jsonl"));
        if (files == null) {
            return;
        }
        for (java.io.File f : files) {
            String peer = f.getName().substring(0, f.getName().length() - ".jsonl".length());
            if (Credentials.usernameProblem(peer).isPresent() || find(peer) != null) {
                continue;
            }
            try (ConversationLog log = ConversationLog.open(f.toPath(), clock)) {
                int waiting = log.pending().size();
                if (waiting > 0) {
                    show(NoticeKind.WARNING, Replies.waitingInOutbox(peer, waiting), peer);
                }
            } catch (IOException e) {
                Diagnostics.trace("reading the outbox in " + f, e);
            }
        }
    }

    /** Tells every conversation we leave ("logout" or "closed"), closes their links, and stops. */
    @Override
    public void close() {
        closed = true;
        for (Conversation c : List.copyOf(byPeer.values())) {
            end(c, "logout");
        }
    }

    // ---- frames from peer links (reader threads) ----

    @Override
    public void request(PeerLink link, Frame request) {
        String id = request.id().orElseThrow();
        Optional<MessageType> type = MessageType.fromWire(request.type());
        if (type.isEmpty()) {
            link.respond(id, Status.BAD_REQUEST, "unknown message type '" + PeerLink.printable(request.type()) + "'", null);
            return;
        }
        switch (type.get()) {
            case CHAT_REQUEST -> chatRequested(link, id);
            case CHAT_MESSAGE -> messageArrived(link, id, request);
            default -> link.respond(id, Status.BAD_REQUEST, "not a peer request: " + type.get(), null);
        }
    }

    @Override
    public void event(PeerLink link, Frame event) {
        if (!MessageType.CHAT_CLOSE.name().equals(event.type())) {
            return; // unknown events are ignored, for newer peers
        }
        Conversation c = byLink(link);
        if (c == null) {
            return;
        }
        forget(c);
        boolean logout = "logout".equals(event.optionalString("reason").orElse(""));
        show(NoticeKind.INFO, logout ? Replies.chatEndedByPeerLogout(c.peer) : Replies.chatEndedByPeer(c.peer), c.peer);
        link.close(c.peer + " ended the conversation");
    }

    @Override
    public void closed(PeerLink link, String reason) {
        Conversation c = byLink(link);
        if (c == null) {
            return;
        }
        switch (c.state) {
            case INVITED -> {
                forget(c);
                show(NoticeKind.INFO, Replies.requestWithdrawn(c.peer), c.peer);
            }
            case REQUESTED -> { } // the request's own future reports it
            case OPEN -> {
                c.link = null;
                if (!closed) {
                    show(NoticeKind.WARNING, Replies.peerLost(c.peer, reason), c.peer);
                }
            }
        }
    }

    // ---- internals ----

    private void chatRequested(PeerLink link, String id) {
        String peer = link.peer();
        if (!allowRequest(peer)) {
            link.respond(id, Status.TOO_MANY_REQUESTS, "too many chat requests; try again in a minute", null);
            link.closeAfterSending("too many chat requests");
            return;
        }
        Conversation c = byPeer.get(Names.key(peer));
        if (c != null && c.isOpen()) {
            // They lost the link and came back: the conversation goes on, on the new link.
            PeerLink old = c.link;
            c.link = link;
            if (old != null && old != link) {
                old.close("replaced by a new link");
            }
            link.respond(id, Status.OK, me + " accepted", null);
            resendPending(c, link);
            return;
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
            show(NoticeKind.INFO, Replies.answeredBusy(peer), peer);
            return;
        }
        ConversationLog log;
        try {
            log = openLog(peer);
        } catch (ClientException e) {
            link.respond(id, Status.INTERNAL_ERROR, "cannot store the conversation", null);
            show(NoticeKind.ERROR, Replies.error(e.getMessage()));
            return;
        }
        Conversation invited = new Conversation(peer, log, Conversation.State.INVITED, link);
        invited.requestId = id;
        if (byPeer.putIfAbsent(Names.key(peer), invited) != null) {
            log.closeQuietly();
            link.respond(id, Status.TOO_MANY_REQUESTS, "already asked", null);
            return;
        }
        show(NoticeKind.PRESENCE, Replies.chatInvitation(peer), peer);
    }

    private void requestAnswered(Conversation c, PeerLink link, Frame answer, Throwable failure) {
        if (byPeer.get(Names.key(c.peer)) != c) {
            return;
        }
        if (c.state == Conversation.State.OPEN && c.link != link) {
            return; // crossed requests: the conversation runs on their link
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            forget(c);
            link.close("no answer");
            String why = cause instanceof TimeoutException ? "no answer within " + ANSWER_TIMEOUT.toMinutes() + " minutes"
                    : cause.getMessage();
            show(NoticeKind.ERROR, Replies.noAnswer(c.peer, why), c.peer);
            return;
        }
        switch (answer.status()) {
            case OK -> {
                c.state = Conversation.State.OPEN;
                opened(c, link, Replies.chatAccepted(c.peer));
            }
            case CONFLICT -> { } // crossed: their request arrives on the other link and opens the conversation
            case LOCKED -> {
                forget(c);
                show(NoticeKind.INFO, Replies.chatBusy(c.peer), c.peer);
            }
            case FORBIDDEN -> {
                forget(c);
                show(NoticeKind.INFO, Replies.chatRejected(c.peer), c.peer);
            }
            default -> {
                forget(c);
                link.close("refused");
                show(NoticeKind.ERROR, Replies.noAnswer(c.peer, PeerLink.printable(answer.message())), c.peer);
            }
        }
    }

    private void opened(Conversation c, PeerLink link, String notice) {
        buffers.show(c.peer);
        show(NoticeKind.SUCCESS, notice, c.peer);
        resendPending(c, link);
    }

    private void messageArrived(PeerLink link, String id, Frame request) {
        Conversation c = byLink(link);
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
            show(NoticeKind.INFO, Replies.newMessageElsewhere(c.peer), c.peer);
        }
        if (showEveryBuffer || before < 0) {
            showMessage(message);
        }
    }

    /** Opens a new link for an open conversation and sends its outbox; returns the receipts by message id. */
    private Map<String, CompletableFuture<Frame>> reconnect(Conversation c) throws ClientException {
        PeerLink link = requireNode().connect(c.peer);
        Frame answer;
        try {
            answer = link.call(MessageType.CHAT_REQUEST, null, null).get(ACK_TIMEOUT.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
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
        PeerLink old = c.link;
        c.link = link;
        if (old != null && old != link) {
            old.close("replaced by a new link");
        }
        return resendPending(c, link);
    }

    /** Sends the outbox on a new link, in order; returns the receipts by message id. */
    private Map<String, CompletableFuture<Frame>> resendPending(Conversation c, PeerLink link) {
        synchronized (c.sending) {
            List<ChatMessage> pending = c.log.pending();
            Map<String, CompletableFuture<Frame>> receipts = new java.util.HashMap<>();
            if (pending.isEmpty()) {
                return receipts;
            }
            show(NoticeKind.INFO, Replies.resending(c.peer, pending.size()), c.peer);
            for (ChatMessage m : pending) {
                receipts.put(m.id(), transmit(c, link, m));
            }
            return receipts;
        }
    }

    private CompletableFuture<Frame> transmit(Conversation c, PeerLink link, ChatMessage m) {
        CompletableFuture<Frame> ack = link.call(MessageType.CHAT_MESSAGE, m.id(), Frame.object()
                .add("sentAt", m.sentAt().toString()).add("body", m.body()));
        ack.orTimeout(ACK_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((answer, failure) -> acknowledged(c, link, m, answer, failure));
        return ack;
    }

    private void acknowledged(Conversation c, PeerLink link, ChatMessage m, Frame answer, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                link.close(c.peer + " did not acknowledge a message within " + ACK_TIMEOUT.toSeconds() + " s");
            } else if (!(cause instanceof PeerLinkClosedException)) {
                Diagnostics.trace("sending to " + c.peer, cause);
            }
            return; // the loss of the link is reported once, by closed(); the message stays pending
        }
        if (answer.status() != Status.OK) {
            show(NoticeKind.ERROR, Replies.notDelivered(c.peer, PeerLink.printable(answer.message()),
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
            show(NoticeKind.RECEIPT, Replies.delivered(c.peer, SECOND.format(at.atZone(zone)),
                    ChatText.sanitize(m.body())), c.peer);
        }
    }

    private void end(Conversation c, String reason) {
        forget(c);
        PeerLink link = c.openLink();
        if (link == null) {
            return;
        }
        if (c.state == Conversation.State.INVITED) {
            link.respond(c.requestId, Status.FORBIDDEN, me + " left", null);
        } else {
            link.send(MessageType.CHAT_CLOSE, Frame.object().add("reason", reason));
        }
        link.closeAfterSending(reason);
    }

    /** Removes a conversation (its log stays on disk) and moves the shell off it if it was current. */
    private void forget(Conversation c) {
        if (!byPeer.remove(Names.key(c.peer), c)) {
            return;
        }
        c.log.closeQuietly();
        buffers.close(c.peer);
    }

    private void showSent(ChatMessage m) {
        screen.show(Notice.chat(MINUTE.format(m.sentAt().atZone(zone)), me, m.body(), " — sent"));
    }

    private void showMessage(ChatMessage m) {
        screen.show(Notice.chat(MINUTE.format(m.sentAt().atZone(zone)), m.sender(), m.body(), ""));
    }

    private void replay(Conversation c, int count) {
        try {
            c.log.flush();
            showHistory(c.peer, c.log.last(count));
        } catch (IOException e) {
            show(NoticeKind.ERROR, Replies.error("cannot read the history with " + c.peer + ": " + Diagnostics.reason(e)));
        }
    }

    private void showHistory(String peer, List<ConversationLog.Entry> entries) {
        if (entries.isEmpty()) {
            show(NoticeKind.INFO, Replies.historyEmpty(peer));
            return;
        }
        for (ConversationLog.Entry e : entries) {
            ChatMessage m = e.message();
            String suffix = "";
            if (e.direction() == ConversationLog.Direction.SENT) {
                suffix = e.deliveredAt() == null ? " — not delivered yet" : " — delivered " + dateTime(e.deliveredAt());
            }
            screen.show(Notice.chat(dateTime(m.sentAt()), m.sender(), m.body(), suffix));
        }
    }

    private String dateTime(Instant at) {
        var t = at.atZone(zone);
        return t.toLocalDate().equals(clock.instant().atZone(zone).toLocalDate()) ? MINUTE.format(t)
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(t);
    }

    private boolean allowRequest(String peer) {
        long now = System.nanoTime();
        RequestCount count = requestCounts.compute(Names.key(peer), (k, old) ->
                old == null || now - old.since > 60_000_000_000L ? new RequestCount(now, 1) : new RequestCount(old.since, old.count + 1));
        return count.count <= REQUESTS_PER_MINUTE;
    }

    private ConversationLog openLog(String peer) throws ClientException {
        try {
            return ConversationLog.open(logFile(peer), clock);
        } catch (IOException e) {
            throw new ClientException("cannot open the history with " + peer + ": " + Diagnostics.reason(e));
        }
    }

    private Path logFile(String peer) {
        return folder.resolve(ConversationLog.fileName(peer));
    }

    private void requireValidPeer(String name) throws ClientException {
        Optional<String> problem = Credentials.usernameProblem(name);
        if (problem.isPresent()) {
            throw new ClientException(problem.get());
        }
        if (Names.key(name).equals(Names.key(me))) {
            throw new ClientException("that is you — chat with someone else");
        }
    }

    private PeerNode requireNode() throws ClientException {
        PeerNode n = node;
        if (n == null || closed) {
            throw new ClientException("log in first — /login NAME");
        }
        return n;
    }

    private Conversation find(String name) {
        return byPeer.get(Names.key(name));
    }

    private Conversation byLink(PeerLink link) {
        Conversation c = byPeer.get(Names.key(link.peer()));
        return c != null && c.link == link ? c : null;
    }

    private List<Conversation> sorted() {
        return byPeer.values().stream().sorted((a, b) -> a.peer.compareToIgnoreCase(b.peer)).toList();
    }

    private void show(NoticeKind kind, String text, String... nicks) {
        screen.show(Notice.of(kind, text, nicks));
    }

    private void flushPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            for (Conversation c : byPeer.values()) {
                c.log.flushQuietly();
            }
            Runnable also = alsoFlush;
            also.run();
        }
    }





    private record RequestCount(long since, int count) {
    }
}
