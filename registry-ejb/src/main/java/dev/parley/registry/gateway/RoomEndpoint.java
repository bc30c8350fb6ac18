package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.RoomRules;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryRequest.GroupCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomBan;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomInviteAnswer;
import dev.parley.protocol.registry.RegistryRequest.RoomJoin;
import dev.parley.protocol.registry.RegistryRequest.RoomKick;
import dev.parley.protocol.registry.RegistryRequest.RoomLeave;
import dev.parley.protocol.registry.RegistryRequest.RoomList;
import dev.parley.protocol.registry.RegistryRequest.RoomMembers;
import dev.parley.protocol.registry.RegistryRequest.RoomUpdate;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.registry.room.Departure;
import dev.parley.registry.room.GroupCreated;
import dev.parley.registry.room.RoomPage;
import dev.parley.registry.room.RoomService;
import dev.parley.registry.room.RoomView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Turns each room request into a {@link RoomService} call and its result into a response; no rule of its own. */
@ApplicationScoped
public class RoomEndpoint {
    private static final int DEFAULT_PAGE = 100;
    /** ROOM_LEAVE's answer when the room went with its last member. */
    private static final RoomAnswer DELETED = new RoomAnswer(null, null, null, true);

    @EJB
    private RoomService rooms;
    @Inject
    private RoomFrames frames;

    /** Every room request: their refusals carry a machine-readable reason. */
    private static final Set<Class<? extends RegistryRequest>> ROOM_REQUESTS = Set.of(RoomCreate.class, RoomList.class,
            RoomJoin.class, RoomLeave.class, RoomMembers.class, RoomKick.class, RoomBan.class, RoomUpdate.class,
            GroupCreate.class, RoomInviteAnswer.class);

    /** Whether requests of this kind are room requests, refused with a reason (a field that cannot be read: {@code invalid}). */
    static boolean isRoomRequest(Class<? extends RegistryRequest> kind) {
        return ROOM_REQUESTS.contains(kind);
    }

    // Each answers one room request of the logged-in {@code username}; refusals are thrown as {@code RequestRefused}.

    Frame create(String username, String id, RoomCreate request) {
        RoomView room = rooms.create(username, request.name(), request.password(),
                request.capacity() == null ? RoomRules.CAPACITY_DEFAULT : request.capacity(), request.description());
        return Frame.answer(id, Status.CREATED, "room " + room.name() + " created", withRoom(room));
    }

    Frame list(String username, String id, RoomList request) {
        boolean detailed = Boolean.TRUE.equals(request.detailed());
        int offset = request.offset() == null ? 0 : request.offset();
        int limit = request.limit() == null ? DEFAULT_PAGE : request.limit();
        // Counted unless declined: clients that page with "more" need no count of every room.
        boolean withTotal = !Boolean.FALSE.equals(request.total());
        RoomPage found = rooms.list(username, offset, limit, detailed, withTotal);
        RoomFrames.ListPage fitted = frames.listPage(found.rooms(), detailed);
        // A page cut to fit one answer has more after it; the client asks again from where it ends.
        RoomPage page = new RoomPage(found.total(), found.offset(),
                found.more() || fitted.count() < found.rooms().size(), found.rooms().subList(0, fitted.count()));
        return Frame.answer(id, Status.OK, listMessage(page), new RoomListAnswer(
                page.total().isPresent() ? page.total().getAsInt() : null, page.offset(), page.more(), fitted.rooms()));
    }

    /** "3 rooms" (all there are) when counted, else the page's place: "rooms 101 to 200; more follow". */
    private static String listMessage(RoomPage page) {
        int size = page.rooms().size();
        if (page.total().isPresent() || (size == 0 && page.offset() == 0)) {
            int total = page.total().orElse(0);
            return total + (total == 1 ? " room" : " rooms");
        }
        if (size == 0) {
            return "no rooms past the first " + page.offset();
        }
        return "rooms " + (page.offset() + 1) + " to " + (page.offset() + size) + (page.more() ? "; more follow" : "");
    }

    Frame join(Link link, String username, String id, RoomJoin request) {
        RoomView room = rooms.join(username, request.name(), request.password(), link.address());
        return Frame.answer(id, Status.OK, "joined " + room.name(), withRoom(room));
    }

    Frame leave(String username, String id, RoomLeave request) {
        Departure d = rooms.leave(username, request.name());
        return Frame.answer(id, Status.OK, "left " + d.room(), d.deleted() ? DELETED : null);
    }

    Frame members(String username, String id, RoomMembers request) {
        RoomView room = rooms.members(username, request.name());
        return Frame.answer(id, Status.OK, room.memberCount() + (room.memberCount() == 1 ? " member" : " members")
                + " in " + room.name(), withRoom(room));
    }

    Frame kick(String username, String id, RoomKick request) {
        Departure d = rooms.kick(username, request.name(), request.username());
        return Frame.answer(id, Status.OK, d.username() + " was kicked from " + d.room());
    }

    Frame ban(String username, String id, RoomBan request) {
        Departure d = rooms.ban(username, request.name(), request.username());
        return Frame.answer(id, Status.OK, (d.someoneLeft() ? d.username() : request.username()) + " is banned from "
                + d.room());
    }

    Frame update(String username, String id, RoomUpdate request) {
        RoomView room = rooms.update(username, request.name(), request.description(), request.password(),
                Boolean.TRUE.equals(request.clearPassword()));
        return Frame.answer(id, Status.OK, room.name() + " updated", withRoom(room));
    }

    Frame group(String username, String id, GroupCreate request) {
        GroupCreated group = rooms.createGroup(username, request.usernames());
        String name = group.room().name();
        return Frame.answer(id, Status.CREATED, "room " + name + " created; " + group.invited().size() + " invited",
                new RoomAnswer(frames.room(group.room()), group.invited(), group.offline(), null));
    }

    Frame answer(String username, String id, RoomInviteAnswer request) {
        if (request.accept()) {
            RoomView room = rooms.accept(username, request.name());
            return Frame.answer(id, Status.OK, "joined " + room.name(), withRoom(room));
        }
        rooms.decline(username, request.name());
        return Frame.answer(id, Status.OK, "declined");
    }

    private RoomAnswer withRoom(RoomView room) {
        return RoomAnswer.of(frames.room(room));
    }
}
