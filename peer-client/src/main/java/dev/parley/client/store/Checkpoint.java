package dev.parley.client.store;

import dev.parley.client.PrivateFiles;
import dev.parley.protocol.WireTime;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What replaying a conversation file up to {@code offset} gives, saved beside it
 * ({@code bob.jsonl.state}) so that opening a long conversation reads only what was appended
 * since: the outbox, the last sequence numbers each way (and the last shown), the peer's messages
 * stored and not yet shown, whether the file's shown marks name messages yet, and whether the
 * conversation is open.
 *
 * <p>The file is only a shortcut. It is written to a temporary file, synced and renamed over the
 * old one, so it is whole or absent; it names the last bytes before its offset, and one that does
 * not match its conversation file (cut short, replaced) is ignored and the whole file is replayed.
 */
record Checkpoint(long offset, byte[] tail, List<ChatMessage> outbox, long lastSentSeq, long lastReceivedSeq,
        long lastShownSeq, Map<String, Long> unshown, boolean shownById, boolean open) {
    /** How many bytes before the offset identify the conversation file it was taken of. */
    static final int TAIL_BYTES = 64;
    private static final JsonProvider JSON = JsonProvider.provider();
    /**
     * 2 since the unshown messages are named by id; a version 1 checkpoint (or a version 2 one
     * without {@code shownById}, written before that field) is ignored and the file replayed whole.
     */
    private static final int VERSION = 2;

    static Path fileOf(Path conversation) {
        return conversation.resolveSibling(conversation.getFileName() + ".state");
    }

    /** The saved checkpoint of {@code conversation} if there is one that still matches it. */
    static Optional<Checkpoint> load(Path conversation) {
        String text;
        try {
            text = Files.readString(fileOf(conversation), StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        Checkpoint c;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject o = reader.readObject();
            if (o.getInt("version") != VERSION) {
                return Optional.empty();
            }
            List<ChatMessage> outbox = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("outbox")) {
                JsonObject m = v.asJsonObject();
                outbox.add(new ChatMessage(m.getString("id"), m.getString("sender"), WireTime.parse(m.getString("sentAt")),
                        m.getString("body"), m.getJsonNumber("seq").longValueExact()));
            }
            Map<String, Long> unshown = new LinkedHashMap<>();
            for (JsonValue v : o.getJsonArray("unshown")) {
                JsonObject m = v.asJsonObject();
                unshown.put(m.getString("id"), m.getJsonNumber("seq").longValueExact());
            }
            c = new Checkpoint(o.getJsonNumber("offset").longValueExact(), HexFormat.of().parseHex(o.getString("tail")),
                    outbox, o.getJsonNumber("lastSentSeq").longValueExact(),
                    o.getJsonNumber("lastReceivedSeq").longValueExact(), o.getJsonNumber("lastShownSeq").longValueExact(),
                    unshown, o.getBoolean("shownById"), o.getBoolean("open"));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        return c.matches(conversation) ? Optional.of(c) : Optional.empty();
    }

    /** The last bytes before {@code offset} of {@code conversation}, which a checkpoint there names. */
    static byte[] tailOf(FileChannel file, long offset) throws IOException {
        int n = (int) Math.min(TAIL_BYTES, offset);
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (file.read(buf, offset - n + buf.position()) < 0) {
                throw new IOException("the file is shorter than the checkpoint's offset");
            }
        }
        return buf.array();
    }

    /** Writes this checkpoint beside {@code conversation}, whole or not at all. */
    void save(Path conversation) throws IOException {
        JsonArrayBuilder box = JSON.createArrayBuilder();
        for (ChatMessage m : outbox) {
            box.add(JSON.createObjectBuilder().add("id", m.id()).add("sender", m.sender())
                    .add("sentAt", m.sentAt().toString()).add("body", m.body()).add("seq", m.seq()));
        }
        JsonArrayBuilder notShown = JSON.createArrayBuilder();
        unshown.forEach((id, seq) -> notShown.add(JSON.createObjectBuilder().add("id", id).add("seq", seq)));
        String text = JSON.createObjectBuilder().add("version", VERSION).add("offset", offset)
                .add("tail", HexFormat.of().formatHex(tail)).add("lastSentSeq", lastSentSeq)
                .add("lastReceivedSeq", lastReceivedSeq).add("lastShownSeq", lastShownSeq).add("open", open).add("outbox", box).add("unshown", notShown).add("shownById", shownById).build().toString();
        PrivateFiles.replace(fileOf(conversation), text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean matches(Path conversation) {
        try (FileChannel file = FileChannel.open(conversation, StandardOpenOption.READ)) {
            return offset >= 0 && offset <= file.size() && Arrays.equals(tail, tailOf(file, offset));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
