package dev.parley.client.store;

import dev.parley.client.Diagnostics;
import dev.parley.client.PrivateFiles;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Names;
import dev.parley.protocol.WireTime;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * One conversation with one peer (or one room), kept on disk: the timestamped history of every
 * message sent and received, which is also the outbox (messages sent and not yet acknowledged) and
 * the receiver's duplicate filter. One instance per file; its methods may be called from any thread.
 *
 * <h2>File format</h2>
 * UTF-8 JSON Lines, append-only, owner-only ({@code rw-------}). Each line is one object whose
 * {@code kind} says what happened; times are ISO-8601 instants ({@link Instant#toString()}):
 * <pre>
 * {"kind":"sent","id":"…","sender":"alice","sentAt":"…","body":"…","seq":12}
 * {"kind":"received","id":"…","sender":"bob","sentAt":"…","receivedAt":"…","body":"…","seq":7}
 * {"kind":"delivered","id":"…","deliveredAt":"…"}
 * {"kind":"opened","at":"…"}
 * {"kind":"closed","at":"…"}
 * {"kind":"shown","seq":7,"id":"…"}
 * {"kind":"shown","seq":9}
 * {"kind":"format","shown":"id"}
 * </pre>
 * {@code sent}: a message we wrote (sender is us, {@code sentAt} our clock, {@code seq} our
 * sequence number in this conversation). {@code received}: a message from the peer ({@code sentAt}
 * their clock, {@code receivedAt} ours, {@code seq} theirs; absent from older peers). {@code
 * delivered}: the peer acknowledged the sent message with that id. {@code opened} / {@code closed}:
 * both sides agreed to chat / one side ended the conversation; an opened conversation resumes by
 * itself after either side restarts. {@code shown} with an {@code id}: that message of the peer's
 * has been shown to the user; without one (older versions, or the user dismissing a request):
 * every message received before the line numbered up to {@code seq} has. A numbered message
 * received and not shown (the client stopped between storing and showing it, or it is mail
 * waiting for /accept) is shown when the conversation comes back, whatever its number: a sender
 * who counts afresh (a new device, the browser beside the terminal) numbers from 1 again.
 * {@code format}: written once, before the first record of a version that marks shown messages
 * by id; before it, an older version marked only the highest number shown and showed messages
 * numbered below it unmarked, so there a message counts as unshown only if numbered above that.
 * A sent message with no later {@code delivered} line is in the
 * outbox: it is sent again, in order, whenever there is a link. Lines that cannot be read (a last
 * line cut short by a crash, garbage, a kind this version does not know) are skipped and counted,
 * never fatal.
 *
 * <h2>Durability</h2>
 * Appends go to a buffer. {@link #durable()} returns a future that completes once everything
 * appended before the call is synced to the disk ({@code fsync}); the promises on the screen wait
 * for it: a message is shown <i>sent</i>, and a receipt is answered, only then. Syncs are grouped:
 * one sync thread per file at a time, and every append made while a sync runs shares the next one,
 * so a burst costs a few syncs, not one each.
 *
 * <h2>Opening</h2>
 * A {@link Checkpoint} beside the file holds the state replayed up to an offset; opening replays only
 * the lines after it, and the duplicate filter is read backwards from the file's end when the first
 * message arrives. So opening a conversation of a million messages costs about as much as one of a
 * few thousand, and closing one that was only read writes nothing.
 */
public final class ConversationLog implements Closeable, Flushable {
    /** How many recently received ids the duplicate filter remembers. */
    public static final int RECENT_IDS = 10_000;
    /** Longest line read back; a real record is far shorter (a body is at most 4000 characters). */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** A checkpoint is saved after this many appended records (and at close). */
    static final int CHECKPOINT_EVERY = 10_000;
    /** The duplicate filter is filled from at most this much of the file's end. */
    static final int RECENT_SCAN_BYTES = 8 * 1024 * 1024;

    private static final String EXTENSION = ".jsonl";
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int CHUNK = 64 * 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** Runs the syncs: a virtual thread per file while it has appends waiting for the disk. */
    private static final ExecutorService SYNCS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("history-sync-", 0).factory());

    /** Who wrote a message: us, or the peer. */
    public enum Direction {
        SENT, RECEIVED
    }

    /**
     * One message of the history.
     *
     * @param receivedAt when we received it (our clock), null for a sent message
     * @param deliveredAt when the peer acknowledged it, null for a received or still pending message
     */
    public record Entry(ChatMessage message, Direction direction, Instant receivedAt, Instant deliveredAt) {
        public Entry {
            if (message == null || direction == null) {
                throw new IllegalArgumentException("an entry needs a message and a direction");
            }
        }

        /** A sent message the peer has not acknowledged yet. */
        public boolean pending() {
            return direction == Direction.SENT && deliveredAt == null;
        }
    }

    /** A message of the outbox and its place in it: later messages have higher positions. */
    public record Outgoing(long position, ChatMessage message) {
    }

    private record Waiter(long position, CompletableFuture<Void> done) {
    }

    private final Path file;
    private final Clock clock;
    private final FileChannel channel;
    private final OutputStream out;
    /** Whether sent messages wait for a delivery (a conversation) or are history only (a room). */
    private final boolean keepsOutbox;
    private final int skippedLines;
    private final Object lock = new Object();
    /** The outbox by position, and the position of each id in it. */
    private final TreeMap<Long, ChatMessage> outbox = new TreeMap<>();
    private final Map<String, Long> outboxPositions = new HashMap<>();
    /** The duplicate filter, read from the file's end when the first message arrives (null until then). */
    private RecentIds recentlyReceived;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** The line being written; reused under the lock. */
    private final StringBuilder line = new StringBuilder(256);
    /** Records appended (outbox positions count them); how many of them are synced. */
    private long records;
    private long durableRecords;
    /** The file's length with everything appended so far, buffered or not. */
    private long length;
    private long recordsSinceCheckpoint;
    private long lastSentSeq;
    private long lastReceivedSeq;
    private long lastShownSeq;
    /**
     * The peer's numbered messages stored and not yet shown: id to sequence number, in the order
     * received. Followed in conversations only: a room's messages carry no numbers.
     */
    private final LinkedHashMap<String, Long> unshown;
    /** Whether the file says its shown marks name messages (a {@code format} line); written before this version's first record if not. */
    private boolean shownById;
    private boolean open;
    private boolean syncing;
    /**
     * The sync thread while it completes the futures of a sync outside the lock (their callbacks run
     * then), else null: a durable() asked meanwhile from another thread, for records that sync
     * covered, must still complete after them, so it waits its turn instead of completing at once.
     * One asked from those callbacks (on this thread) is in its turn already.
     */
    private Thread settling;
    private boolean closed;

    private ConversationLog(Path file, Clock clock, FileChannel channel, boolean keepsOutbox, Replay replay) {
        this.file = file;
        this.clock = clock;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK);
        this.keepsOutbox = keepsOutbox;
        this.skippedLines = replay.skipped;
        for (ChatMessage m : replay.outbox.values()) {
            records++;
            outbox.put(records, m);
            outboxPositions.put(m.id(), records);
        }
        this.durableRecords = records;
        this.lastSentSeq = replay.lastSentSeq;
        this.lastReceivedSeq = replay.lastReceivedSeq;
        this.lastShownSeq = replay.lastShownSeq;
        this.unshown = replay.unshown;
        this.shownById = replay.shownById || !keepsOutbox; // a room's history follows no shown marks
        this.open = replay.open;
        this.recordsSinceCheckpoint = replay.linesReplayed;
    }

    /**
     * The file name of the conversation with this user: the username in lower case (usernames are
     * unique regardless of case) and {@code .jsonl}. Room conversations get names of their own
     * ({@code #room}); anything else is refused.
     *
     * @throws IllegalArgumentException if {@code peer} is not a valid username, so never a path
     */
    public static String fileName(String peer) {
        Credentials.usernameProblem(peer).ifPresent(p -> {
            throw new IllegalArgumentException("not a username: " + p);
        });
        return Names.key(peer) + EXTENSION;
    }

    /**
     * Opens the conversation kept in {@code file}, creating it (owner-only) if needed, and replays
     * what its checkpoint does not hold: the outbox and the recently received ids come back as they were.
     *
     * @param clock the time of {@link #received(ChatMessage)} and {@link #delivered(String)}
     */
    public static ConversationLog open(Path file, Clock clock) throws IOException {
        return open(file, clock, true);
    }

    /** Opens a room's history: like a conversation, but what we send there waits for no delivery. */
    public static ConversationLog openHistory(Path file, Clock clock) throws IOException {
        return open(file, clock, false);
    }

    private static ConversationLog open(Path file, Clock clock, boolean keepsOutbox) throws IOException {
        if (!PrivateFiles.createFile(file)) {
            PrivateFiles.tighten(file);
        }
        Replay replay = replay(file, keepsOutbox);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        ConversationLog log = new ConversationLog(file, clock, channel, keepsOutbox, replay);
        log.length = channel.size();
        if (replay.unterminated) {
            // a crash cut the last line short: end it, so the next record starts on a line of its own
            synchronized (log.lock) {
                log.write(new byte[] {'\n'});
            }
        }
        if (replay.linesReplayed >= CHECKPOINT_EVERY) {
            log.checkpoint(); // a long file read whole (from an older version, or after a crash): once is enough
        }
        return log;
    }

    public Path file() {
        return file;
    }

    /** How many lines of the file could not be read when it was opened (say so once, then carry on). */
    public int skippedLines() {
        return skippedLines;
    }

    /** The sequence number for the next message we send here: one more than the last one sent. */
    public long nextSeq() {
        synchronized (lock) {
            return lastSentSeq + 1;
        }
    }

    /** The highest sequence number the peer's messages here have carried (0: none yet). */
    public long lastReceivedSeq() {
        synchronized (lock) {
            return lastReceivedSeq;
        }
    }

    /** The highest sequence number of the peer's that the user has been shown (0: none, or no numbers). */
    public long lastShownSeq() {
        synchronized (lock) {
            return lastShownSeq;
        }
    }

    /**
     * Records that {@code m}, a message of the peer's, has been shown, written out to the file at
     * once (a write, not a sync: it survives the process, which is what it guards against). Call it
     * just after the message is put on the screen: a kill between the two leaves one message shown
     * and not marked, shown again after the restart; marking before showing would leave one marked
     * and never shown, and a mark left in the buffer would widen that window from microseconds to
     * the time until the next write. A message without a number is not followed (older peers).
     */
    public void shown(ChatMessage m) throws IOException {
        synchronized (lock) {
            if (!unshown.containsKey(m.id()) && m.seq() <= lastShownSeq) {
                return;
            }
            append("kind", "shown", "seq", m.seq(), "id", m.id());
            unshown.remove(m.id());
            lastShownSeq = Math.max(lastShownSeq, m.seq());
            out.flush();
        }
    }

    /** Records that every message of the peer's stored so far counts as shown: the user dismissed them (/reject). */
    public void shownAll() throws IOException {
        synchronized (lock) {
            if (unshown.isEmpty() && lastReceivedSeq <= lastShownSeq) {
                return;
            }
            append("kind", "shown", "seq", lastReceivedSeq);
            unshown.clear();
            lastShownSeq = Math.max(lastShownSeq, lastReceivedSeq);
            out.flush();
        }
    }

    /**
     * Whether {@code m}, a numbered message of the peer's, is stored and not marked shown. One
     * without a number is not followed (older peers): never.
     */
    public boolean storedUnshown(ChatMessage m) {
        synchronized (lock) {
            return unshown.containsKey(m.id());
        }
    }

    /** How many of the peer's numbered messages are stored and not yet shown. */
    public int unshownCount() {
        synchronized (lock) {
            return unshown.size();
        }
    }

    /**
     * The peer's numbered messages that were stored but never shown (the client stopped in between,
     * or they wait for /accept), in the order the peer wrote them: by their clock, then their number.
     * Reads the file's end backwards, as far as the oldest of them.
     */
    public List<ChatMessage> unshown() throws IOException {
        Map<String, ChatMessage> found = new HashMap<>();
        List<String> ids;
        long end;
        synchronized (lock) {
            if (unshown.isEmpty()) {
                return List.of();
            }
            flush();
            end = length;
            ids = List.copyOf(unshown.keySet());
        }
        Set<String> wanted = new HashSet<>(ids);
        readBackwards(file, end, text -> {
            if (!text.contains("\"received\"")) {
                return true;
            }
            Line l = parse(text);
            if (l != null && l.kind.equals("received") && wanted.remove(l.message.id())) {
                found.put(l.message.id(), l.message);
            }
            return !wanted.isEmpty();
        });
        if (!wanted.isEmpty()) {
            // Their lines cannot be read whole: nothing to show. Marked, so they are not looked for again.
            synchronized (lock) {
                for (String id : wanted) {
                    Long seq = unshown.get(id);
                    if (seq != null && !closed) {
                        append("kind", "shown", "seq", seq, "id", id);
                        unshown.remove(id);
                        out.flush();
                    }
                }
            }
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (String id : ids) {
            ChatMessage m = found.get(id);
            if (m != null) {
                messages.add(m);
            }
        }
        messages.sort(Comparator.comparing(ChatMessage::sentAt).thenComparingLong(ChatMessage::seq));
        return List.copyOf(messages);
    }

    /**
     * Records a message we are sending; in a conversation it joins the outbox until {@link #delivered}.
     * It is on the disk once {@link #durable()} says so.
     *
     * @throws IllegalArgumentException if a message with this id is already in the outbox
     */
    public void sent(ChatMessage m) throws IOException {
        synchronized (lock) {
            if (keepsOutbox && outboxPositions.containsKey(m.id())) {
                throw new IllegalArgumentException("message " + m.id() + " is already pending");
            }
            append("kind", "sent", "id", m.id(), "sender", m.sender(), "sentAt", m.sentAt().toString(), "body", m.body(),
                    "seq", m.seq());
            lastSentSeq = Math.max(lastSentSeq, m.seq());
            if (keepsOutbox) {
                outbox.put(records, m);
                outboxPositions.put(m.id(), records);
            }
        }
    }

    /** {@link #received(ChatMessage, Instant)} at the clock's time now. */
    public boolean received(ChatMessage m) throws IOException {
        return received(m, now());
    }

    /**
     * Records a message from the peer, unless it is a repeat of one recently received. Answer its
     * receipt only once {@link #durable()} completes.
     *
     * @return true if it is new (show it), false for a duplicate (nothing recorded; acknowledge it again)
     */
    public boolean received(ChatMessage m, Instant receivedAt) throws IOException {
        synchronized (lock) {
            if (recentlyReceived == null) {
                // Not read at open: most opens (a login's look at every conversation, /history) receive nothing.
                out.flush();
                recentlyReceived = new RecentIds(RECENT_IDS);
                recentReceived(file, length, recentlyReceived);
            }
            if (!recentlyReceived.add(m.id())) {
                return false;
            }
            append("kind", "received", "id", m.id(), "sender", m.sender(), "sentAt", m.sentAt().toString(),
                    "receivedAt", receivedAt.toString(), "body", m.body(), "seq", m.seq());
            lastReceivedSeq = Math.max(lastReceivedSeq, m.seq());
            if (keepsOutbox && m.seq() > 0) {
                unshown.put(m.id(), m.seq());
            }
            return true;
        }
    }

    /** {@link #delivered(String, Instant)} at the clock's time now. */
    public Optional<ChatMessage> delivered(String id) throws IOException {
        return delivered(id, now());
    }

    /**
     * Records the peer's acknowledgement of a message of the outbox. (Not waited for: if it is lost
     * in a crash, the message goes out again and the peer, which has it, acknowledges it again.)
     *
     * @return the message now delivered, or empty (and nothing recorded) if no message of the outbox
     *     has this id: unknown, or already acknowledged
     */
    public Optional<ChatMessage> delivered(String id, Instant at) throws IOException {
        synchronized (lock) {
            Long position = outboxPositions.remove(id);
            if (position == null) {
                return Optional.empty();
            }
            ChatMessage m = outbox.remove(position);
            append("kind", "delivered", "id", id, "deliveredAt", at.toString());
            return Optional.of(m);
        }
    }

    /** Records that both sides agreed to chat: the conversation resumes by itself after a restart. */
    public void opened() throws IOException {
        synchronized (lock) {
            if (!open) {
                open = true;
                append("kind", "opened", "at", now().toString());
                out.flush(); // rare, and a crash must not forget that the conversation was agreed
            }
        }
    }

    /** Records that the conversation was ended (/exit, or the peer ended it): it waits for a new request. */
    public void closed() throws IOException {
        synchronized (lock) {
            if (open) {
                open = false;
                append("kind", "closed", "at", now().toString());
                out.flush();
            }
        }
    }

    /** Whether the conversation was opened and not ended since. */
    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    /** The messages of the outbox, synced or not, in the order they were sent. */
    public List<ChatMessage> pending() {
        synchronized (lock) {
            return List.copyOf(outbox.values());
        }
    }

    /** How many messages the outbox holds, synced or not. */
    public int outboxSize() {
        synchronized (lock) {
            return outbox.size();
        }
    }

    /** The synced messages of the outbox after {@code position}, in order: what a link still has to carry. */
    public List<Outgoing> outboxAfter(long position) {
        synchronized (lock) {
            if (outbox.isEmpty() || position >= durableRecords) {
                return List.of();
            }
            List<Outgoing> out = new ArrayList<>();
            for (Map.Entry<Long, ChatMessage> e : outbox.subMap(position, false, durableRecords, true).entrySet()) {
                out.add(new Outgoing(e.getKey(), e.getValue()));
            }
            return out;
        }
    }

    /**
     * Completes once everything appended so far is synced to the disk, or fails with the reason it
     * could not be. Futures complete in the order they were asked for.
     */
    public CompletableFuture<Void> durable() {
        synchronized (lock) {
            if (durableRecords >= records && (settling == null || settling == Thread.currentThread())) {
                return DONE;
            }
            if (closed) {
                return CompletableFuture.failedFuture(new IOException(file + " is closed"));
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            waiters.add(new Waiter(records, done));
            if (!syncing) {
                syncing = true;
                SYNCS.execute(this::syncWhileWaited);
            }
            return done;
        }
    }

    /**
     * The last {@code n} messages, sent and received, in the order they were recorded, each sent one
     * with its delivery time. Reads the file backwards from its end, so only as much as needed.
     */
    public List<Entry> last(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        if (n == 0) {
            return List.of();
        }
        long end;
        synchronized (lock) {
            flush();
            end = length;
        }
        List<Entry> newestFirst = new ArrayList<>(Math.min(n, 1024));
        Map<String, Instant> acks = new HashMap<>();
        readBackwards(file, end, line -> {
            Line l = parse(line);
            if (l == null) {
                return true;
            }
            switch (l.kind) {
                case "delivered" -> acks.putIfAbsent(l.id, l.at);
                case "sent" -> newestFirst.add(new Entry(l.message, Direction.SENT, null, acks.remove(l.message.id())));
                case "received" -> newestFirst.add(new Entry(l.message, Direction.RECEIVED, l.at, null));
                default -> {
                }
            }
            return newestFirst.size() < n;
        });
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Writes what is buffered to the file (to the operating system; no sync to the disk). Nothing once closed. */
    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            if (!closed) {
                out.flush();
            }
        }
    }

    /**
     * Syncs everything to the disk, saves a checkpoint and closes the file; further appends fail,
     * {@link #last} still reads it.
     */
    @Override
    public void close() throws IOException {
        List<Waiter> done;
        IOException failure = null;
        boolean changed;
        Checkpoint last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            // Opened only to be read (a login's look at every conversation, /history): nothing to sync or save.
            changed = recordsSinceCheckpoint > 0;
            try {
                out.flush();
                if (changed) {
                    channel.force(false);
                }
                durableRecords = records;
            } catch (IOException e) {
                failure = e;
            }
            done = new ArrayList<>(waiters);
            waiters.clear();
            closed = true;
            last = failure == null && changed ? snapshot() : null;
        }
        settle(done, failure);
        if (last != null) {
            checkpointQuietly(last);
        }
        channel.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** {@link #flush()} on a background beat: a failure is traced, and the next beat tries again. */
    public void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            Diagnostics.trace("writing " + file, e);
        }
    }

    /** {@link #close()} where tracing a failure is all that can be done about it (logout, a lost race). */
    public void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            Diagnostics.trace("closing " + file, e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- syncing

    /** The sync loop: syncs as long as someone waits, each sync covering every append made before it. */
    private void syncWhileWaited() {
        while (true) {
            long target;
            boolean needsForce;
            Checkpoint due = null;
            IOException failure = null;
            synchronized (lock) {
                if (waiters.isEmpty() || closed) {
                    syncing = false;
                    return;
                }
                target = records;
                // Nothing new since the last sync (only waiters that came while it was settled): no force.
                needsForce = target > durableRecords;
                try {
                    out.flush();
                } catch (IOException e) {
                    failure = e;
                }
                if (failure == null && recordsSinceCheckpoint >= CHECKPOINT_EVERY) {
                    due = snapshot();
                }
            }
            if (failure == null && needsForce) {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    failure = e;
                }
            }
            List<Waiter> done = new ArrayList<>();
            synchronized (lock) {
                if (failure == null) {
                    durableRecords = Math.max(durableRecords, target);
                }
                while (!waiters.isEmpty() && waiters.peek().position <= target) {
                    done.add(waiters.poll());
                }
                settling = Thread.currentThread();
            }
            settle(done, failure);
            synchronized (lock) {
                settling = null;
            }
            if (failure == null && due != null) {
                checkpointQuietly(due);
            }
        }
    }

    private static void settle(List<Waiter> done, IOException failure) {
        for (Waiter w : done) {
            if (failure == null) {
                w.done.complete(null);
            } else {
                w.done.completeExceptionally(failure);
            }
        }
    }

    /** The state as replaying the file up to its current length gives; called under the lock after a flush. */
    /**
     * The state to checkpoint, taken under the lock with everything written out; null when another
     * writer has appended to the file since this log counted its length (it must not: see
     * Conversations' one writer per file), as a checkpoint at this log's length would then point
     * into the middle of a line. The last checkpoint saved stays, still a true prefix.
     */
    private Checkpoint snapshot() {
        try {
            if (channel.size() != length) {
                Diagnostics.trace("not checkpointing " + file, new IOException("written by another writer: "
                        + channel.size() + " bytes, " + length + " of them this log's"));
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        recordsSinceCheckpoint = 0;
        return new Checkpoint(length, null, List.copyOf(outbox.values()), lastSentSeq, lastReceivedSeq, lastShownSeq,
                Collections.unmodifiableMap(new LinkedHashMap<>(unshown)), shownById, open);
    }

    private void checkpoint() {
        Checkpoint c;
        synchronized (lock) {
            try {
                out.flush();
                channel.force(false);
            } catch (IOException e) {
                Diagnostics.trace("syncing " + file, e);
                return;
            }
            c = snapshot();
        }
        if (c != null) {
            checkpointQuietly(c);
        }
    }

    /** Saves a checkpoint taken of synced data; a failure only costs a longer replay next time. */
    private void checkpointQuietly(Checkpoint c) {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            new Checkpoint(c.offset(), Checkpoint.tailOf(reader, c.offset()), c.outbox(), c.lastSentSeq(),
                    c.lastReceivedSeq(), c.lastShownSeq(), c.unshown(), c.shownById(), c.open()).save(file);
        } catch (IOException | RuntimeException e) {
            Diagnostics.trace("saving the checkpoint of " + file, e);
        }
    }

    // ---- writing

    /**
     * Writes one record, {@code names[i]: values[i]} alternating (strings, or numbers written as
     * numbers), as one JSON line. Written directly because building a JSON object first was a
     * quarter of a busy client's CPU. Called under the lock.
     */
    private void append(Object... namesAndValues) throws IOException {
        if (closed) {
            throw new IOException(file + " is closed");
        }
        if (!shownById) {
            // From here on a received message without a shown mark naming it was not shown. Before
            // it, an older version marked only its highest number shown (Replay#shownAsOlderVersionsSaw).
            shownById = true;
            try {
                append("kind", "format", "shown", "id");
            } catch (IOException | RuntimeException e) {
                shownById = false; // not written: the next record tries again
                throw e;
            }
        }
        StringBuilder b = line;
        b.setLength(0);
        b.append('{');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, (String) namesAndValues[i]);
            b.append(':');
            Object value = namesAndValues[i + 1];
            if (value instanceof Long number) {
                b.append(number.longValue());
            } else {
                quote(b, (String) value);
            }
        }
        b.append("}\n");
        write(b.toString().getBytes(StandardCharsets.UTF_8));
        records++;
        recordsSinceCheckpoint++;
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        length += bytes.length;
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped, the rest as it is. */
    private static void quote(StringBuilder b, String s) {
        b.append('"');
        int plain = 0; // most text needs no escapes: copy it whole, up to the first that does
        while (plain < s.length()) {
            char c = s.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        if (plain == s.length()) {
            b.append(s); // whole: one copy, where append(s, 0, n) goes a character at a time
        } else {
            b.append(s, 0, plain);
        }
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    // ---- reading

    /** One readable line: a sent or received message, or a delivery (id and time only). */
    private record Line(String kind, ChatMessage message, String id, Instant at) {
    }

    private static final class Replay {
        final LinkedHashMap<String, ChatMessage> outbox = new LinkedHashMap<>();
        long lastSentSeq;
        long lastReceivedSeq;
        long lastShownSeq;
        final LinkedHashMap<String, Long> unshown = new LinkedHashMap<>();
        boolean shownById;
        boolean open;
        int skipped;
        long linesReplayed;
        boolean unterminated;

        /**
         * The lines so far were written by a version that marked only the highest number shown, and
         * showed a message numbered below it without a mark (a sender counting afresh, one that
         * came after a gap): what it counted as unshown is what is numbered above that mark.
         */
        void shownAsOlderVersionsSaw() {
            unshown.values().removeIf(seq -> seq <= lastShownSeq);
        }
    }

    /** The line as a record, or null if it cannot be read. */
    private static Line parse(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject o = reader.readObject();
            String kind = o.getString("kind");
            return switch (kind) {
                case "sent" -> new Line(kind, message(o), null, null);
                case "received" -> new Line(kind, message(o), null, WireTime.parse(o.getString("receivedAt")));
                case "delivered" -> new Line(kind, null, o.getString("id"), WireTime.parse(o.getString("deliveredAt")));
                default -> null;
            };
        } catch (RuntimeException unreadable) {
            // not JSON, not an object, a field missing or of the wrong type, a bad time or message
            return null;
        }
    }

    private static ChatMessage message(JsonObject o) {
        return new ChatMessage(o.getString("id"), o.getString("sender"), WireTime.parse(o.getString("sentAt")),
                o.getString("body"), seq(o));
    }

    /** The record's sequence number; 0 for records of older versions, which had none. */
    private static long seq(JsonObject o) {
        JsonNumber n = o.getJsonNumber("seq");
        return n == null ? 0 : n.longValueExact();
    }

    /**
     * Replays what the checkpoint does not hold: the lines after its offset. Only the kind and id
     * of each line are needed to follow the outbox, so a sent message is made whole (and checked)
     * only if it is still in the outbox at the end: most are acknowledged long before. The duplicate
     * filter comes from the file's end, read backwards.
     */
    private static Replay replay(Path file, boolean keepsOutbox) throws IOException {
        Replay replay = new Replay();
        Optional<Checkpoint> checkpoint = Checkpoint.load(file);
        LinkedHashMap<String, JsonObject> unacknowledged = new LinkedHashMap<>();
        Map<String, ChatMessage> fromCheckpoint = new LinkedHashMap<>();
        long from = 0;
        if (checkpoint.isPresent()) {
            Checkpoint c = checkpoint.get();
            from = c.offset();
            c.outbox().forEach(m -> fromCheckpoint.put(m.id(), m));
            replay.lastSentSeq = c.lastSentSeq();
            replay.lastReceivedSeq = c.lastReceivedSeq();
            replay.lastShownSeq = c.lastShownSeq();
            replay.unshown.putAll(c.unshown());
            replay.shownById = c.shownById();
            replay.open = c.open();
        }
        replay.unterminated = readForwards(file, from, line -> {
            replay.linesReplayed++;
            if (line == null) {
                replay.skipped++;
                return;
            }
            String kind;
            String id = null;
            JsonObject o;
            try (JsonReader reader = JSON.createReader(new StringReader(line))) {
                o = reader.readObject();
                kind = o.getString("kind");
                switch (kind) {
                    case "sent", "received" -> {
                        id = o.getString("id");
                        long seq = seq(o);
                        if (kind.equals("sent")) {
                            replay.lastSentSeq = Math.max(replay.lastSentSeq, seq);
                        } else {
                            replay.lastReceivedSeq = Math.max(replay.lastReceivedSeq, seq);
                            if (keepsOutbox && seq > 0) {
                                replay.unshown.put(id, seq);
                            }
                        }
                    }
                    case "delivered" -> {
                        id = o.getString("id");
                        o.getString("deliveredAt"); // present; not parsed, to keep replay fast
                    }
                    case "opened", "closed" -> o.getString("at");
                    case "format" -> o.getString("shown");
                    case "shown" -> {
                        long seq = seq(o);
                        replay.lastShownSeq = Math.max(replay.lastShownSeq, seq);
                        if (o.containsKey("id")) {
                            replay.unshown.remove(o.getString("id"));
                        } else {
                            replay.unshown.values().removeIf(received -> received <= seq);
                        }
                    }
                    default -> {
                    }
                }
            } catch (RuntimeException unreadable) {
                replay.skipped++;
                return;
            }
            switch (kind) {
                case "sent" -> {
                    if (keepsOutbox && !fromCheckpoint.containsKey(id)) {
                        unacknowledged.putIfAbsent(id, o);
                    }
                }
                case "delivered" -> {
                    unacknowledged.remove(id);
                    fromCheckpoint.remove(id);
                }
                case "opened" -> replay.open = true;
                case "closed" -> replay.open = false;
                case "format" -> {
                    if (!replay.shownById) {
                        replay.shownAsOlderVersionsSaw();
                        replay.shownById = true;
                    }
                }
                case "received", "shown" -> {
                }
                default -> replay.skipped++;
            }
        });
        if (!replay.shownById) {
            replay.shownAsOlderVersionsSaw(); // the file does not say it marks by id yet: the first record written here will
        }
        replay.outbox.putAll(fromCheckpoint);
        for (JsonObject o : unacknowledged.values()) {
            try {
                ChatMessage m = message(o);
                replay.outbox.put(m.id(), m);
            } catch (RuntimeException unreadable) {
                replay.skipped++;
            }
        }
        return replay;
    }

    /** Fills the duplicate filter with the ids of the newest received messages, oldest first. */
    private static void recentReceived(Path file, long end, RecentIds into) throws IOException {
        List<String> newestFirst = new ArrayList<>();
        long[] scanned = {0};
        readBackwards(file, end, text -> {
            scanned[0] += text.length() + 1;
            if (text.contains("\"received\"")) {
                try (JsonReader reader = JSON.createReader(new StringReader(text))) {
                    JsonObject o = reader.readObject();
                    if ("received".equals(o.getString("kind"))) {
                        newestFirst.add(o.getString("id"));
                    }
                } catch (RuntimeException unreadable) {
                    // counted by the forward replay if it is after the checkpoint; harmless before it
                }
            }
            return newestFirst.size() < RECENT_IDS && scanned[0] < RECENT_SCAN_BYTES;
        });
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            into.add(newestFirst.get(i));
        }
    }

    @FunctionalInterface
    private interface LineVisitor {
        /** A line without its newline; null for one longer than {@link #MAX_LINE_BYTES}. */
        void line(String text);
    }

    /**
     * Visits every non-blank line from byte {@code from} (the start of a line) to the end.
     *
     * @return whether the file ends without a newline (its last line was cut short)
     */
    private static boolean readForwards(Path file, long from, LineVisitor visitor) throws IOException {
        byte[] buf = new byte[CHUNK];
        byte[] line = new byte[1024];
        int length = 0;
        boolean tooLong = false;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        emit(visitor, line, length, tooLong);
                        length = 0;
                        tooLong = false;
                    } else if (!tooLong) {
                        if (length == MAX_LINE_BYTES) {
                            tooLong = true;
                        } else {
                            if (length == line.length) {
                                line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
                            }
                            line[length++] = b;
                        }
                    }
                }
            }
        }
        boolean unterminated = length > 0 || tooLong;
        if (unterminated) {
            emit(visitor, line, length, tooLong);
        }
        return unterminated;
    }

    private static void emit(LineVisitor visitor, byte[] line, int length, boolean tooLong) {
        if (tooLong) {
            visitor.line(null);
            return;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (!text.isBlank()) {
            visitor.line(text);
        }
    }

    /**
     * Visits the non-blank lines of the first {@code end} bytes from the last to the first, until the
     * visitor returns false. Lines longer than {@link #MAX_LINE_BYTES} are passed over.
     */
    private static void readBackwards(Path file, long end, Predicate<String> visitor) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = end;
            byte[] carry = new byte[0]; // the start of the data read before: the end of a line not yet complete
            boolean skipping = false; // dropping the rest of a line found too long
            while (position > 0) {
                int size = (int) Math.min(CHUNK, position);
                position -= size;
                byte[] buf = new byte[size + carry.length];
                ByteBuffer target = ByteBuffer.wrap(buf, 0, size);
                while (target.hasRemaining()) {
                    if (channel.read(target, position + target.position()) < 0) {
                        throw new IOException("the file shrank while reading it");
                    }
                }
                System.arraycopy(carry, 0, buf, size, carry.length);
                int lineEnd = buf.length;
                for (int i = buf.length - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        if (skipping) {
                            skipping = false;
                        } else if (!visit(visitor, buf, i + 1, lineEnd)) {
                            return;
                        }
                        lineEnd = i;
                    }
                }
                if (lineEnd > MAX_LINE_BYTES) {
                    skipping = true;
                    lineEnd = 0;
                }
                carry = Arrays.copyOf(buf, lineEnd);
            }
            if (!skipping) {
                visit(visitor, carry, 0, carry.length);
            }
        }
    }

    private static boolean visit(Predicate<String> visitor, byte[] buf, int from, int to) {
        if (to - from > MAX_LINE_BYTES) {
            return true;
        }
        String text = new String(buf, from, to - from, StandardCharsets.UTF_8);
        return text.isBlank() || visitor.test(text);
    }
}
