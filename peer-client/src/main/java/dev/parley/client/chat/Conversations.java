package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityCheck;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.peer.PeerUnavailableException;
import dev.parley.client.registry.MailDrop;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Names;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logged-in user's one-to-one conversations: which there are and in what state, the commands
 * on them, ending them, their buffers and history, and the chat frames {@link PeerRouter} hands
 * over from peer links. Requests and their answers are {@link ChatRequests}' job; sending and
 * receiving messages is {@link ChatMessages}'.
 */
public final class Conversations implements AutoCloseable {
    private static final Duration FLUSH_EVERY = Duration.ofMillis(200);
    /** Why there is nothing to send to or end: also what the shell says when no buffer is current. */
    static final String NOT_IN_CONVERSATION = "not in a conversation — /chat NAME starts one, /help lists commands";

    private final String me;
    private final Path folder;
    private final ChatListener events;
    private final Clock clock;
    /** Plain mode shows every conversation's messages as they come; the terminal shows only the current buffer's. */
    private final boolean showEveryBuffer;
    private final Map<String, Conversation> byPeer = new ConcurrentHashMap<>();
    /**
     * One writer per conversation file at a time: a conversation's log is its file's writer from
     * {@link #add} to {@link #forget}, and a file with no conversation kept here is written only by
     * {@link #writeUnkept}, under this lock, which both of those take too. Each writer counts the
     * file's length by its own appends, and a checkpoint saved at a length another writer has since
     * moved would point into the middle of a line, where the next open would start reading.
     * Taken after a conversation's {@code receiving} lock, never before it.
     */
    private final Object fileWriters = new Object();
    private final Buffers buffers;
    private final ChatRequests requests;
    private final ChatMessages messages;
    private volatile PeerNode node;
    private volatile ChatMail mail;
    private volatile boolean closed;
    /** Told when the set of open conversations changes (the registry watches them for us). */
    private volatile Runnable watchedChanged = () -> { };
    /** Other logs flushed on the same beat (the rooms'), so one thread serves all. */
    private volatile Runnable alsoFlush = () -> { };

    /**
     * @param folder where the conversation logs are, one {@link ConversationLog} per peer (owner-only)
     * @param events hears what happens in the conversations, to tell the user
     */
    public Conversations(String me, Path folder, Buffers buffers, ChatListener events, Clock clock,
            boolean showEveryBuffer) {
        this.me = me;
        this.buffers = buffers;
        this.folder = folder;
        this.events = events;
        this.clock = clock;
        this.showEveryBuffer = showEveryBuffer;
        this.messages = new ChatMessages(me, this, buffers, events, clock, showEveryBuffer);
        this.requests = new ChatRequests(me, this, messages, buffers, events);
        Thread.ofVirtual().name("history-flush " + me).start(this::flushPeriodically);
    }

    /** Runs {@code action} every time the conversation logs are flushed. */
    public void flushAlso(Runnable action) {
        this.alsoFlush = action;
    }

    /** Runs {@code action} whenever a conversation starts or ends, so the watch list can follow. */
    public void onWatchedChanged(Runnable action) {
        this.watchedChanged = action;
    }

    /** The node that opens links; set once it runs. */
    public void attach(PeerNode peerNode) {
        this.node = peerNode;
    }

    /**
     * Lets messages go through the registry's mailbox, sealed with {@code identity}'s keys, when no
     * direct link can be made (the peer is offline or unreachable), and room messages to and from
     * {@code rooms}' members no direct link reaches; mail for us is fetched now.
     */
    public void attachMail(Identity identity, MailDrop registry, IdentityCheck keys, Rooms rooms) {
        ChatMail m = new ChatMail(identity, registry, keys, this, messages, events, clock);
        this.mail = m;
        messages.attach(m);
        if (rooms != null) {
            m.attachRooms(rooms);
        }
        m.fetchInBackground();
    }

    /** The session was won back after a loss: the mail and receipts that came meanwhile are fetched. */
    public void fetchMail() {
        ChatMail m = mail;
        if (m != null) {
            m.fetchInBackground();
        }
    }

    /** A sealed message the registry passed on while we are online. */
    public void mailArrived(Envelope envelope) {
        ChatMail m = mail;
        if (m != null) {
            m.arrived(envelope);
        }
    }

    /** What became of a message we left on the registry. */
    public void receiptArrived(MailReceipt receipt) {
        ChatMail m = mail;
        if (m != null) {
            m.receipt(receipt);
        }
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
        Conversation restored = restore(name);
        if (restored != null) {
            int unread = buffers.show(restored.peer);
            events.on(new ConversationEvent.Resumed(restored.peer, false));
            if (!showEveryBuffer && unread > 0) {
                replay(restored, unread);
            }
            messages.reach(restored);
            return;
        }
        try {
            requests.ask(name);
        } catch (PeerUnavailableException e) {
            ChatMail m = mail;
            if (m == null || !e.retryLater()) {
                throw e;
            }
            openThroughRegistry(name, m, e);
        }
    }

    /**
     * /chat NAME when NAME is offline or cannot be reached directly: the conversation opens here at
     * once and what is written goes through the registry, sealed; it opens on their side when their
     * client opens the first message.
     */
    private void openThroughRegistry(String name, ChatMail m, PeerUnavailableException direct) throws ClientException {
        UserPresence user = m.lookup(name).orElseThrow(() -> new ClientException("no user named " + name));
        Conversation c = new Conversation(user.username(), openLog(user.username()), Conversation.State.OPEN, null);
        if (add(c) != null) {
            c.log.closeQuietly();
            chat(user.username());
            return;
        }
        try {
            c.log.opened();
        } catch (IOException e) {
            Diagnostics.trace("recording the conversation with " + c.peer + " as open", e);
        }
        buffers.show(c.peer);
        c.relayReason = Conversation.relayReason(c.peer, direct);
        m.via(c, user.online() ? Conversation.ViaRegistry.RELAYED : Conversation.ViaRegistry.OFFLINE);
    }

    /**
     * The conversation a sealed message from {@code peer} goes into: the open one (here or on disk)
     * if this user agreed to chat with them; otherwise a request, whose messages are stored and
     * acknowledged but shown only after /accept: mail must not open a conversation that a chat
     * request could not. One this user asked them for opens: their message is their answer.
     */
    Conversation openedByMail(String peer) throws ClientException, IOException {
        Conversation c = find(peer);
        if (c == null) {
            ConversationLog log = openLog(peer);
            c = log.isOpen() ? adopt(peer, log) : keep(invited(peer, log, null));
        }
        if (c.state == Conversation.State.REQUESTED) {
            c.state = Conversation.State.OPEN;
        }
        if (c.isOpen()) {
            c.log.opened();
            buffers.add(c.peer); // current if nothing else is: what is typed next answers them
        }
        return c;
    }

    /**
     * A request from {@code peer} (INVITED), on {@code link} or, with none, made of the messages
     * they left by mail; counting those that wait in the log from before (stored, never shown, in
     * a conversation that is not open).
     */
    Conversation invited(String peer, ConversationLog log, PeerLink link) {
        Conversation c = new Conversation(peer, log, Conversation.State.INVITED, link);
        if (!log.isOpen()) {
            c.heldMail = log.unshownCount();
        }
        return c;
    }

    /** Marks every stored message of the peer shown: /reject. Called holding {@code c.receiving}. */
    void dismissHeld(Conversation c) {
        c.shownSeq = Math.max(c.shownSeq, c.log.lastReceivedSeq());
        try {
            c.log.shownAll();
        } catch (IOException e) {
            Diagnostics.trace("recording what was shown of " + c.peer, e);
        }
    }

    /**
     * A request made of nothing but a repeat of mail already answered (the registry handed it over
     * again, its acknowledgement lost) is dropped again. The repeat is stored already; closing the
     * log syncs it.
     */
    void forgetEmptyRequest(Conversation c) {
        synchronized (c.receiving) {
            if (c.state == Conversation.State.INVITED && c.heldMail == 0 && c.link == null) {
                forget(c);
            }
        }
    }

    /** Tells the user of the messages {@code c}'s peer left for /accept, unless told already or busy. */
    void tellHeld(Conversation c) {
        requests.tellHeld(c);
    }

    /** Every conversation, in any state. */
    List<Conversation> all() {
        return List.copyOf(byPeer.values());
    }

    /** True when NAME asked to chat and waits for an answer. */
    public boolean hasRequestFrom(String name) {
        return requests.hasRequestFrom(name);
    }

    /** /accept NAME. */
    public void accept(String name) throws ClientException {
        requests.accept(name);
    }

    /** /reject NAME. */
    public void reject(String name) throws ClientException {
        requests.reject(name);
    }

    /** /busy: do-not-disturb on or off; null toggles. Returns the new setting. */
    public boolean busy(Boolean on) {
        return requests.busy(on);
    }


    /**
     * Sends one message in the open conversation with {@code peer}, reconnecting first if its link
     * is gone. The future completes with the receipt; the user sees "sent", then "delivered".
     */
    public CompletableFuture<Frame> sendTo(String peer, String text) throws ClientException {
        return messages.send(peer, text);
    }

    /** /exit [NAME]: ends a conversation (the current one without a name) and tells the other side. */
    public void exit(String name) throws ClientException {
        String peer = name != null ? name : buffers.current().orElse(null);
        if (peer == null) {
            throw new ClientException(NOT_IN_CONVERSATION);
        }
        Conversation c = find(peer);
        if (c == null) {
            throw new ClientException("no conversation with " + peer);
        }
        if (c.state == Conversation.State.INVITED && c.heldMail > 0) {
            requests.reject(c.peer); // what they left is answered, not offered again
            return;
        }
        end(c, PeerEvent.CloseReason.CLOSED);
        events.on(new ConversationEvent.Ended(c.peer, ConversationEvent.Ending.BY_ME));
    }

    /** /switch NAME: makes a conversation the current buffer and shows what was unread in it. */
    public void switchTo(String name) throws ClientException {
        Conversation c = find(name);
        if (c == null || !c.isOpen()) {
            throw new ClientException("no open conversation with " + name + " — /chat " + name);
        }
        int unread = buffers.show(c.peer);
        events.on(new ConversationEvent.Switched(c.peer, unread));
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
                case INVITED -> b.append(c.heldMail == 0 ? " (asks to chat)"
                        : " (left " + c.heldMail + (c.heldMail == 1 ? " message)" : " messages)"));
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
                events.on(new ConversationEvent.History(c.peer, c.log.last(count)));
                return;
            }
            Path file = logFile(name);
            if (!Files.exists(file)) {
                events.on(new ConversationEvent.History(name, List.of()));
                return;
            }
            try (ConversationLog log = ConversationLog.open(file, clock)) {
                events.on(new ConversationEvent.History(name, log.last(count)));
            }
        } catch (IOException e) {
            throw new ClientException("cannot read the history with " + name + ": " + Diagnostics.reason(e));
        }
    }

    /**
     * After login: conversations that were open with messages still waiting (e.g. from before a
     * crash) come back and their outboxes go out as soon as the peer can be reached; waiting
     * messages of ended conversations are pointed out.
     */
    public void resumeWaiting() {
        java.io.File[] files = folder.toFile().listFiles((dir, n) -> n.endsWith(".jsonl"));
        if (files == null) {
            return;
        }
        for (java.io.File f : files) {
            String peer = f.getName().substring(0, f.getName().length() - ".jsonl".length());
            if (Credentials.usernameProblem(peer).isPresent() || find(peer) != null) {
                continue;
            }
            try {
                ConversationLog log = ConversationLog.open(f.toPath(), clock);
                int waiting = log.outboxSize();
                boolean unshown = log.unshownCount() > 0;
                if (log.isOpen() && (waiting > 0 || unshown)) {
                    Conversation c = adopt(peer, log);
                    if (waiting > 0) {
                        messages.reach(c);
                    }
                    continue;
                }
                if (!log.isOpen() && unshown) {
                    tellHeld(keep(invited(peer, log, null))); // mail kept for /accept before this client stopped
                } else {
                    log.closeQuietly();
                }
                if (waiting > 0) {
                    events.on(new ConversationEvent.LeftInOutbox(peer, waiting));
                }
            } catch (IOException e) {
                Diagnostics.trace("reading the outbox in " + f, e);
            }
        }
    }

    /** The registry says {@code user} is online again: an open conversation with messages waiting sends them now. */
    public void peerIsBack(String user) {
        Conversation c = find(user);
        if (c != null && c.isOpen() && c.openLink() == null) {
            // Only when we had lost them: the registry also names every watched user online after it reconnects.
            events.on(new ConversationEvent.PeerBack(c.peer));
            messages.peerIsBack(c);
        }
    }

    /**
     * Everyone whose coming online matters: every conversation (an open one's outbox waits for
     * them; a requested one opens when they answer), as many as the registry watches at most.
     */
    public List<String> watched() {
        return sorted().stream().map(c -> c.peer).limit(dev.parley.protocol.Limits.MAX_WATCHED_USERS).toList();
    }

    /**
     * Tells every conversation we leave ("logout" or "closed"), closes their links, and stops.
     * Messages that go through the registry and are not there yet are left there first, while the
     * session still is: written just before a /quit, they would otherwise wait for the next login.
     */
    @Override
    public void close() {
        ChatMail m = mail;
        if (m != null) {
            for (Conversation c : List.copyOf(byPeer.values())) {
                if (c.viaRegistry != null) {
                    m.carry(c);
                }
            }
        }
        closed = true;
        for (Conversation c : List.copyOf(byPeer.values())) {
            end(c, PeerEvent.CloseReason.LOGOUT);
        }
    }

    // ---- frames from peer links (reader threads) ----

    /** A CHAT_REQUEST from the peer of {@code link}, answered now or by /accept or /reject. */
    void requested(PeerLink link, String id, PeerRequest.ChatRequest request) {
        requests.requested(link, id, request.resuming());
    }

    /** A CHAT_MESSAGE from the peer of {@code link}. */
    void messageArrived(PeerLink link, String id, PeerRequest.ChatMessage message) {
        messages.arrived(link, id, message);
    }

    /** The peer of {@code link} ended the conversation on it (or logged out). */
    void chatClosed(PeerLink link, PeerEvent.ChatClose close) {
        Conversation c = byLink(link);
        if (c == null) {
            return;
        }
        if (keepsHeldMail(c)) {
            link.close(c.peer + " withdrew the request");
            return;
        }
        if (close.reason() == PeerEvent.CloseReason.LOGOUT) {
            loggedOut(c, link);
            return;
        }
        recordClosed(c);
        forget(c);
        events.on(new ConversationEvent.Ended(c.peer, ConversationEvent.Ending.BY_PEER));
        link.close(c.peer + " ended the conversation");
    }

    /**
     * The peer logged out. An open conversation does not end with it, as it does not with a dropped
     * link or a crash: it stays, without a link, and what is written meanwhile waits for them on the
     * registry. A request of theirs not yet answered is withdrawn; one of ours waits for its answer.
     */
    private void loggedOut(Conversation c, PeerLink link) {
        switch (c.state) {
            case OPEN -> {
                c.link = null; // first: the link's closing below is then no loss to report
                events.on(new ConversationEvent.PeerLoggedOut(c.peer));
                messages.linkLost(c);
            }
            case INVITED -> {
                forget(c);
                events.on(new ConversationEvent.RequestWithdrawn(c.peer));
            }
            case REQUESTED -> { } // the request's own future reports its link's end
        }
        link.close(c.peer + " logged out");
    }

    /** The link is gone for good; {@code reason} is for the user. */
    void closed(PeerLink link, String reason) {
        Conversation c = byLink(link);
        if (c == null) {
            return;
        }
        switch (c.state) {
            case INVITED -> {
                synchronized (c.receiving) {
                    if (c.state != Conversation.State.INVITED || keepsHeldMail(c)) {
                        return; // accepted meanwhile, or their mail still waits for an answer
                    }
                    forget(c);
                }
                events.on(new ConversationEvent.RequestWithdrawn(c.peer));
            }
            case REQUESTED -> { } // the request's own future reports it
            case OPEN -> {
                c.link = null;
                if (!closed) {
                    events.on(new ConversationEvent.PeerLost(c.peer, reason));
                    messages.linkLost(c);
                }
            }
        }
    }

    /**
     * A request whose link went (withdrawn, or the asker logged out) that also holds mail: it stays,
     * without the link, for /accept or /reject. False when there is no mail to keep.
     */
    private boolean keepsHeldMail(Conversation c) {
        synchronized (c.receiving) {
            if (c.state != Conversation.State.INVITED || c.heldMail == 0) {
                return false;
            }
            c.link = null;
            c.requestId = null;
            return true;
        }
    }

    // ---- the conversations by peer, shared with ChatRequests and ChatMessages ----

    /** The conversation with NAME in any state, if any. */
    Conversation find(String name) {
        return byPeer.get(Names.key(name));
    }

    /**
     * Whether {@code c} is still the conversation with its peer: not ended, rejected or logged out
     * of since it was found (a new one with the same peer is another conversation).
     */
    boolean holds(Conversation c) {
        return find(c.peer) == c;
    }

    /** The conversation that runs on {@code link}, if any. */
    Conversation byLink(PeerLink link) {
        Conversation c = byPeer.get(Names.key(link.peer()));
        return c != null && c.link == link ? c : null;
    }

    /** Adds a new conversation unless there is one with that peer already; returns that one, else null. */
    Conversation add(Conversation c) {
        Conversation existing;
        synchronized (fileWriters) {
            existing = byPeer.putIfAbsent(Names.key(c.peer), c);
        }
        if (existing == null) {
            watchedChanged.run();
        }
        return existing;
    }

    /** Removes a conversation (its log stays on disk) and moves the shell off it if it was current. */
    void forget(Conversation c) {
        synchronized (c.receiving) {
            // A message on its way to the screen gets its "shown" mark before the log closes: lost,
            // it would be offered again with the peer's next mail. One that comes after finds the
            // conversation gone and is neither shown nor marked (ChatMessages#ended).
            synchronized (fileWriters) {
                if (!byPeer.remove(Names.key(c.peer), c)) {
                    return;
                }
                c.log.closeQuietly(); // before another writer may open the file
            }
        }
        buffers.close(c.peer);
        if (!closed) {
            watchedChanged.run();
        }
    }

    /** The history (and outbox) of the conversation with {@code peer}, opened for a new conversation. */
    ConversationLog openLog(String peer) throws ClientException {
        try {
            return ConversationLog.open(logFile(peer), clock);
        } catch (IOException e) {
            throw new ClientException("cannot open the history with " + peer + ": " + Diagnostics.reason(e));
        }
    }

    /** What is written to the file of a conversation not kept here. */
    interface UnkeptWrite<T> {
        T write(ConversationLog log) throws IOException;
    }

    /**
     * Writes to the file of the conversation with {@code peer} while no conversation with them is
     * kept here (a receipt for one that has ended), as the file's only writer; synced and closed
     * before it returns. Empty when the conversation is kept now (write to its log instead), or
     * when there was never one (no file).
     */
    <T> Optional<T> writeUnkept(String peer, UnkeptWrite<T> write) throws ClientException, IOException {
        synchronized (fileWriters) {
            if (find(peer) != null || !hasHistoryWith(peer)) {
                return Optional.empty();
            }
            try (ConversationLog log = openLog(peer)) {
                return Optional.of(write.write(log));
            }
        }
    }

    /**
     * The conversation with {@code peer} brought back from its file, if the file says it is open
     * (both agreed to chat and neither ended it): it goes on without asking again. Null if not.
     */
    Conversation restore(String peer) throws ClientException {
        try {
            return restoreFromFile(peer);
        } catch (IOException e) {
            throw new ClientException("cannot open the history with " + peer + ": " + Diagnostics.reason(e));
        }
    }

    private Conversation restoreFromFile(String peer) throws IOException {
        Path file = logFile(peer);
        if (!Files.exists(file)) {
            return null;
        }
        ConversationLog log = ConversationLog.open(file, clock);
        if (!log.isOpen()) {
            log.closeQuietly();
            return null;
        }
        return adopt(peer, log);
    }

    /** An open conversation back from its log (opened by the caller); the one already there if it won a race. */
    private Conversation adopt(String peer, ConversationLog log) {
        Conversation c = new Conversation(peer, log, Conversation.State.OPEN, null);
        c.outboxWaited = log.outboxSize() > 0; // from before this client started
        Conversation kept = keep(c);
        if (kept == c) {
            messages.showUnshown(c, true);
        }
        return kept;
    }

    /** Adds {@code c}, or, when a conversation with that peer won a race, closes {@code c}'s log and returns that one. */
    private Conversation keep(Conversation c) {
        Conversation existing = add(c);
        if (existing != null) {
            c.log.closeQuietly();
            return existing;
        }
        return c;
    }

    /** The peer refused to go on with a conversation they ended while we were away: it ends here too. */
    void endedByPeer(Conversation c) {
        recordClosed(c);
        forget(c);
    }

    private static void recordClosed(Conversation c) {
        try {
            c.log.closed();
        } catch (IOException e) {
            Diagnostics.trace("recording the end of the conversation with " + c.peer, e);
        }
    }

    /** The node that opens links, while logged in. */
    PeerNode requireNode() throws ClientException {
        PeerNode n = node;
        if (n == null || closed) {
            throw new ClientException("log in first — /login NAME");
        }
        return n;
    }

    // ---- internals ----

    private void end(Conversation c, PeerEvent.CloseReason reason) {
        if (reason != PeerEvent.CloseReason.LOGOUT) {
            recordClosed(c);
        }
        forget(c);
        PeerLink link = c.openLink();
        if (link == null) {
            return;
        }
        if (c.state == Conversation.State.INVITED) {
            link.respond(c.requestId, Status.FORBIDDEN, me + " left");
        } else {
            link.send(new PeerEvent.ChatClose(reason));
        }
        link.closeAfterSending(RecordCodec.wireName(reason));
    }

    /** Shows the last {@code count} messages of the conversation as history. */
    void replay(Conversation c, int count) {
        try {
            c.log.flush();
            events.on(new ConversationEvent.History(c.peer, c.log.last(count)));
        } catch (IOException e) {
            events.on(new ConversationEvent.HistoryUnreadable(c.peer, Diagnostics.reason(e)));
        }
    }

    /** Whether a conversation with {@code peer} was ever kept here (its log exists). */
    boolean hasHistoryWith(String peer) {
        return Files.exists(logFile(peer));
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

    private List<Conversation> sorted() {
        return byPeer.values().stream().sorted((a, b) -> a.peer.compareToIgnoreCase(b.peer)).toList();
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
}
