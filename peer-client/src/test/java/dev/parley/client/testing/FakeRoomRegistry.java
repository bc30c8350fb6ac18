package dev.parley.client.testing;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.RoomRegistry;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's room bookkeeping, in-process, for client tests of room messaging: create, join,
 * members and leave, with the JOINED/LEFT events pushed to the other members' clients and the
 * refusals (with their reasons) the registry gives. The real
 * rules are tested against the real registry; this only has to be truthful about membership.
 */
public final class FakeRoomRegistry {
    private final Map<String, TestPeer> online = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Instant>> rooms = new ConcurrentHashMap<>(); // room → member → joinedAt
    private final java.util.Set<String> deaf = ConcurrentHashMap.newKeySet();

    void online(TestPeer peer) {
        online.put(key(peer.name), peer);
    }

    /** From now on this user's client hears no room events, as if they were all late. */
    public void quietTowards(String user) {
        deaf.add(key(user));
    }

    /** Adds a member without telling anyone, as a registry that got ahead of its events would. */
    public synchronized void addQuietly(String room, String user) {
        rooms.computeIfAbsent(key(room), r -> new LinkedHashMap<>()).put(user, Instant.now());
    }

    /**
     * Takes a member out without telling anyone, as the registry does while that user's session has
     * no link (their session ended, or the registry restarted and they were not back in time);
     * the room goes when nobody is left.
     */
    public synchronized void removeQuietly(String room, String user) {
        Map<String, Instant> members = rooms.get(key(room));
        members.remove(user);
        if (members.isEmpty()) {
            rooms.remove(key(room));
        }
    }

    /** This user's view of the registry's rooms: create, join, leave and members; the rest is refused. */
    public RoomRegistry as(String user) {
        return new RefusingRoomRegistry("not in this fake") {
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
            public RoomAnswer leaveRoom(String name) throws ClientException {
                return leave(user, name);
            }

            @Override
            public RoomAnswer roomMembers(String name) throws ClientException {
                return members(user, name);
            }

            @Override
            protected ClientException refused(String request) {
                return new RegistryRefusedException(Status.BAD_REQUEST, "not in this fake: " + request, 0);
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
        Map<String, Instant> members = existing(room);
        if (members.containsKey(user)) {
            throw new RegistryRefusedException(Status.CONFLICT, "you are already in " + room, "already-member");
        }
        members.put(user, Instant.now());
        RegistryEvent joined = new RegistryEvent.RoomJoined(room, member(user, members.get(user)));
        for (String other : members.keySet()) {
            if (!other.equals(user)) {
                tell(other, joined);
            }
        }
        return answer(room, members);
    }

    private synchronized RoomAnswer leave(String user, String room) throws ClientException {
        Map<String, Instant> members = existing(room);
        if (members.remove(user) == null) {
            throw new RegistryRefusedException(Status.NOT_FOUND, "you are not in " + room, "not-member");
        }
        if (members.isEmpty()) {
            rooms.remove(key(room));
        }
        RegistryEvent left = new RegistryEvent.RoomLeft(room, user, RegistryEvent.LeaveReason.LEFT);
        for (String other : members.keySet()) {
            tell(other, left);
        }
        return answer(room, members);
    }

    private synchronized RoomAnswer members(String user, String room) throws ClientException {
        Map<String, Instant> members = existing(room);
        if (!members.containsKey(user)) {
            throw new RegistryRefusedException(Status.FORBIDDEN, "you are not in " + room, "not-member");
        }
        return answer(room, members);
    }

    private Map<String, Instant> existing(String room) throws RegistryRefusedException {
        Map<String, Instant> members = rooms.get(key(room));
        if (members == null) {
            throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, "no-such-room");
        }
        return members;
    }

    private RoomAnswer answer(String room, Map<String, Instant> members) {
        List<RoomMember> list = new ArrayList<>();
        members.forEach((m, at) -> list.add(member(m, at)));
        String host = members.keySet().stream().findFirst().orElse("?");
        return RoomAnswer.of(new RoomView(room, "", 50, members.size(), host, false, false, list, null));
    }

    private RoomMember member(String user, Instant joinedAt) {
        TestPeer p = online.get(key(user));
        return p == null ? new RoomMember(user, Role.MEMBER, joinedAt, false, null, null, null)
                : new RoomMember(user, Role.MEMBER, joinedAt, true, "127.0.0.1", p.port, p.identity.publicKeyText());
    }

    private void tell(String user, RegistryEvent event) {
        TestPeer p = online.get(key(user));
        if (p != null && !deaf.contains(key(user))) {
            p.rooms.registryEvent(event);
        }
    }

    public List<String> members(String room) {
        return List.copyOf(rooms.getOrDefault(key(room), Map.of()).keySet());
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
