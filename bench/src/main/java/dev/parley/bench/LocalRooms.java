package dev.parley.bench;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.RoomRegistry;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.RefusingRoomRegistry;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's room bookkeeping, as little as the room benchmarks need: ROOM_CREATE, ROOM_JOIN
 * (with ROOM_JOINED pushed to the members already in) and ROOM_MEMBERS, answering with room views
 * that carry each member's address, port and identity key as the real registry's do. Who is
 * online, and where, is the same directory the members' peer nodes look callers up in.
 *
 * <p>Members reach it through {@link #registry}, given how their requests travel ({@link Calls}):
 * straight to {@link #call} when they live in this process ({@link RoomMesh}), as frames over a
 * pipe when they live in another ({@link RoomProcesses}). ROOM_JOINED goes wherever {@link Pushes}
 * sends it.
 */
final class LocalRooms {

    /** How a member's room request reaches the bookkeeping; answers as the registry would, or refuses. */
    interface Calls {
        RoomAnswer call(String user, RegistryRequest request) throws ClientException;
    }

    /** Delivers an event to a member's client, as the registry pushes it on that member's link. */
    interface Pushes {
        void push(String user, RegistryEvent event);
    }

    private final Map<String, UserPresence> directory;
    private final Pushes pushes;
    private final Map<String, Map<String, Instant>> rooms = new LinkedHashMap<>(); // room → member → joinedAt

    /** @param directory who is online, by {@link Names#key}: read at each answer, so it may fill up later */
    LocalRooms(Map<String, UserPresence> directory, Pushes pushes) {
        this.directory = directory;
        this.pushes = pushes;
    }

    /** The room requests of {@code user}'s client, sent through {@code calls}; every other request is refused. */
    static RoomRegistry registry(String user, Calls calls) {
        return new RefusingRoomRegistry("not in this benchmark") {
            @Override
            public RoomAnswer createRoom(String name, String password, Integer capacity, String description)
                    throws ClientException {
                return calls.call(user, new RegistryRequest.RoomCreate(name, password, capacity, description));
            }

            @Override
            public RoomAnswer joinRoom(String name, String password) throws ClientException {
                return calls.call(user, new RegistryRequest.RoomJoin(name, password));
            }

            @Override
            public RoomAnswer roomMembers(String name) throws ClientException {
                return calls.call(user, new RegistryRequest.RoomMembers(name));
            }

            @Override
            protected ClientException refused(String request) {
                return new RegistryRefusedException(Status.BAD_REQUEST, "not in this benchmark: " + request, 0);
            }
        };
    }

    /** Answers one of {@code user}'s room requests as the registry would, or refuses it. */
    synchronized RoomAnswer call(String user, RegistryRequest request) throws RegistryRefusedException {
        return switch (request) {
            case RegistryRequest.RoomCreate create -> create(user, create.name());
            case RegistryRequest.RoomJoin join -> join(user, join.name());
            case RegistryRequest.RoomMembers members -> members(user, members.name());
            default -> throw new RegistryRefusedException(Status.BAD_REQUEST,
                    "not in this benchmark: " + request.getClass().getSimpleName(), 0);
        };
    }

    private RoomAnswer create(String user, String room) throws RegistryRefusedException {
        if (rooms.containsKey(key(room))) {
            throw new RegistryRefusedException(Status.CONFLICT, "the room name " + room + " is taken", 0);
        }
        Map<String, Instant> members = new LinkedHashMap<>();
        members.put(user, Instant.now());
        rooms.put(key(room), members);
        return answer(room, members);
    }

    private RoomAnswer join(String user, String room) throws RegistryRefusedException {
        Map<String, Instant> members = rooms.get(key(room));
        if (members == null) {
            throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, 0);
        }
        members.put(user, Instant.now());
        RegistryEvent joined = new RegistryEvent.RoomJoined(room, member(user, members.get(user)));
        for (String other : members.keySet()) {
            if (!other.equals(user) && directory.containsKey(key(other))) {
                pushes.push(other, joined);
            }
        }
        return answer(room, members);
    }

    private RoomAnswer members(String user, String room) throws RegistryRefusedException {
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
        UserPresence u = directory.get(key(user));
        return u == null || !u.online() ? new RoomMember(user, Role.MEMBER, joinedAt, false, null, null, null)
                : new RoomMember(user, Role.MEMBER, joinedAt, true, u.address(), u.peerPort(),
                        u.identityKey().orElse(null));
    }

    private static String key(String s) {
        return Names.key(s);
    }
}
