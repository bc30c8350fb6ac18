package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.room.MemberView;
import dev.parley.registry.room.RoomEvent;
import dev.parley.registry.room.RoomView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of rooms, members and room events, in one place for answers and events alike. Where a
 * member can be reached comes from their session now, not from the database.
 */
@ApplicationScoped
public class RoomFrames {
    /** What the rooms of one list answer may take, leaving the rest of the frame for its other fields. */
    static final int PAGE_BYTES = Limits.MAX_ANSWER_BYTES - 8 * 1024;

    @EJB
    private PresenceService presence;

    /** A room view; with {@code members} the member objects, else none. */
    JsonObjectBuilder room(RoomView room, boolean members) {
        JsonObjectBuilder b = summary(room);
        if (members) {
            JsonArrayBuilder list = Frame.array();
            room.members().forEach(m -> list.add(member(m)));
            b.add("members", list);
        }
        return b;
    }

    /** A room view without members but with their names (ROOM_LIST detailed). */
    JsonObjectBuilder roomWithNames(RoomView room) {
        return summary(room).add("memberNames", names(room.memberNames()));
    }

    /** The rooms of one ROOM_LIST page, and how many of the page's rooms are in it. */
    record ListPage(JsonArrayBuilder rooms, int count) {
    }

    /**
     * A page of rooms as one answer carries it: as many of {@code rooms} as fit, in order. 500
     * rooms with the longest descriptions (or with hundreds of member names each) would not fit a
     * frame; the answer then ends early and says that more follow.
     */
    ListPage listPage(List<RoomView> rooms, boolean detailed) {
        JsonArrayBuilder list = Frame.array();
        int bytes = 0;
        int count = 0;
        for (RoomView r : rooms) {
            JsonObject room = (detailed ? roomWithNames(r) : room(r, false)).build();
            int size = room.toString().getBytes(StandardCharsets.UTF_8).length + 1;
            if (count > 0 && bytes + size > PAGE_BYTES) {
                break;
            }
            list.add(room);
            bytes += size;
            count++;
        }
        return new ListPage(list, count);
    }

    /**
     * A member object. Members are online but for two waits: one whose link just dropped and may
     * still resume, and one from before a registry restart who has not logged in again yet (see
     * RoomSweep). Both are shown offline, without an address.
     */
    JsonObjectBuilder member(MemberView m) {
        JsonObjectBuilder b = Frame.object()
                .add("username", m.username())
                .add("role", m.role().word())
                .add("joinedAt", m.joinedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        Optional<Session> session = presence.online(m.username());
        b.add("online", session.isPresent());
        session.ifPresent(s -> b.add("address", s.address()).add("peerPort", s.peerPort()));
        String key = session.map(Session::identityKey).orElse(m.identityKey());
        if (key != null) {
            b.add("identityKey", key);
        }
        return b;
    }

    /** The frame of a room event: the same for every recipient. */
    Frame event(RoomEvent event) {
        return switch (event) {
            case RoomEvent.MemberJoined e -> Frame.event(MessageType.ROOM_JOINED, Frame.object()
                    .add("room", e.room()).add("member", member(e.member())));
            case RoomEvent.MemberLeft e -> Frame.event(MessageType.ROOM_LEFT, Frame.object()
                    .add("room", e.room()).add("username", e.username()).add("reason", e.reason().word()));
            case RoomEvent.HostChanged e -> Frame.event(MessageType.ROOM_HOST, Frame.object()
                    .add("room", e.room()).add("host", e.host()));
            case RoomEvent.RoomUpdated e -> Frame.event(MessageType.ROOM_UPDATED, Frame.object()
                    .add("room", e.room()).add("description", orEmpty(e.description())).add("locked", e.locked()));
            case RoomEvent.Invited e -> Frame.event(MessageType.ROOM_INVITATION, Frame.object()
                    .add("room", e.room()).add("from", e.from())
                    .add("members", names(e.members())).add("invited", names(e.invited())));
            case RoomEvent.InvitationAnswered e -> Frame.event(MessageType.ROOM_INVITATION_ANSWER, Frame.object()
                    .add("room", e.room()).add("username", e.username()).add("accepted", e.accepted()));
        };
    }

    static JsonArrayBuilder names(List<String> names) {
        JsonArrayBuilder b = Frame.array();
        names.forEach(b::add);
        return b;
    }

    private static JsonObjectBuilder summary(RoomView room) {
        return Frame.object()
                .add("name", room.name())
                .add("description", orEmpty(room.description()))
                .add("capacity", room.capacity())
                .add("memberCount", room.memberCount())
                .add("host", room.host())
                .add("locked", room.locked())
                .add("inviteOnly", room.inviteOnly());
    }

    /** A room without a description shows an empty one: the field is always there. */
    private static String orEmpty(String description) {
        return description == null ? "" : description;
    }
}
