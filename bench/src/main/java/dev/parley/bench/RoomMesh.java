package dev.parley.bench;

import dev.parley.client.ClientException;
import dev.parley.client.chat.RoomRegistry;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MEMBERS users in this process, each with the real client's peer side ({@link PeerPair.User}:
 * identity, {@code PeerNode} on its own loopback port, {@code Conversations}, {@code Rooms},
 * {@code PeerRouter}), all in one room. The registry's part is played in-process: a shared
 * directory of who listens where with which key, and {@link LocalRooms}, the room bookkeeping
 * (create, join, members, with ROOM_JOINED pushed to the members already in). Room messages
 * themselves go over real mutually authenticated TLS links on loopback, as between real clients.
 */
final class RoomMesh implements AutoCloseable {
    static final String ROOM = "benchroom";
    /** The body of a bench message starts with {@code #SEQ } so the sender's delivery notice names it. */
    private static final Pattern DELIVERY = Pattern.compile("^delivered to (\\d+) of (\\d+) in #\\S+: \"#(\\d+) ");

    /**
     * A screen that also records each room delivery notice ("delivered to k of n in #room: ...")
     * by the sequence number at the start of the body: "" when every member answered, else the notice.
     */
    static final class RoomScreen extends PeerPair.CountingScreen {
        final Map<Long, String> outcomes = new ConcurrentHashMap<>();

        RoomScreen(String me) {
            super(me);
        }

        @Override
        void noticed(Notice notice) {
            if (notice.kind() != NoticeKind.RECEIPT && notice.kind() != NoticeKind.WARNING) {
                return;
            }
            Matcher m = DELIVERY.matcher(notice.text());
            if (m.find()) {
                boolean all = notice.kind() == NoticeKind.RECEIPT && m.group(1).equals(m.group(2));
                outcomes.put(Long.parseLong(m.group(3)), all ? "" : notice.text());
            }
        }
    }

    /**
     * The registry's room bookkeeping, as little as this benchmark needs: ROOM_CREATE, ROOM_JOIN
     * (with ROOM_JOINED to the members already in) and ROOM_MEMBERS, answering with room views that
     * carry each member's address, port and identity key as the real registry's do.
     */
    static final class LocalRooms {
        private final Map<String, PeerPair.User> online = new ConcurrentHashMap<>();
        private final Map<String, Map<String, String>> rooms = new ConcurrentHashMap<>(); // room → member → joinedAt

        void online(PeerPair.User user) {
            online.put(key(user.name), user);
        }

        RoomRegistry as(String user) {
            return (type, fields) -> handle(user, type, fields == null ? Frame.object().build() : fields.build());
        }

        private synchronized Frame handle(String user, MessageType type, JsonObject request) throws ClientException {
            String room = request.getString("name", "");
            Map<String, String> members = rooms.get(key(room));
            switch (type) {
                case ROOM_CREATE -> {
                    if (members != null) {
                        throw new RegistryRefusedException(Status.CONFLICT, "the room name " + room + " is taken", 0);
                    }
                    members = new LinkedHashMap<>();
                    members.put(user, Instant.now().toString());
                    rooms.put(key(room), members);
                }
                case ROOM_JOIN -> {
                    if (members == null) {
                        throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, 0);
                    }
                    members.put(user, Instant.now().toString());
                    Frame joined = Frame.event(MessageType.ROOM_JOINED, Frame.object().add("room", room)
                            .add("member", member(user, members.get(user))));
                    for (String other : members.keySet()) {
                        PeerPair.User u = online.get(key(other));
                        if (!other.equals(user) && u != null) {
                            u.rooms.registryEvent(joined);
                        }
                    }
                }
                case ROOM_MEMBERS -> {
                    if (members == null || !members.containsKey(user)) {
                        throw new RegistryRefusedException(Status.FORBIDDEN, "you are not in " + room, 0);
                    }
                }
                default -> throw new RegistryRefusedException(Status.BAD_REQUEST, "not in this benchmark: " + type, 0);
            }
            JsonArrayBuilder list = Frame.array();
            members.forEach((m, at) -> list.add(member(m, at)));
            return Frame.response("1", Status.OK, "ok", Frame.object().add("room", Frame.object()
                    .add("name", room).add("description", "").add("capacity", 500).add("memberCount", members.size())
                    .add("host", members.keySet().iterator().next()).add("locked", false).add("inviteOnly", false)
                    .add("members", list)));
        }

        private JsonObjectBuilder member(String user, String joinedAt) {
            PeerPair.User u = online.get(key(user));
            JsonObjectBuilder b = Frame.object().add("username", user).add("joinedAt", joinedAt)
                    .add("online", u != null).add("role", "member");
            if (u != null) {
                b.add("address", "127.0.0.1").add("peerPort", u.port).add("identityKey", u.identity.publicKeyText());
            }
            return b;
        }
    }

    final List<PeerPair.User> members = new ArrayList<>();

    /** Starts {@code count} users under {@code home}; the first creates {@link #ROOM}, the others join it in turn. */
    RoomMesh(Path home, int count) throws IOException, ClientException {
        Map<String, UserPresence> directory = new ConcurrentHashMap<>();
        LocalRooms registry = new LocalRooms();
        for (int i = 0; i < count; i++) {
            String name = String.format("member%02d", i);
            PeerPair.User u = new PeerPair.User(name, home, directory, registry.as(name), new RoomScreen(name));
            registry.online(u);
            members.add(u);
        }
        members.getFirst().rooms.create(ROOM, null, 500, null);
        for (PeerPair.User u : members.subList(1, members.size())) {
            u.rooms.join(ROOM, null);
        }
    }

    static RoomScreen screen(PeerPair.User u) {
        return (RoomScreen) u.screen;
    }

    /** Room messages shown to all members together (each member counts the others' messages). */
    long shown() {
        return members.stream().mapToLong(u -> u.screen.messagesShown.sum()).sum();
    }

    long problems() {
        return members.stream().mapToLong(u -> u.screen.problems.sum()).sum();
    }

    String lastProblem() {
        return members.stream().map(u -> u.screen.lastProblem).filter(p -> p != null).findFirst().orElse(null);
    }

    @Override
    public void close() {
        members.forEach(PeerPair.User::close);
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
