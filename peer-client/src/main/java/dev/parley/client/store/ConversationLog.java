package dev.parley.client.store;

import dev.parley.client.Diagnostics;
import dev.parley.client.chat.ChatMessage;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One conversation with one peer, kept on disk: the timestamped history of every message sent and
 * received, which is also the outbox (messages sent and not yet acknowledged) and the receiver's
 * duplicate filter. One instance per file; its methods may be called from any thread.
 *
 * <h2>File format</h2>
 * UTF-8 JSON Lines, append-only, owner-only ({@code rw-------}). Each line is one object whose
 * {@code kind} says what happened; times are ISO-8601 instants ({@link Instant#toString()}):
 * <pre>
 * {"kind":"sent","id":"…","sender":"alice","sentAt":"…","body":"…"}
 * {"kind":"received","id":"…","sender":"bob","sentAt":"…","receivedAt":"…","body":"…"}
 * {"kind":"delivered","id":"…","deliveredAt":"…"}
 * </pre>
 * {@code sent}: a message we wrote (sender is us, {@code sentAt} our clock). {@code received}: a
 * message from the peer ({@code sentAt} their clock, {@code receivedAt} ours). {@code delivered}:
 * the peer acknowledged the sent message with that id. A sent message with no later
 * {@code delivered} line is pending: it is resent on reconnect. A failed attempt is not recorded;
 * the message simply stays pending. Lines that cannot be read (a last line cut short by a crash,
 * garbage, a kind this version does not know) are skipped and counted, never fatal.
 *
 * <p>Appends go through a buffer: call {@link #flush()} when the caller's queue drains, and
 * {@link #close()} at the end. Call {@link #sent} before the message goes on the wire, so that its
 * acknowledgement always finds it pending. The file is never rewritten; opening it replays it once
 * from start to end.
 */
public final class ConversationLog implements Closeable, Flushable {
    /** How many recently received ids the duplicate filter remembers. */
    public static final int RECENT_IDS = 10_000;
    /** Longest line read back; a real record is far shorter (a body is at most 4000 characters). */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final String EXTENSION = ".jsonl";
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int CHUNK = 64 * 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

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

    private final Path file;
    private final Clock clock;
    private final Writer out;
    private final LinkedHashMap<String, ChatMessage> pending;
    private final LinkedHashSet<String> recentlyReceived;
    private final int skippedLines;
    private final Object lock = new Object();
    /** The line being written; reused under the lock. */
    private final StringBuilder line = new StringBuilder(256);
    private boolean closed;

    private ConversationLog(Path file, Clock clock, Writer out, Replay replay) {
        this.file = file;
        this.clock = clock;
        this.out = out;
        this.pending = replay.pending;
        this.recentlyReceived = replay.received;
        this.skippedLines = replay.skipped;
    }

    /**
     * The file name of the conversation with this user: the username in lower case (usernames are
     * unique regardless of case) and {@code .jsonl}. Room conversations will get names of their own
     * ({@code #room}); anything else is refused.
     *
     * @throws IllegalArgumentException if {@code peer} is not a valid username, so never a path
     */
    public static String fileName(String peer) {
        Credentials.usernameProblem(peer).ifPresent(p -> {
            throw new IllegalArgumentException("not a username: " + p);
        });
        return peer.toLowerCase(Locale.ROOT) + EXTENSION;
    }

    /**
     * Opens the conversation kept in {@code file}, creating it (owner-only) if needed, and replays
     * it: the pending messages and the recently received ids come back as they were.
     *
     * @param clock the time of {@link #received(ChatMessage)} and {@link #delivered(String)}
     */
    public static ConversationLog open(Path file, Clock clock) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException exists) {
            if (posix) {
                ownerOnly(file);
            }
        }
        Replay replay = replay(file);
        OutputStreamWriter encoder = new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.APPEND), StandardCharsets.UTF_8);
        Writer out = new BufferedWriter(encoder, CHUNK);
        if (replay.unterminated) {
            // a crash cut the last line short: end it, so the next record starts on a line of its own
            out.write('\n');
        }
        return new ConversationLog(file, clock, out, replay);
    }

    public Path file() {
        return file;
    }

    /** How many lines of the file could not be read when it was opened (say so once, then carry on). */
    public int skippedLines() {
        return skippedLines;
    }

    /**
     * Records a message we are sending; it is pending until {@link #delivered}.
     *
     * @throws IllegalArgumentException if a message with this id is already pending
     */
    public void sent(ChatMessage m) throws IOException {
        synchronized (lock) {
            if (pending.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("message " + m.id() + " is already pending");
            }
            append("kind", "sent", "id", m.id(), "sender", m.sender(), "sentAt", m.sentAt().toString(), "body", m.body());
        }
    }

    /** {@link #received(ChatMessage, Instant)} at the clock's time now. */
    public boolean received(ChatMessage m) throws IOException {
        return received(m, now());
    }

    /**
     * Records a message from the peer, unless it is a repeat of one recently received.
     *
     * @return true if it is new (show it), false for a duplicate (nothing recorded; acknowledge it again)
     */
    public boolean received(ChatMessage m, Instant receivedAt) throws IOException {
        synchronized (lock) {
            if (!remember(recentlyReceived, m.id())) {
                return false;
            }
            append("kind", "received", "id", m.id(), "sender", m.sender(), "sentAt", m.sentAt().toString(),
                    "receivedAt", receivedAt.toString(), "body", m.body());
            return true;
        }
    }

    /** {@link #delivered(String, Instant)} at the clock's time now. */
    public Optional<ChatMessage> delivered(String id) throws IOException {
        return delivered(id, now());
    }

    /**
     * Records the peer's acknowledgement of a pending message.
     *
     * @return the message now delivered, or empty (and nothing recorded) if no pending message has
     *     this id: unknown, or already acknowledged
     */
    public Optional<ChatMessage> delivered(String id, Instant at) throws IOException {
        synchronized (lock) {
            ChatMessage m = pending.remove(id);
            if (m == null) {
                return Optional.empty();
            }
            append("kind", "delivered", "id", id, "deliveredAt", at.toString());
            return Optional.of(m);
        }
    }

    /** The sent messages not acknowledged yet, in the order they were sent: the outbox. */
    public List<ChatMessage> pending() {
        synchronized (lock) {
            return List.copyOf(pending.values());
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
            end = Files.size(file);
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

    /** Flushes and closes the file; further appends fail, {@link #last} still reads it. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            out.close();
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

    /**
     * Writes one record, {@code names[i]: values[i]} alternating, all strings, as one JSON line.
     * Written directly because building a JSON object first was a quarter of a busy client's CPU.
     * Called under the lock.
     */
    private void append(String... namesAndValues) throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        b.append('{');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, namesAndValues[i]);
            b.append(':');
            quote(b, namesAndValues[i + 1]);
        }
        b.append("}\n");
        out.append(b);
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped, the rest as it is. */
    private static void quote(StringBuilder b, String s) {
        b.append('"');
        int plain = 0; // most text needs no escapes: copy it whole, up to the first that does
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        b.append(s, 0, plain);
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

    /** Adds the id, forgetting the oldest beyond {@link #RECENT_IDS}; false if it was already there. */
    private static boolean remember(LinkedHashSet<String> ids, String id) {
        if (!ids.add(id)) {
            return false;
        }
        if (ids.size() > RECENT_IDS) {
            ids.removeFirst();
        }
        return true;
    }

    private static void ownerOnly(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        if (!owner.containsAll(perms)) {
            perms.retainAll(owner);
            Files.setPosixFilePermissions(file, perms);
        }
    }

    // ---- reading

    /** One readable line: a sent or received message, or a delivery (id and time only). */
    private record Line(String kind, ChatMessage message, String id, Instant at) {
    }

    private static final class Replay {
        final LinkedHashMap<String, ChatMessage> pending = new LinkedHashMap<>();
        final LinkedHashSet<String> received = new LinkedHashSet<>();
        int skipped;
        boolean unterminated;
    }

    /** The line as a record, or null if it cannot be read. */
    private static Line parse(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject o = reader.readObject();
            String kind = o.getString("kind");
            return switch (kind) {
                case "sent" -> new Line(kind, message(o), null, null);
                case "received" -> new Line(kind, message(o), null, Instant.parse(o.getString("receivedAt")));
                case "delivered" -> new Line(kind, null, o.getString("id"), Instant.parse(o.getString("deliveredAt")));
                default -> null;
            };
        } catch (RuntimeException unreadable) {
            // not JSON, not an object, a field missing or of the wrong type, a bad time or message
            return null;
        }
    }

    private static ChatMessage message(JsonObject o) {
        return new ChatMessage(o.getString("id"), o.getString("sender"), Instant.parse(o.getString("sentAt")),
                o.getString("body"));
    }

    /**
     * Reads the file once from the start. Only the kind and id of each line are needed to follow the
     * state, so a sent message is made whole (and checked) only if it is still pending at the end:
     * most are acknowledged long before.
     */
    private static Replay replay(Path file) throws IOException {
        Replay replay = new Replay();
        LinkedHashMap<String, JsonObject> unacknowledged = new LinkedHashMap<>();
        replay.unterminated = readForwards(file, line -> {
            if (line == null) {
                replay.skipped++;
                return;
            }
            String kind;
            String id;
            JsonObject o;
            try (JsonReader reader = JSON.createReader(new StringReader(line))) {
                o = reader.readObject();
                kind = o.getString("kind");
                id = o.getString("id");
                if (kind.equals("delivered")) {
                    o.getString("deliveredAt"); // present; not parsed, to keep replay fast
                }
            } catch (RuntimeException unreadable) {
                replay.skipped++;
                return;
            }
            switch (kind) {
                case "sent" -> unacknowledged.putIfAbsent(id, o);
                case "received" -> remember(replay.received, id);
                case "delivered" -> unacknowledged.remove(id);
                default -> replay.skipped++;
            }
        });
        for (JsonObject o : unacknowledged.values()) {
            try {
                ChatMessage m = message(o);
                replay.pending.put(m.id(), m);
            } catch (RuntimeException unreadable) {
                replay.skipped++;
            }
        }
        return replay;
    }

    @FunctionalInterface
    private interface LineVisitor {
        /** A line without its newline; null for one longer than {@link #MAX_LINE_BYTES}. */
        void line(String text);
    }

    /**
     * Visits every non-blank line from the start.
     *
     * @return whether the file ends without a newline (its last line was cut short)
     */
    private static boolean readForwards(Path file, LineVisitor visitor) throws IOException {
        byte[] buf = new byte[CHUNK];
        byte[] line = new byte[1024];
        int length = 0;
        boolean tooLong = false;
        try (InputStream in = Files.newInputStream(file)) {
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
