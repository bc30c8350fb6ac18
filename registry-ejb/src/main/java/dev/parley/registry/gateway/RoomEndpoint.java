package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.RoomRules;
import dev.parley.protocol.Status;
import dev.parley.registry.room.Departure;
import dev.parley.registry.room.GroupCreated;
import dev.parley.registry.room.RoomPage;
import dev.parley.registry.room.RoomRefusal;
import dev.parley.registry.room.RoomService;
import dev.parley.registry.room.RoomView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Turns each room request into a {@link RoomService} call and its result into a response; no rule of its own. */
@ApplicationScoped
public class RoomEndpoint {
    private static final int DEFAULT_PAGE = 100;

    @EJB
    private RoomService rooms;
    @Inject
    private RoomFrames frames;

    /** The answer to one room request of the logged-in {@code username}; refusals are thrown as {@code RequestRefused}. */
    Frame handle(Link link, String username, MessageType type, String id, Frame request) {
        try {
            return switch (type) {
                case ROOM_CREATE -> create(username, id, request);
                case ROOM_LIST -> list(username, id, request);
                case ROOM_JOIN -> join(link, username, id, request);
                case ROOM_LEAVE -> leave(username, id, request);
                case ROOM_MEMBERS -> members(username, id, request);
                case ROOM_KICK -> kick(username, id, request);
                case ROOM_BAN -> ban(username, id, request);
                case ROOM_UPDATE -> update(username, id, request);
                case GROUP_CREATE -> group(username, id, request);
                case ROOM_INVITE_ANSWER -> answer(username, id, request);
                default -> throw new IllegalArgumentException("not a room request: " + type);
            };
        } catch (InvalidFieldException e) {
            throw RoomRefusal.invalid(e.getMessage());
        }
    }

    private Frame create(String username, String id, Frame request) {
        RoomView room = rooms.create(username, request.requireString("name"),
                request.optionalString("password").orElse(null),
                capacity(request),
                request.optionalString("description").orElse(null));
        return Frame.response(id, Status.CREATED, "room " + room.name() + " created", withRoom(room));
    }

    private Frame list(String username, String id, Frame request) {
        boolean detailed = request.optionalBoolean("detailed", false);
        int offset = request.optionalInt("offset", 0, 0, Integer.MAX_VALUE);
        int limit = request.optionalInt("limit", DEFAULT_PAGE, 1, Limits.MAX_PAGE_SIZE);
        // Counted unless declined: clients that page with "more" need no count of every room.
        boolean withTotal = request.optionalBoolean("total", true);
        RoomPage found = rooms.list(username, offset, limit, detailed, withTotal);
        RoomFrames.ListPage fitted = frames.listPage(found.rooms(), detailed);
        // A page cut to fit one answer has more after it; the client asks again from where it ends.
        RoomPage page = new RoomPage(found.total(), found.offset(),
                found.more() || fitted.count() < found.rooms().size(), found.rooms().subList(0, fitted.count()));
        JsonObjectBuilder fields = Frame.object();
        page.total().ifPresent(total -> fields.add("total", total));
        fields.add("offset", page.offset()).add("more", page.more()).add("rooms", fitted.rooms());
        return Frame.response(id, Status.OK, listMessage(page), fields);
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

    private Frame join(Link link, String username, String id, Frame request) {
        RoomView room = rooms.join(username, request.requireString("name"),
                request.optionalString("password").orElse(null), link.address());
        return Frame.response(id, Status.OK, "joined " + room.name(), withRoom(room));
    }

    private Frame leave(String username, String id, Frame request) {
        Departure d = rooms.leave(username, request.requireString("name"));
        return Frame.response(id, Status.OK, "left " + d.room(), d.deleted() ? Frame.object().add("deleted", true) : null);
    }

    private Frame members(String username, String id, Frame request) {
        RoomView room = rooms.members(username, request.requireString("name"));
        return Frame.response(id, Status.OK, room.memberCount() + (room.memberCount() == 1 ? " member" : " members")
                + " in " + room.name(), withRoom(room));
    }

    private Frame kick(String username, String id, Frame request) {
        Departure d = rooms.kick(username, request.requireString("name"), request.requireString("username"));
        return Frame.response(id, Status.OK, d.username() + " was kicked from " + d.room(), null);
    }

    private Frame ban(String username, String id, Frame request) {
        String target = request.requireString("username");
        Departure d = rooms.ban(username, request.requireString("name"), target);
        return Frame.response(id, Status.OK, (d.someoneLeft() ? d.username() : target) + " is banned from " + d.room(), null);
    }

    private Frame update(String username, String id, Frame request) {
        RoomView room = rooms.update(username, request.requireString("name"),
                request.optionalString("description").orElse(null),
                request.optionalString("password").orElse(null),
                request.optionalBoolean("clearPassword", false));
        return Frame.response(id, Status.OK, room.name() + " updated", withRoom(room));
    }

    private Frame group(String username, String id, Frame request) {
        GroupCreated group = rooms.createGroup(username, usernames(request));
        String name = group.room().name();
        return Frame.response(id, Status.CREATED, "room " + name + " created; " + group.invited().size() + " invited",
                withRoom(group.room())
                        .add("invited", RoomFrames.names(group.invited()))
                        .add("offline", RoomFrames.names(group.offline())));
    }

    private Frame answer(String username, String id, Frame request) {
        String name = request.requireString("name");
        if (!request.json().containsKey("accept") || request.json().isNull("accept")) {
            throw new InvalidFieldException("missing field 'accept'");
        }
        if (request.optionalBoolean("accept", false)) {
            RoomView room = rooms.accept(username, name);
            return Frame.response(id, Status.OK, "joined " + room.name(), withRoom(room));
        }
        rooms.decline(username, name);
        return Frame.response(id, Status.OK, "declined", null);
    }

    private JsonObjectBuilder withRoom(RoomView room) {
        return Frame.object().add("room", frames.room(room, true));
    }

    /** The capacity asked for, any whole number: the service says what the range is (a huge one stays out of range). */
    private static int capacity(Frame request) {
        JsonValue v = request.json().get("capacity");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return RoomRules.CAPACITY_DEFAULT;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new InvalidFieldException("field 'capacity' must be a whole number");
        }
        BigInteger big = n.bigIntegerValue();
        return big.max(BigInteger.valueOf(Integer.MIN_VALUE)).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    /** The {@code usernames} array: strings only; its length and contents are the service's to judge. */
    private static List<String> usernames(Frame request) {
        JsonValue v = request.json().get("usernames");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw new InvalidFieldException("missing field 'usernames'");
        }
        if (!(v instanceof JsonArray array)) {
            throw new InvalidFieldException("field 'usernames' must be an array of names");
        }
        List<String> names = new ArrayList<>(array.size());
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new InvalidFieldException("field 'usernames' must be an array of names");
            }
            names.add(s.getString());
        }
        return names;
    }
}
