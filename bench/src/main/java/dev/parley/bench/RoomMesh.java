package dev.parley.bench;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.RoomRegistry;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.testing.RefusingRoomRegistry;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        private final Map<String, Map<String, Instant>> rooms = new ConcurrentHashMap<>(); // room → member → joinedAt

        void online(PeerPair.User user) {
            online.put(key(user.name), user);
        }

        RoomRegistry as(String user) {
            return new RefusingRoomRegistry("not in this benchmark") {
                @Override
                public RoomAnswer createRoom(String name, String password, Integer capacity, String description)
                        throws ClientException {
                    return create(user, name);
                }

                @Override
                public RoomAnswer joinRoom(String name, String password) throws ClientException {
                    return join(user, name);
                }

                @Override
                public RoomAnswer roomMembers(String name) throws ClientException {
                    return members(user, name);
                }

                @Override
                protected ClientException refused(String request) {
                    return new RegistryRefusedException(Status.BAD_REQUEST, "not in this benchmark: " + request, 0);
                }
            };
        }

        private synchronized RoomAnswer create(String user, String room) throws ClientException {
            if (rooms.containsKey(key(room))) {
                throw new RegistryRefusedException(Status.CONFLICT, "the room name " + room + " is taken", 0);
            }
            Map<String, Instant> members = new LinkedHashMap<>();
            members.put(user, Instant.now());
            rooms.put(key(room), members);
            return answer(room, members);
        }

        private synchronized RoomAnswer join(String user, String room) throws ClientException {
            Map<String, Instant> members = rooms.get(key(room));
            if (members == null) {
                throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, 0);
            }
            members.put(user, Instant.now());
            RegistryEvent joined = new RegistryEvent.RoomJoined(room, member(user, members.get(user)));
            for (String other : members.keySet()) {
                PeerPair.User u = online.get(key(other));
                if (!other.equals(user) && u != null) {
                    u.rooms.registryEvent(joined);
                }
            }
            return answer(room, members);
        }

        private synchronized RoomAnswer members(String user, String room) throws ClientException {
            Map<String, Instant> members = rooms.get(key(room));
            if (members == null || !members.containsKey(user)) {
                throw new RegistryRefusedException(Status.FORBIDDEN, "you are not in " + room, 0);
            }
            return answer(room, members);
        }

        private RoomAnswer answer(String room, Map<String, Instant> members) {
            List<RoomMember> list = new ArrayList<>();
            members.forEach((m, at) -> list.add(member(m, at)));
            return RoomAnswer.of(new RoomView(room, "", 500, members.size(), members.keySet().iterator().next(), false,
                    false, list, null));
        }

        private RoomMember member(String user, Instant joinedAt) {
            PeerPair.User u = online.get(key(user));
            return u == null ? new RoomMember(user, Role.MEMBER, joinedAt, false, null, null, null)
                    : new RoomMember(user, Role.MEMBER, joinedAt, true, "127.0.0.1", u.port, u.identity.publicKeyText());
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
        return Names.key(s);
    }
}
