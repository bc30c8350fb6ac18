package dev.parley.registry.cluster;

import dev.parley.registry.cluster.ClusterMessage.Deliver;
import dev.parley.registry.cluster.ClusterMessage.LoginSucceeded;
import dev.parley.registry.cluster.ClusterMessage.PasswordFailed;
import dev.parley.registry.cluster.ClusterMessage.SessionGone;
import dev.parley.registry.cluster.ClusterMessage.SessionSeen;
import dev.parley.registry.cluster.ClusterMessage.Sessions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of cluster messages as bytes. Written by hand rather than left to the container's
 * marshalling, so a node's messages do not depend on how WildFly serialises classes, and a node of
 * another version says so instead of misreading them.
 */
final class ClusterWire {
    /** Bumped when the layout changes; a node refuses batches of another version. */
    static final int VERSION = 4;
    private static final int SESSIONS = 1;
    private static final int SEEN = 2;
    private static final int GONE = 3;
    private static final int DELIVER = 4;
    private static final int PASSWORD_FAILED = 5;
    private static final int LOGIN_SUCCEEDED = 6;
    /** A sanity bound on any count or length read, far above what a node sends. */
    private static final int MAX_COUNT = 10_000_000;

    private ClusterWire() {
    }

    /**
     * One sending node's batch: number {@code sequence} of its {@code stream} to this node (see
     * {@link NodeOutbox}), from the sending process {@code process} (a random id of each start).
     */
    record Batch(String node, long process, long stream, long sequence, List<ClusterMessage> messages) {
    }

    static byte[] write(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            text(out, batch.node());
            out.writeLong(batch.process());
            out.writeLong(batch.stream());
            out.writeLong(batch.sequence());
            List<ClusterMessage> messages = batch.messages();
            out.writeInt(messages.size());
            for (ClusterMessage m : messages) {
                switch (m) {
                    case Sessions s -> {
                        out.writeByte(SESSIONS);
                        out.writeInt(s.sessions().size());
                        for (SessionCard c : s.sessions()) {
                            card(out, c);
                        }
                    }
                    case SessionSeen s -> {
                        out.writeByte(SEEN);
                        card(out, s.session());
                    }
                    case SessionGone g -> {
                        out.writeByte(GONE);
                        text(out, g.username());
                        text(out, g.sessionId());
                    }
                    case Deliver d -> {
                        out.writeByte(DELIVER);
                        out.writeInt(d.sessionIds().size());
                        for (String id : d.sessionIds()) {
                            text(out, id);
                        }
                        text(out, d.frame());
                    }
                    case PasswordFailed f -> {
                        out.writeByte(PASSWORD_FAILED);
                        text(out, f.address());
                        nullableText(out, f.account());
                        out.writeBoolean(f.proven());
                    }
                    case LoginSucceeded l -> {
                        out.writeByte(LOGIN_SUCCEEDED);
                        text(out, l.username());
                        text(out, l.address());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not a batch of this version */
    static Batch read(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("a cluster batch of version " + version + "; this node reads version " + VERSION
                    + " (nodes of one cluster must run the same registry)");
        }
        String node = text(in);
        long process = in.readLong();
        long stream = in.readLong();
        long sequence = in.readLong();
        int count = count(in);
        List<ClusterMessage> messages = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int tag = in.readByte();
            messages.add(switch (tag) {
                case SESSIONS -> {
                    int n = count(in);
                    List<SessionCard> cards = new ArrayList<>(Math.min(n, 1024));
                    for (int j = 0; j < n; j++) {
                        cards.add(card(in));
                    }
                    yield new Sessions(cards);
                }
                case SEEN -> new SessionSeen(card(in));
                case GONE -> new SessionGone(text(in), text(in));
                case DELIVER -> {
                    int n = count(in);
                    List<String> ids = new ArrayList<>(Math.min(n, 1024));
                    for (int j = 0; j < n; j++) {
                        ids.add(text(in));
                    }
                    yield new Deliver(ids, text(in));
                }
                case PASSWORD_FAILED -> new PasswordFailed(text(in), nullableText(in), in.readBoolean());
                case LOGIN_SUCCEEDED -> new LoginSucceeded(text(in), text(in));
                default -> throw new IOException("unknown cluster message " + tag);
            });
        }
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the last cluster message");
        }
        return new Batch(node, process, stream, sequence, messages);
    }

    private static void card(DataOutputStream out, SessionCard c) throws IOException {
        text(out, c.id());
        text(out, c.username());
        nullableText(out, c.identityKey());
        text(out, c.address());
        out.writeInt(c.peerPort() == null ? -1 : c.peerPort());
        out.writeLong(c.since().getEpochSecond());
        out.writeInt(c.since().getNano());
        out.writeBoolean(c.attached());
        byte[] hash = c.resumeTokenHash();
        out.writeInt(hash.length);
        out.write(hash);
        nullableText(out, c.replaces());
    }

    private static SessionCard card(DataInputStream in) throws IOException {
        String id = text(in);
        String username = text(in);
        String identityKey = nullableText(in);
        String address = text(in);
        int port = in.readInt();
        Instant since = Instant.ofEpochSecond(in.readLong(), in.readInt());
        boolean attached = in.readBoolean();
        byte[] hash = new byte[count(in)];
        in.readFully(hash);
        return new SessionCard(id, username, identityKey, address, port < 0 ? null : port, since, attached, hash,
                nullableText(in));
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void nullableText(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            text(out, s);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = new byte[count(in)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String nullableText(DataInputStream in) throws IOException {
        return in.readBoolean() ? text(in) : null;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("a count of " + n + " in a cluster batch");
        }
        return n;
    }
}
