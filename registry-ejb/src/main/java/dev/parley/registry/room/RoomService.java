package dev.parley.registry.room;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Names;
import dev.parley.protocol.RoomRules;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.account.AccountIdentity;
import dev.parley.registry.account.AccountService;
import dev.parley.registry.account.LoginThrottle;
import dev.parley.registry.account.PasswordHasher;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.room.RoomEvent.HostChanged;
import dev.parley.registry.room.RoomEvent.InvitationAnswered;
import dev.parley.registry.room.RoomEvent.Invited;
import dev.parley.registry.room.RoomEvent.MemberJoined;
import dev.parley.registry.room.RoomEvent.MemberLeft;
import dev.parley.registry.room.RoomEvent.RoomUpdated;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The rules of rooms: who may create, enter, leave, see, kick, ban and change them, and who hears
 * about it. Runs outside any transaction: each change is one transaction in {@link RoomRepository}
 * (which checks what must hold under the room's lock), passwords are hashed and checked before it
 * starts, and events are fired after it committed, so nobody hears of a change that rolled back.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RoomService {
    private static final Logger LOG = Logger.getLogger(RoomService.class.getName());
    /** A group is its creator and at most this many invitees (the default room capacity). */
    static final int MAX_INVITEES = RoomRules.CAPACITY_DEFAULT - 1;

    @EJB
    private RoomRepository rooms;
    @EJB
    private AccountService accounts;
    @EJB
    private PresenceService presence;
    @EJB
    private LoginThrottle throttle;
    @Inject
    private PasswordHasher hasher;
    @Inject
    private Event<RoomEvent> events;

    /** Makes a room with {@code username} as host and only member; password, description optional. */
    public RoomView create(String username, String name, String password, int capacity, String description) {
        requireName(name);
        RoomRules.capacityProblem(capacity).ifPresent(RoomService::invalid);
        RoomRules.descriptionProblem(description).ifPresent(RoomService::invalid);
        RoomRules.passwordProblem(password).ifPresent(RoomService::invalid);
        String hash = null;
        if (password != null) {
            rooms.requireFree(name); // before the slow hash, not instead of the database's check
            hash = hasher.hash(password.toCharArray());
        }
        RoomView room = rooms.create(new NewRoom(name, emptyToNull(description), hash, capacity, false), username, List.of());
        LOG.info(() -> username + " created room " + room.name() + (room.locked() ? " (with a password)" : ""));
        stayOnlyIfOnline(username, room.name());
        return room;
    }

    public RoomPage list(String username, int offset, int limit, boolean withMembers, boolean withTotal) {
        return rooms.list(username, offset, limit, withMembers, withTotal);
    }

    /**
     * Enters a room. A password is checked before the room is locked (hashing is slow) and a
     * wrong one counts against the address like a failed login; the lock then decides the rest.
     * Without a password there is nothing slow to do first: the locked join makes every check,
     * in the same order, and refuses a room with a password as {@code password-required}.
     */
    public RoomView join(String username, String roomName, String password, String fromAddress) {
        requireName(roomName);
        RoomRules.passwordProblem(password).ifPresent(RoomService::invalid);
        String verified = password == null ? null : verifyPassword(username, roomName, password, fromAddress);
        RoomView room = rooms.join(roomName, username, verified);
        announceJoin(room, username);
        stayOnlyIfOnline(username, room.name());
        return room;
    }

    /** The room's password hash that {@code password} matched, null when the room has none; refuses otherwise. */
    private String verifyPassword(String username, String roomName, String password, String fromAddress) {
        RoomRepository.Entrance entrance = rooms.entrance(roomName, username);
        String verified = entrance.passwordHash();
        if (verified != null) {
            throttle.checkAddress(fromAddress);
            if (!hasher.verify(password.toCharArray(), verified)) {
                throttle.recordAddressFailure(fromAddress);
                LOG.info(() -> "wrong password for room " + entrance.room() + " from " + username + " at " + fromAddress);
                throw RoomRefusal.wrongPassword(entrance.room());
            }
        }
        return verified;
    }

    public Departure leave(String username, String roomName) {
        requireName(roomName);
        Departure d = rooms.leave(roomName, username);
        announce(d, LeaveReason.LEFT, List.of());
        return d;
    }

    public RoomView members(String username, String roomName) {
        requireName(roomName);
        return rooms.members(roomName, username);
    }

    /** The host takes a member out; they and everyone left hear it. */
    public Departure kick(String host, String roomName, String target) {
        return remove(host, roomName, target, false);
    }

    /** The host takes a user out (if in) and keeps them out until the room is deleted. */
    public Departure ban(String host, String roomName, String target) {
        return remove(host, roomName, target, true);
    }

    /**
     * The host changes the description ({@code ""} removes it) and/or the password (or removes it
     * with {@code clearPassword}); every member hears the result.
     */
    public RoomView update(String host, String roomName, String description, String password, boolean clearPassword) {
        requireName(roomName);
        if (description == null && password == null && !clearPassword) {
            invalid("say what to change: description, password or clearPassword");
        }
        if (password != null && clearPassword) {
            invalid("give a new password or clearPassword, not both");
        }
        RoomRules.descriptionProblem(description).ifPresent(RoomService::invalid);
        RoomRules.passwordProblem(password).ifPresent(RoomService::invalid);
        String hash = null;
        if (password != null) {
            rooms.requireHost(roomName, host); // nobody else gets to spend a hash
            hash = hasher.hash(password.toCharArray());
        }
        RoomView room = rooms.update(roomName, host,
                new RoomChange(description != null, emptyToNull(description), password != null || clearPassword, hash));
        LOG.info(() -> host + " updated room " + room.name());
        events.fire(new RoomUpdated(room.memberNames(), room.name(), room.description(), room.locked()));
        return room;
    }

    /**
     * Makes an invite-only room for the caller and the named users, and invites those online.
     * Offline users are reported, not invited: an invitation is delivered to a session.
     */
    public GroupCreated createGroup(String host, List<String> usernames) {
        if (usernames.isEmpty()) {
            invalid("name at least one user to invite");
        }
        if (usernames.size() > MAX_INVITEES) {
            invalid("a group invites at most " + MAX_INVITEES + " users");
        }
        Map<String, String> named = new LinkedHashMap<>();
        for (String u : usernames) {
            Credentials.usernameProblem(u).ifPresent(RoomService::invalid);
            if (Names.key(u).equals(Names.key(host))) {
                invalid("you cannot invite yourself");
            }
            named.putIfAbsent(Names.key(u), u);
        }
        List<String> invited = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (String u : named.values()) {
            AccountIdentity account = accounts.registered(u).orElseThrow(() -> RoomRefusal.noSuchUser(u));
            (presence.online(u).isPresent() ? invited : offline).add(account.username());
        }
        int capacity = Math.max(RoomRules.CAPACITY_MIN, invited.size() + 1);
        RoomView room = null;
        for (int attempt = 0; room == null; attempt++) {
            try {
                room = rooms.create(new NewRoom(GroupNames.next(), null, null, capacity, true), host, invited);
            } catch (RequestRefused taken) {
                if (!"taken".equals(taken.reason()) || attempt >= 4) {
                    throw taken;
                }
            }
        }
        String name = room.name();
        LOG.info(() -> host + " created group " + name + " inviting " + invited);
        if (!invited.isEmpty()) {
            events.fire(new Invited(invited, name, room.host(), room.memberNames(), invited));
        }
        stayOnlyIfOnline(host, name);
        return new GroupCreated(room, invited, offline);
    }

    /** Accepts an invitation: joins the room; its members and the inviter hear it. */
    public RoomView accept(String username, String roomName) {
        requireName(roomName);
        InvitationAnswer answer = rooms.accept(roomName, username);
        announceJoin(answer.joined(), username);
        events.fire(new InvitationAnswered(List.of(answer.inviter()), answer.room(), answer.invitee(), true));
        stayOnlyIfOnline(username, answer.room());
        return answer.joined();
    }

    /** Declines an invitation; the inviter hears it. */
    public void decline(String username, String roomName) {
        requireName(roomName);
        InvitationAnswer answer = rooms.decline(roomName, username);
        events.fire(new InvitationAnswered(List.of(answer.inviter()), answer.room(), answer.invitee(), false));
    }

    /** The names of the rooms this user is in, by name: what a LOGIN answer tells the client. */
    public List<String> roomsOf(String username) {
        return rooms.roomsOf(username);
    }

    /**
     * Takes a user who is offline for good out of every room (reason {@code offline}) and drops the
     * invitations sent to them; called when their session ends and by the sweep. Each room is its
     * own transaction: one failure leaves the others done, and the sweep tries the rest again.
     * The user hears it too: normally nobody is there to, but a client that logged in again in
     * the meantime must not keep the room. Returns how many rooms the user left.
     */
    public int leaveAll(String username) {
        int left = 0;
        RuntimeException failed = null;
        RoomRepository.Holdings held = rooms.holdings(username);
        for (String roomName : held.rooms()) {
            try {
                announce(rooms.leave(roomName, username), LeaveReason.OFFLINE, List.of(username));
                left++;
            } catch (RequestRefused gone) {
                // Left, or the room was deleted, between the listing and now: nothing to do.
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        // Also after leaving rooms: an invitation made while those leaves ran is dropped too. One made
        // after a user who held nothing was read is the sweep's, as one made after the delete is.
        if (held.invited() || !held.rooms().isEmpty()) {
            rooms.forgetInvitationsTo(username);
        }
        return left;
    }

    /**
     * Undoes an entry whose user went offline while it was being made. The session's end takes
     * the user out of the rooms it finds; one entered in that same moment could be missed, and a
     * membership nobody holds would stay until the next start. Checked after the entry committed,
     * so either this check or the session's end sees it.
     */
    private void stayOnlyIfOnline(String username, String roomName) {
        if (presence.online(username).isPresent()) {
            return;
        }
        try {
            announce(rooms.leave(roomName, username), LeaveReason.OFFLINE, List.of());
            LOG.info(() -> username + " went offline while entering room " + roomName + "; taken out again");
        } catch (RequestRefused gone) {
            // The session's end took them out already.
        }
    }

    private Departure remove(String host, String roomName, String target, boolean ban) {
        requireName(roomName);
        Credentials.usernameProblem(target).ifPresent(RoomService::invalid);
        Departure d = rooms.remove(roomName, host, target, ban);
        LOG.info(() -> host + (ban ? " banned " : " kicked ") + (d.someoneLeft() ? d.username() : target)
                + " from room " + d.room());
        if (d.someoneLeft()) {
            announce(d, ban ? LeaveReason.BANNED : LeaveReason.KICKED, List.of(d.username()));
        }
        return d;
    }

    private void announceJoin(RoomView room, String username) {
        MemberView joined = room.member(username).orElseThrow();
        events.fire(new MemberJoined(room.namesExcept(username), room.name(), joined));
    }

    /** Tells those still in the room (and {@code alsoTell}) who left, then who hosts now. */
    private void announce(Departure d, LeaveReason reason, List<String> alsoTell) {
        if (d.deleted()) {
            LOG.info(() -> "room " + d.room() + " deleted: its last member left");
        }
        List<String> told = new ArrayList<>(alsoTell);
        told.addAll(d.remaining());
        if (!told.isEmpty()) {
            events.fire(new MemberLeft(told, d.room(), d.username(), reason));
        }
        if (d.newHost() != null) {
            LOG.info(() -> d.newHost() + " now hosts room " + d.room());
            events.fire(new HostChanged(d.remaining(), d.room(), d.newHost()));
        }
    }

    private static void requireName(String name) {
        RoomRules.nameProblem(name).ifPresent(RoomService::invalid);
    }

    private static void invalid(String rule) {
        throw RoomRefusal.invalid(rule);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
