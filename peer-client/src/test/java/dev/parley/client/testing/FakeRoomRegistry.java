package dev.parley.client.testing;

import dev.parley.client.ClientException;
import dev.parley.client.chat.RoomRegistry;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
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
    private final Map<String, Map<String, String>> rooms = new ConcurrentHashMap<>(); // room → member → joinedAt
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
        rooms.computeIfAbsent(key(room), r -> new LinkedHashMap<>()).put(user, Instant.now().toString());
    }

    /**
     * Takes a member out without telling anyone, as the registry does while that user's session has
     * no link (their session ended, or the registry restarted and they were not back in time);
     * the room goes when nobody is left.
     */
    public synchronized void removeQuietly(String room, String user) {
        Map<String, String> members = rooms.get(key(room));
        members.remove(user);
        if (members.isEmpty()) {
            rooms.remove(key(room));
        }
    }

    public RoomRegistry as(String user) {
        return (type, fields) -> handle(user, type, fields == null ? Frame.object().build() : fields.build());
    }

    private synchronized Frame handle(String user, MessageType type, jakarta.json.JsonObject request)
            throws ClientException {
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
                    throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, "no-such-room");
                }
                if (members.containsKey(user)) {
                    throw new RegistryRefusedException(Status.CONFLICT, "you are already in " + room, "already-member");
                }
                members.put(user, Instant.now().toString());
                for (String other : members.keySet()) {
                    if (!other.equals(user)) {
                        tell(other, Frame.event(MessageType.ROOM_JOINED, Frame.object().add("room", room)
                                .add("member", member(user, members.get(user)))));
                    }
                }
            }
            case ROOM_LEAVE -> {
                if (members == null) {
                    throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, "no-such-room");
                }
                if (members.remove(user) == null) {
                    throw new RegistryRefusedException(Status.NOT_FOUND, "you are not in " + room, "not-member");
                }
                if (members.isEmpty()) {
                    rooms.remove(key(room));
                }
                for (String other : members.keySet()) {
                    tell(other, Frame.event(MessageType.ROOM_LEFT, Frame.object().add("room", room)
                            .add("username", user).add("reason", "left")));
                }
            }
            case ROOM_MEMBERS -> {
                if (members == null) {
                    throw new RegistryRefusedException(Status.NOT_FOUND, "no room named " + room, "no-such-room");
                }
                if (!members.containsKey(user)) {
                    throw new RegistryRefusedException(Status.FORBIDDEN, "you are not in " + room, "not-member");
                }
            }
            default -> throw new RegistryRefusedException(Status.BAD_REQUEST, "not in this fake: " + type, 0);
        }
        return Frame.response("1", Status.OK, "ok", Frame.object().add("room", view(room, members)));
    }

    private JsonObjectBuilder view(String room, Map<String, String> members) {
        JsonArrayBuilder list = Frame.array();
        members.forEach((m, at) -> list.add(member(m, at)));
        String host = members.keySet().stream().findFirst().orElse("?");
        return Frame.object().add("name", room).add("description", "").add("capacity", 50)
                .add("memberCount", members.size()).add("host", host).add("locked", false).add("inviteOnly", false)
                .add("members", list);
    }

    private JsonObjectBuilder member(String user, String joinedAt) {
        TestPeer p = online.get(key(user));
        JsonObjectBuilder b = Frame.object().add("username", user).add("joinedAt", joinedAt).add("online", p != null)
                .add("role", "member");
        if (p != null) {
            b.add("address", "127.0.0.1").add("peerPort", p.port).add("identityKey", p.identity.publicKeyText());
        }
        return b;
    }

    private void tell(String user, Frame event) {
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
