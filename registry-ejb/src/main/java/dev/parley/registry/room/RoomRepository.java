package dev.parley.registry.room;

import dev.parley.protocol.Names;
import dev.parley.registry.Constraints;
import dev.parley.registry.account.Account;
import dev.parley.registry.account.AccountLookup;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rooms in the database. Each change is one short transaction (a read outside one runs in
 * auto-commit) and never hashes. Every change to
 * who is in a room, or who hosts it, first locks that room's row (PESSIMISTIC_WRITE) and then
 * counts and checks under the lock, so racing joins, leaves, kicks and hand-overs of one room
 * run one after the other and the capacity and the single host hold. Rooms are locked one at a
 * time, never two in one transaction, so these transactions cannot deadlock on each other.
 */
@Stateless
public class RoomRepository {

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    private final Clock clock = Clock.systemUTC();

    /** How many rooms there are, and memberships in them all: for the metrics. */
    public RoomCount count() {
        long rooms = em.createQuery("SELECT COUNT(r) FROM Room r", Long.class).getSingleResult();
        long members = em.createQuery("SELECT COUNT(m) FROM RoomMembership m", Long.class).getSingleResult();
        return new RoomCount(rooms, members);
    }

    /** Rooms and the memberships in them. */
    public record RoomCount(long rooms, long members) {
    }

    /** Makes a room with its creator as host and invitations for {@code invitees}; 409 when the name is taken in any case. */
    public RoomView create(NewRoom spec, String hostName, List<String> invitees) {
        requireFree(spec.name());
        Account host = account(hostName);
        Room room = new Room(spec.name(), spec.description(), spec.passwordHash(), spec.capacity(), host,
                spec.inviteOnly(), clock.instant());
        try {
            em.persist(room);
            em.persist(new RoomMembership(room, host, RoomRole.HOST, clock.instant()));
            for (String invitee : invitees) {
                em.persist(new RoomInvitation(room, account(invitee), host, clock.instant()));
            }
            em.flush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e)) {
                // Another creation of the same name committed between our check and our insert.
                throw RoomRefusal.taken(spec.name());
            }
            throw e;
        }
        return view(room, members(room));
    }

    /** Refuses with 409 when a room of this name exists (advisory: the unique constraint decides at insert). */
    public void requireFree(String name) {
        if (find(name).isPresent()) {
            throw RoomRefusal.taken(name);
        }
    }

    /** A room's name as created and the password hash one must match to enter it (null when it has none). */
    public record Entrance(String room, String passwordHash) {
    }

    /**
     * What a user must still pass to enter, after every other rule of entry. Takes no lock, so a
     * slow password check can follow without holding one; {@link #join} checks everything again
     * under the lock.
     */
    public Entrance entrance(String roomName, String username) {
        Room room = find(roomName).orElseThrow(() -> RoomRefusal.noSuchRoom(roomName));
        checkEntry(room, username);
        if (room.isInviteOnly()) {
            throw RoomRefusal.inviteOnly(room.getName());
        }
        checkCapacity(room);
        return new Entrance(room.getName(), room.getPasswordHash());
    }

    /**
     * Puts the user in the room under the room's lock. {@code verifiedHash} is the hash their
     * password was checked against (null if they gave none); if the password changed since, the
     * check no longer counts. The checks run in the order of {@link #entrance}, so a join without
     * a password, which skips it, is refused for the same reason as one that went through it.
     */
    public RoomView join(String roomName, String username, String verifiedHash) {
        Room room = lock(roomName, () -> RoomRefusal.noSuchRoom(roomName));
        checkEntry(room, username);
        if (room.isInviteOnly()) {
            throw RoomRefusal.inviteOnly(room.getName());
        }
        checkCapacity(room);
        String current = room.getPasswordHash();
        if (current != null && !current.equals(verifiedHash)) {
            throw verifiedHash == null ? RoomRefusal.passwordRequired(room.getName()) : RoomRefusal.wrongPassword(room.getName());
        }
        return admit(room, username);
    }

    /** Accepts an invitation: the user enters past password and invite-only, but not past a ban or a full room. */
    public InvitationAnswer accept(String roomName, String username) {
        Room room = lock(roomName, () -> RoomRefusal.noInvitation(roomName));
        RoomInvitation invitation = invitation(room, username);
        String inviter = invitation.getInviter().getUsername();
        String invitee = invitation.getInvitee().getUsername();
        em.remove(invitation);
        checkEntry(room, username);
        checkCapacity(room);
        return new InvitationAnswer(room.getName(), inviter, invitee, admit(room, username));
    }

    /** Declines an invitation; returns who had invited. */
    public InvitationAnswer decline(String roomName, String username) {
        Room room = find(roomName).orElseThrow(() -> RoomRefusal.noInvitation(roomName));
        RoomInvitation invitation = invitation(room, username);
        String inviter = invitation.getInviter().getUsername();
        String invitee = invitation.getInvitee().getUsername();
        em.remove(invitation);
        return new InvitationAnswer(room.getName(), inviter, invitee, null);
    }

    /** Takes the user out of the room: the host's place goes to the earliest member left, an empty room is deleted. */
    public Departure leave(String roomName, String username) {
        Room room = lock(roomName, () -> RoomRefusal.noSuchRoom(roomName));
        RoomMembership membership = membership(room, username)
                .orElseThrow(() -> RoomRefusal.notInRoomToLeave(room.getName()));
        return remove(room, membership);
    }

    /**
     * The host removes a member; with {@code ban} the user is also kept out from now on, whether or
     * not they were in the room. Returns the departure (nobody left if a ban hit an absent user).
     */
    public Departure remove(String roomName, String hostName, String target, boolean ban) {
        Room room = lock(roomName, () -> RoomRefusal.noSuchRoom(roomName));
        requireHost(room, hostName);
        if (Names.key(target).equals(Names.key(hostName))) {
            throw RoomRefusal.self(ban ? "ban" : "kick");
        }
        Optional<RoomMembership> membership = membership(room, target);
        if (ban) {
            Account banned = findAccount(target).orElseThrow(() -> RoomRefusal.noSuchUser(target));
            if (!isBanned(room, target)) {
                em.persist(new RoomBan(room, banned, clock.instant()));
            }
            if (membership.isEmpty()) {
                return new Departure(room.getName(), null, names(members(room)), null, false);
            }
        } else if (membership.isEmpty()) {
            throw RoomRefusal.targetNotInRoom(target, room.getName());
        }
        return remove(room, membership.get());
    }

    /** Refuses with 403 unless the user hosts the room now (advisory before a slow hash: {@link #update} checks again). */
    public void requireHost(String roomName, String username) {
        requireHost(find(roomName).orElseThrow(() -> RoomRefusal.noSuchRoom(roomName)), username);
    }

    /** The host changes the description and/or the password; locked so it cannot race a hand-over. */
    public RoomView update(String roomName, String hostName, RoomChange change) {
        Room room = lock(roomName, () -> RoomRefusal.noSuchRoom(roomName));
        requireHost(room, hostName);
        if (change.describe()) {
            room.describe(change.description());
        }
        if (change.relock()) {
            room.lock(change.passwordHash());
        }
        return view(room, members(room));
    }

    /** The room with its members, for one of its members. */
    public RoomView members(String roomName, String username) {
        Room room = find(roomName).orElseThrow(() -> RoomRefusal.noSuchRoom(roomName));
        List<RoomMembership> members = members(room);
        if (members.stream().noneMatch(m -> isUser(m.getAccount(), username))) {
            throw RoomRefusal.notInRoomToSee(room.getName());
        }
        return view(room, members);
    }

    /**
     * A page of the rooms this user may see, by name; members listed only {@code withMembers}. One
     * row more than the page says whether more follow. The total is counted only {@code withTotal}
     * and only when the page does not tell it: counting reads every visible room.
     */
    public RoomPage list(String username, int offset, int limit, boolean withMembers, boolean withTotal) {
        String key = Names.key(username);
        List<Room> rooms = em.createNamedQuery(Room.LIST_VISIBLE, Room.class)
                .setParameter("usernameKey", key)
                .setFirstResult(offset)
                .setMaxResults(limit + 1)
                .getResultList();
        boolean more = rooms.size() > limit;
        if (more) {
            rooms = rooms.subList(0, limit);
        }
        OptionalInt total = withTotal ? OptionalInt.of(total(key, offset, rooms.size(), more)) : OptionalInt.empty();
        if (rooms.isEmpty()) {
            return new RoomPage(total, offset, false, List.of());
        }
        List<Long> ids = rooms.stream().map(Room::getId).toList();
        List<RoomView> views = new ArrayList<>(rooms.size());
        if (withMembers) {
            Map<Long, List<RoomMembership>> byRoom = new HashMap<>();
            for (RoomMembership m : em.createNamedQuery(RoomMembership.OF_ROOMS, RoomMembership.class)
                    .setParameter("roomIds", ids).getResultList()) {
                byRoom.computeIfAbsent(m.getRoom().getId(), id -> new ArrayList<>()).add(m);
            }
            for (Room r : rooms) {
                views.add(view(r, byRoom.getOrDefault(r.getId(), List.of())));
            }
        } else {
            Map<Long, Long> counts = new HashMap<>();
            for (Object[] row : em.createNamedQuery(RoomMembership.COUNT_BY_ROOM, Object[].class)
                    .setParameter("roomIds", ids).getResultList()) {
                counts.put((Long) row[0], (Long) row[1]);
            }
            for (Room r : rooms) {
                views.add(new RoomView(r.getName(), r.getDescription(), r.getCapacity(),
                        Math.toIntExact(counts.getOrDefault(r.getId(), 0L)), r.getHost().getUsername(),
                        r.isLocked(), r.isInviteOnly(), List.of()));
            }
        }
        return new RoomPage(total, offset, more, views);
    }

    /** How many rooms the user may see: the last page (if the offset reached it) says so without counting. */
    private int total(String usernameKey, int offset, int pageSize, boolean more) {
        if (!more && (pageSize > 0 || offset == 0)) {
            return offset + pageSize;
        }
        return Math.toIntExact(em.createNamedQuery(Room.COUNT_VISIBLE, Long.class)
                .setParameter("usernameKey", usernameKey).getSingleResult());
    }

    /**
     * The names of the rooms this user is in, by name: what a LOGIN answer tells. Joins the caller's
     * transaction if there is one; at login there is none, and the read is one statement in auto-commit.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> roomsOf(String username) {
        return em.createNamedQuery(RoomMembership.ROOM_NAMES_OF, String.class)
                .setParameter("usernameKey", Names.key(username)).getResultList();
    }

    /**
     * The rooms this user is in and whether any invitation waits for them: what a session's end
     * has to undo, read in one statement (in auto-commit when the caller has no transaction), so
     * a user who holds nothing, as most do, costs the end of a session no transaction at all.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Holdings holdings(String username) {
        List<String> rows = em.createNamedQuery(RoomMembership.HELD_BY, String.class)
                .setParameter(1, Names.key(username)).getResultList();
        List<String> rooms = rows.stream().filter(java.util.Objects::nonNull).toList();
        return new Holdings(rooms, rooms.size() < rows.size());
    }

    /** The rooms a user is in, and whether they are invited to any. */
    public record Holdings(List<String> rooms, boolean invited) {
    }

    /** Drops every invitation to this user. */
    public void forgetInvitationsTo(String username) {
        em.createNamedQuery(RoomInvitation.DELETE_TO).setParameter("usernameKey", Names.key(username)).executeUpdate();
    }

    /** Everyone who is in a room or invited to one, as registered, once each: whom the sweep checks for a session. */
    public Set<String> holders() {
        Set<String> names = new HashSet<>(em.createNamedQuery(RoomMembership.MEMBER_NAMES, String.class).getResultList());
        names.addAll(em.createNamedQuery(RoomInvitation.INVITEE_NAMES, String.class).getResultList());
        return names;
    }

    /** Adds the member; the caller checked every rule of entry under the room's lock. */
    private RoomView admit(Room room, String username) {
        em.persist(new RoomMembership(room, account(username), RoomRole.MEMBER, clock.instant()));
        return view(room, members(room));
    }

    private Departure remove(Room room, RoomMembership leaving) {
        String who = leaving.getAccount().getUsername();
        em.remove(leaving);
        List<RoomMembership> rest = members(room);
        rest.removeIf(m -> m.getId().equals(leaving.getId()));
        if (rest.isEmpty()) {
            String name = room.getName();
            em.remove(room);
            return new Departure(name, who, List.of(), null, true);
        }
        String newHost = null;
        if (leaving.getRole() == RoomRole.HOST) {
            RoomMembership next = rest.get(0);
            next.becomeHost();
            room.handTo(next.getAccount());
            newHost = next.getAccount().getUsername();
        }
        return new Departure(room.getName(), who, names(rest), newHost, false);
    }

    /** The rules of entry other than password, invite-only and capacity: not already in, not banned. */
    private void checkEntry(Room room, String username) {
        if (membership(room, username).isPresent()) {
            throw RoomRefusal.alreadyMember(room.getName());
        }
        if (isBanned(room, username)) {
            throw RoomRefusal.banned(room.getName());
        }
    }

    private void checkCapacity(Room room) {
        long count = em.createNamedQuery(RoomMembership.COUNT_IN_ROOM, Long.class)
                .setParameter("room", room).getSingleResult();
        if (count >= room.getCapacity()) {
            throw RoomRefusal.full(room.getName(), count, room.getCapacity());
        }
    }

    private void requireHost(Room room, String username) {
        if (!isUser(room.getHost(), username)) {
            throw RoomRefusal.notHost(room.getName());
        }
    }

    private RoomInvitation invitation(Room room, String username) {
        return em.createNamedQuery(RoomInvitation.FIND, RoomInvitation.class)
                .setParameter("room", room)
                .setParameter("usernameKey", Names.key(username))
                .getResultStream().findFirst()
                .orElseThrow(() -> RoomRefusal.noInvitation(room.getName()));
    }

    private Optional<Room> find(String name) {
        return em.createNamedQuery(Room.FIND_BY_NAME_KEY, Room.class)
                .setParameter("nameKey", Names.key(name))
                .getResultStream().findFirst();
    }

    /**
     * Reads the room with its row locked until commit. The first statement of the transaction
     * that touches the room, so the state read is the one current when the lock was granted.
     */
    private Room lock(String name, Supplier<RuntimeException> missing) {
        return em.createNamedQuery(Room.FIND_BY_NAME_KEY, Room.class)
                .setParameter("nameKey", Names.key(name))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseThrow(missing);
    }

    private List<RoomMembership> members(Room room) {
        return new ArrayList<>(em.createNamedQuery(RoomMembership.OF_ROOM, RoomMembership.class)
                .setParameter("room", room).getResultList());
    }

    private Optional<RoomMembership> membership(Room room, String username) {
        return em.createNamedQuery(RoomMembership.FIND, RoomMembership.class)
                .setParameter("room", room)
                .setParameter("usernameKey", Names.key(username))
                .getResultStream().findFirst();
    }

    private boolean isBanned(Room room, String username) {
        return em.createNamedQuery(RoomBan.COUNT, Long.class)
                .setParameter("room", room)
                .setParameter("usernameKey", Names.key(username))
                .getSingleResult() > 0;
    }

    private Optional<Account> findAccount(String username) {
        return AccountLookup.find(em, username);
    }

    /** The account of a user the caller vouches for (the session's user, a checked invitee). */
    private Account account(String username) {
        return findAccount(username).orElseThrow(() -> new IllegalStateException("no account for " + username));
    }

    private static boolean isUser(Account account, String username) {
        return Names.key(account.getUsername()).equals(Names.key(username));
    }

    private static List<String> names(List<RoomMembership> members) {
        return members.stream().map(m -> m.getAccount().getUsername()).toList();
    }

    private static RoomView view(Room room, List<RoomMembership> members) {
        List<MemberView> views = members.stream()
                .map(m -> new MemberView(m.getAccount().getUsername(), m.getRole(), m.getJoinedAt(),
                        m.getAccount().getIdentityKey()))
                .toList();
        return new RoomView(room.getName(), room.getDescription(), room.getCapacity(), members.size(),
                room.getHost().getUsername(), room.isLocked(), room.isInviteOnly(), views);
    }
}
