package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code json} example of docs/PROTOCOL.md is a message the records read, and written back
 * it is the same message: no field of an example is one the record does not know (reading alone
 * would ignore it), none the record requires is missing. Requests go through the catalog of their
 * link (the "## Peer link" section is the peer link, the rest the registry link), events through the
 * event catalog, and each answer through the answer record of the request it answers (the request
 * example before it under the same heading; a refusal, status 400 and up, as a {@code Refusal}).
 */
public class ProtocolExamplesTest {
    private static final Path DOC = Path.of("../docs/PROTOCOL.md");
    /**
     * Frames the page writes with a placeholder for a value ({@code "member":<member>}), so not JSON
     * and not read. Only these may be skipped: one more and this test fails, so a new example
     * cannot escape the check by being unreadable.
     */
    private static final int KNOWN_PLACEHOLDER_FRAMES = 1;
    private static final Pattern PLACEHOLDER = Pattern.compile(":\\s*<[a-z][a-z ]*>");
    private static final Set<String> FRAME_FIELDS = Set.of("type", "id", "status", "message");

    /** The answer of a request that has no fields beyond its status and message. */
    public record NoFields() {
    }

    private static final Map<String, Class<? extends Record>> REGISTRY_ANSWERS = Map.ofEntries(
            Map.entry("HELLO", RegistryAnswer.HelloAnswer.class),
            Map.entry("REGISTER", RegistryAnswer.RegisterAnswer.class),
            Map.entry("USERNAME_CHECK", NoFields.class),
            Map.entry("LOGIN", RegistryAnswer.LoginAnswer.class),
            Map.entry("LOGOUT", NoFields.class),
            Map.entry("WHOAMI", RegistryAnswer.WhoamiAnswer.class),
            Map.entry("SEARCH_USER", RegistryAnswer.SearchUserAnswer.class),
            Map.entry("LIST_ONLINE", RegistryAnswer.ListOnlineAnswer.class),
            Map.entry("WATCH", RegistryAnswer.WatchAnswer.class),
            Map.entry("KEEPALIVE", RegistryAnswer.KeepaliveAnswer.class),
            Map.entry("ROOM_CREATE", RegistryAnswer.RoomAnswer.class),
            Map.entry("ROOM_LIST", RegistryAnswer.RoomListAnswer.class),
            Map.entry("ROOM_JOIN", RegistryAnswer.RoomAnswer.class),
            Map.entry("ROOM_LEAVE", RegistryAnswer.RoomAnswer.class),
            Map.entry("ROOM_MEMBERS", RegistryAnswer.RoomAnswer.class),
            Map.entry("ROOM_KICK", NoFields.class),
            Map.entry("ROOM_BAN", NoFields.class),
            Map.entry("ROOM_UPDATE", RegistryAnswer.RoomAnswer.class),
            Map.entry("GROUP_CREATE", RegistryAnswer.RoomAnswer.class),
            Map.entry("ROOM_INVITE_ANSWER", RegistryAnswer.RoomAnswer.class),
            Map.entry("MAIL_DEPOSIT", RegistryAnswer.MailDepositAnswer.class),
            Map.entry("MAIL_FETCH", RegistryAnswer.MailFetchAnswer.class),
            Map.entry("MAIL_ACK", NoFields.class),
            Map.entry("RECEIPT_FETCH", RegistryAnswer.ReceiptFetchAnswer.class),
            Map.entry("RECEIPT_ACK", NoFields.class));

    private static final Map<String, Class<? extends Record>> PEER_ANSWERS = Map.of(
            "HELLO", PeerAnswer.HelloAnswer.class,
            "CHAT_REQUEST", NoFields.class,
            "CHAT_MESSAGE", PeerAnswer.Receipt.class,
            "ROOM_MESSAGE", PeerAnswer.Receipt.class);

    enum Link {
        REGISTRY(RegistryRequest.CATALOG, RegistryEvent.CATALOG, REGISTRY_ANSWERS, RegistryRequest.class, RegistryEvent.class),
        PEER(PeerRequest.CATALOG, PeerEvent.CATALOG, PEER_ANSWERS, PeerRequest.class, PeerEvent.class);

        final MessageCatalog<?> requests;
        final MessageCatalog<?> events;
        final Map<String, Class<? extends Record>> answers;
        final Class<?> requestKind;
        final Class<?> eventKind;

        Link(MessageCatalog<?> requests, MessageCatalog<?> events, Map<String, Class<? extends Record>> answers,
                Class<?> requestKind, Class<?> eventKind) {
            this.requests = requests;
            this.events = events;
            this.answers = answers;
            this.requestKind = requestKind;
            this.eventKind = eventKind;
        }
    }

    /** One JSON text of the page: a block, or one line of a block that holds a frame a line. */
    record Example(int line, Link link, String heading, String prose, String text) {
        String where() {
            return "PROTOCOL.md:" + line + " (" + (heading.isEmpty() ? link : heading) + ")";
        }
    }

    /** What became of one example. */
    record Outcome(Example example, String kind, String type, String failure) {
    }

    private static List<Example> examples;
    private static List<Outcome> outcomes;
    /** The record each example that was read was read as: the route the invalid-text test sends its copies on. */
    private static final Map<Example, Class<? extends Record>> READ_AS = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void readThePage() throws IOException {
        examples = examples(Files.readAllLines(DOC, StandardCharsets.UTF_8));
        outcomes = check(examples);
    }

    @Test
    void everyExampleIsReadByItsRecordAndWrittenBackTheSame() {
        List<String> failures = outcomes.stream().filter(o -> o.failure() != null)
                .map(o -> o.example().where() + ": " + o.failure() + "\n    " + o.example().text()).toList();
        assertEquals("", String.join("\n", failures));
        // The page has examples of every kind on both links; a parser that found none would pass above.
        for (Link link : Link.values()) {
            for (String kind : List.of("request", "answer", "event")) {
                assertTrue(outcomes.stream().anyMatch(o -> o.example().link() == link && kind.equals(o.kind())),
                        link + " has no " + kind + " example");
            }
        }
    }

    @Test
    void onlyTheKnownPlaceholderFramesAreSkipped() {
        List<String> skipped = outcomes.stream().filter(o -> "skipped".equals(o.kind()))
                .map(o -> o.example().where() + ": " + o.example().text()).toList();
        assertEquals(KNOWN_PLACEHOLDER_FRAMES, skipped.size(), "frames not read because of a placeholder:\n"
                + String.join("\n", skipped));
    }

    @Test
    void everyRequestAndEventHasAnExample() {
        for (Link link : Link.values()) {
            assertEquals(Set.of(), missing(link, "request", link.requestKind), link + " requests without an example");
            assertEquals(Set.of(), missing(link, "event", link.eventKind), link + " events without an example");
        }
    }

    @Test
    void everyRequestHasTheRecordOfItsAnswer() {
        for (Link link : Link.values()) {
            assertEquals(wireTypes(link.requestKind), new TreeSet<>(link.answers.keySet()), link.toString());
        }
    }

    /**
     * Every text field of every message the page shows, one at a time, with a lone surrogate in
     * place of its value: each is refused by the codec naming that field, so no receiver ever holds
     * text that cannot be written back as UTF-8. The frame's own fields are the frame's business
     * ({@code id} in {@code FrameCodecTest}).
     */
    @Test
    void everyTextFieldOfEveryExampleRefusesALoneSurrogate() {
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (Map.Entry<Example, Class<? extends Record>> read : READ_AS.entrySet()) {
            JsonObject example = Json.createReader(new StringReader(read.getKey().text())).readObject();
            for (String path : textPaths("", example, example.containsKey("type"))) {
                tried++;
                JsonObject spoiled = (JsonObject) replaced(example, path, Json.createValue("ok\ud800"));
                try {
                    RecordCodec.of(read.getValue()).read(spoiled);
                    accepted.add(read.getKey().where() + ": " + path);
                } catch (InvalidFieldException refused) {
                    assertTrue(refused.getMessage().contains(path.contains("[") && !path.endsWith("]") || !path.contains("[")
                            ? "'" + path + "'" : path), refused.getMessage() + " should name " + path);
                    assertTrue(refused.getMessage().endsWith("is not valid Unicode: a lone surrogate at position 2"),
                            refused.getMessage());
                }
            }
        }
        assertEquals("", String.join("\n", accepted), "text fields that took a lone surrogate");
        assertTrue(tried > 100, "only " + tried + " text fields found in the examples");
    }

    /** The paths of the string values in a JSON value, as the codec names them ({@code members[0].username}, {@code users[1]}). */
    private static List<String> textPaths(String path, JsonValue value, boolean frame) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonString) {
            out.add(path);
        } else if (value instanceof JsonObject o) {
            for (String k : o.keySet()) {
                if (!(frame && FRAME_FIELDS.contains(k))) {
                    out.addAll(textPaths(path.isEmpty() ? k : path + "." + k, o.get(k), false));
                }
            }
        } else if (value instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                out.addAll(textPaths(path + "[" + i + "]", a.get(i), false));
            }
        }
        return out;
    }

    /** A copy of {@code value} with the string at {@code path} replaced. */
    private static JsonValue replaced(JsonValue value, String path, JsonValue with) {
        if (path.isEmpty()) {
            return with;
        }
        int dot = path.indexOf('.');
        int bracket = path.indexOf('[');
        if (value instanceof JsonArray a) {
            int close = path.indexOf(']');
            int i = Integer.parseInt(path.substring(1, close));
            String rest = path.substring(close + 1);
            rest = rest.startsWith(".") ? rest.substring(1) : rest;
            var b = Json.createArrayBuilder(a);
            b.set(i, replaced(a.get(i), rest, with));
            return b.build();
        }
        JsonObject o = (JsonObject) value;
        int end = dot < 0 ? (bracket < 0 ? path.length() : bracket) : (bracket < 0 ? dot : Math.min(dot, bracket));
        String key = path.substring(0, end);
        String rest = end < path.length() && path.charAt(end) == '.' ? path.substring(end + 1) : path.substring(end);
        return Json.createObjectBuilder(o).add(key, replaced(o.get(key), rest, with)).build();
    }

    private static Set<String> missing(Link link, String kind, Class<?> sealed) {
        Set<String> seen = outcomes.stream().filter(o -> o.example().link() == link && kind.equals(o.kind()))
                .map(Outcome::type).collect(Collectors.toSet());
        // A frame skipped for its placeholder still shows the message exists; its type is read from the text.
        outcomes.stream().filter(o -> o.example().link() == link && "skipped".equals(o.kind()))
                .map(o -> typeIn(o.example().text())).forEach(seen::add);
        Set<String> missing = wireTypes(sealed);
        missing.removeAll(seen);
        return missing;
    }

    private static TreeSet<String> wireTypes(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses())
                .map(c -> RecordCodec.of(c.asSubclass(Record.class)).wireType())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String typeIn(String text) {
        var m = Pattern.compile("\"type\":\"([A-Z_]+)\"").matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    // ---- reading the page ----

    private static List<Example> examples(List<String> lines) {
        List<Example> out = new ArrayList<>();
        Link link = Link.REGISTRY;
        String heading = "";
        StringBuilder prose = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                link = line.startsWith("## Peer link") ? Link.PEER : Link.REGISTRY;
                heading = "";
                prose.setLength(0);
            } else if (line.startsWith("### ")) {
                heading = line.substring(4);
                prose.setLength(0);
            } else if (line.strip().equals("```json")) {
                int start = i + 1;
                List<String> block = new ArrayList<>();
                while (!lines.get(++i).strip().equals("```")) {
                    block.add(lines.get(i));
                }
                // A block whose lines each start a JSON object holds a frame a line; otherwise it is one object.
                long starts = block.stream().filter(l -> l.startsWith("{")).count();
                if (starts <= 1) {
                    out.add(new Example(start, link, heading, prose.toString(), String.join("\n", block)));
                } else {
                    for (int j = 0; j < block.size(); j++) {
                        if (!block.get(j).isBlank()) {
                            out.add(new Example(start + j, link, heading, prose.toString(), block.get(j)));
                        }
                    }
                }
                prose.setLength(0);
            } else {
                prose.append(line).append('\n');
            }
        }
        return out;
    }

    // ---- checking each example ----

    private static List<Outcome> check(List<Example> examples) {
        List<Outcome> out = new ArrayList<>();
        String heading = null;
        Frame lastRequest = null;
        for (Example e : examples) {
            if (!e.heading().equals(heading)) {
                heading = e.heading();
                lastRequest = null; // an answer answers a request of its own heading
            }
            JsonObject json;
            try {
                JsonValue v = Json.createReader(new StringReader(e.text())).readValue();
                if (!(v instanceof JsonObject o)) {
                    out.add(new Outcome(e, "failed", null, "not a JSON object"));
                    continue;
                }
                json = o;
            } catch (JsonException notJson) {
                out.add(PLACEHOLDER.matcher(e.text()).find() ? new Outcome(e, "skipped", null, null)
                        : new Outcome(e, "failed", null, "not JSON: " + notJson.getMessage()));
                continue;
            }
            try {
                if (!json.containsKey("type")) {
                    out.add(fragment(e, json));
                    continue;
                }
                Frame f = FrameCodec.decode(e.text().getBytes(StandardCharsets.UTF_8));
                if (f.type().equals("RESPONSE")) {
                    out.add(answer(e, f, lastRequest));
                } else if (f.json().containsKey("id")) {
                    lastRequest = f; // even if refused: the answers after it are still checked against it
                    Record r = (Record) e.link().requests.read(f);
                    READ_AS.put(e, r.getClass());
                    out.add(outcome(e, "request", f.type(), f.json(), Frame.request(f.id().orElseThrow(), r).json()));
                } else {
                    Record r = (Record) e.link().events.read(f);
                    READ_AS.put(e, r.getClass());
                    out.add(outcome(e, "event", f.type(), f.json(), Frame.event(r).json()));
                }
            } catch (InvalidFieldException | MalformedFrameException refused) {
                out.add(new Outcome(e, "failed", null, "refused: " + refused.getMessage()));
            }
        }
        return out;
    }

    /**
     * A part of a message shown on its own: the room view of the room answers, the mail envelope,
     * and the letter an envelope seals (told apart by a field only each has).
     */
    private static Outcome fragment(Example e, JsonObject json) {
        Class<? extends Record> part = json.containsKey("sealed") ? Envelope.class
                : json.containsKey("body") ? Letter.class
                : e.prose().contains("room view") ? RegistryAnswer.RoomView.class : null;
        if (part == null) {
            return new Outcome(e, "failed", null, "an object without a type that is not a room view, envelope or letter");
        }
        return readBack(e, part, json);
    }

    private static <R extends Record> Outcome readBack(Example e, Class<R> part, JsonObject json) {
        RecordCodec<R> codec = RecordCodec.of(part);
        READ_AS.put(e, part);
        return outcome(e, part.getSimpleName(), null, json, codec.toJson(codec.read(json)));
    }

    private static Outcome answer(Example e, Frame f, Frame request) {
        int code = f.json().getInt("status");
        Status status = Status.of(code).orElse(null);
        if (status == null) {
            return new Outcome(e, "failed", null, "status " + code + " is not one of Status");
        }
        if (request != null && !request.id().equals(f.id())) {
            return new Outcome(e, "failed", null, "answers id " + f.id().orElse(null) + " but the request before it has id "
                    + request.id().orElse(null));
        }
        Class<? extends Record> type;
        if (code >= 400) {
            type = RegistryAnswer.Refusal.class;
        } else if (request == null) {
            return new Outcome(e, "failed", null, "a successful answer with no request example before it");
        } else {
            type = e.link().answers.get(request.type());
        }
        Record body = f.as(type);
        READ_AS.put(e, type);
        return outcome(e, "answer", type.getSimpleName(), f.json(),
                Frame.answer(f.id().orElseThrow(), status, f.message(), body).json());
    }

    /** The example read, and written back from its record: the same fields with the same values. */
    private static Outcome outcome(Example e, String kind, String type, JsonObject example, JsonObject written) {
        List<String> differences = new ArrayList<>();
        compare("", example, written, differences);
        return new Outcome(e, kind, type, differences.isEmpty() ? null : String.join("; ", differences));
    }

    private static void compare(String path, JsonValue example, JsonValue written, List<String> differences) {
        if (example instanceof JsonObject a && written instanceof JsonObject b) {
            Set<String> onlyInExample = new TreeSet<>(a.keySet());
            onlyInExample.removeAll(b.keySet());
            Set<String> onlyWritten = new TreeSet<>(b.keySet());
            onlyWritten.removeAll(a.keySet());
            if (!onlyInExample.isEmpty()) {
                differences.add(prefix(path) + "fields the record does not know: " + onlyInExample);
            }
            if (!onlyWritten.isEmpty()) {
                differences.add(prefix(path) + "fields the record adds: " + onlyWritten);
            }
            for (String k : a.keySet()) {
                if (b.containsKey(k)) {
                    compare(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), differences);
                }
            }
        } else if (example instanceof JsonArray a && written instanceof JsonArray b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), differences);
            }
        } else if (!example.equals(written) && !sameInstant(example, written)) {
            differences.add(prefix(path) + example + " in the example, " + written + " written back");
        }
    }

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    /** {@code 14:05:00.000Z} and {@code 14:05:00Z} are one instant: the record keeps the time, not its spelling. */
    private static boolean sameInstant(JsonValue a, JsonValue b) {
        if (a instanceof JsonString x && b instanceof JsonString y) {
            try {
                return Instant.parse(x.getString()).equals(Instant.parse(y.getString()));
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }
}
