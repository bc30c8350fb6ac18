package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Limits;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.room.MemberView;
import dev.parley.registry.room.RoomEvent;
import dev.parley.registry.room.RoomView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Rooms, members and room events as the protocol's records, in one place for answers and events
 * alike. Where a member can be reached comes from their session now, not from the database.
 */
@ApplicationScoped
public class RoomFrames {
    /** What the rooms of one list answer may take, leaving the rest of the frame for its other fields. */
    static final int PAGE_BYTES = Limits.MAX_ANSWER_BYTES - 8 * 1024;
    private static final RecordCodec<RegistryAnswer.RoomView> ROOM_VIEW = RecordCodec.of(RegistryAnswer.RoomView.class);

    @EJB
    private PresenceService presence;

    /** A room view with its members. */
    RegistryAnswer.RoomView room(RoomView room) {
        List<RoomMember> members = new ArrayList<>(room.members().size());
        for (MemberView m : room.members()) {
            members.add(member(m));
        }
        return view(room, members, null);
    }

    /** The rooms of one ROOM_LIST page, and how many of the page's rooms are in it. */
    record ListPage(List<RegistryAnswer.RoomView> rooms, int count) {
    }

    /**
     * A page of rooms as one answer carries it: as many of {@code rooms} as fit, in order, each
     * without members, with their names when {@code detailed}. 500 rooms with the longest
     * descriptions (or with hundreds of member names each) would not fit a frame; the answer then
     * ends early and says that more follow.
     */
    ListPage listPage(List<RoomView> rooms, boolean detailed) {
        List<RegistryAnswer.RoomView> list = new ArrayList<>(rooms.size());
        int bytes = 0;
        for (RoomView r : rooms) {
            RegistryAnswer.RoomView room = view(r, null, detailed ? r.memberNames() : null);
            int size = encodedSize(room) + 1; // and the comma after it
            if (!list.isEmpty() && bytes + size > PAGE_BYTES) {
                break;
            }
            list.add(room);
            bytes += size;
        }
        return new ListPage(list, list.size());
    }

    /** The bytes a room view takes in a frame: its JSON text in UTF-8. */
    static int encodedSize(RegistryAnswer.RoomView room) {
        String json = ROOM_VIEW.toJson(room).toString();
        int bytes = json.length();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x80) {
                // 2 bytes to U+07FF, 3 beyond; a surrogate pair (2 chars) is 4 bytes.
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    /**
     * A member. Members are online but for two waits: one whose link just dropped and may still
     * resume, and one from before a registry restart who has not logged in again yet (see
     * RoomSweep). Both are shown offline, without an address.
     */
    RoomMember member(MemberView m) {
        Session s = presence.online(m.username()).orElse(null);
        String key = s != null && s.identityKey() != null ? s.identityKey() : m.identityKey();
        return new RoomMember(m.username(), ProtocolEnums.role(m.role()), m.joinedAt().truncatedTo(ChronoUnit.SECONDS),
                s != null, s == null ? null : s.address(), s == null ? null : s.peerPort(), key);
    }

    /** The frame of a room event: the same for every recipient. */
    Frame event(RoomEvent event) {
        return Frame.event(switch (event) {
            case RoomEvent.MemberJoined e -> new RegistryEvent.RoomJoined(e.room(), member(e.member()));
            case RoomEvent.MemberLeft e -> new RegistryEvent.RoomLeft(e.room(), e.username(),
                    ProtocolEnums.reason(e.reason()));
            case RoomEvent.HostChanged e -> new RegistryEvent.RoomHost(e.room(), e.host());
            case RoomEvent.RoomUpdated e -> new RegistryEvent.RoomUpdated(e.room(), orEmpty(e.description()), e.locked());
            case RoomEvent.Invited e -> new RegistryEvent.RoomInvitation(e.room(), e.from(), e.members(), e.invited());
            case RoomEvent.InvitationAnswered e -> new RegistryEvent.RoomInvitationAnswer(e.room(), e.username(),
                    e.accepted());
        });
    }

    private static RegistryAnswer.RoomView view(RoomView room, List<RoomMember> members, List<String> memberNames) {
        return new RegistryAnswer.RoomView(room.name(), orEmpty(room.description()), room.capacity(), room.memberCount(),
                room.host(), room.locked(), room.inviteOnly(), members, memberNames);
    }

    /** A room without a description shows an empty one: the field is always there. */
    private static String orEmpty(String description) {
        return description == null ? "" : description;
    }
}
