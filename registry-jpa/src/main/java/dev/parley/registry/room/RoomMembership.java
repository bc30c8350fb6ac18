package dev.parley.registry.room;

import dev.parley.registry.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One user in one room, since when, and as what. Held by the user's session: it ends with the
 * session, and one left from before a registry start waits a grace period for its user to log in
 * again (see RoomSweep in registry-ejb).
 */
@Entity
@Table(name = "room_membership")
@NamedQuery(name = RoomMembership.OF_ROOM, query = "select m from RoomMembership m join fetch m.account"
        + " where m.room = :room order by m.joinedAt, m.id")
@NamedQuery(name = RoomMembership.OF_ROOMS, query = "select m from RoomMembership m join fetch m.account"
        + " where m.room.id in :roomIds order by m.joinedAt, m.id")
@NamedQuery(name = RoomMembership.COUNT_BY_ROOM, query = "select m.room.id, count(m) from RoomMembership m"
        + " where m.room.id in :roomIds group by m.room.id")
@NamedQuery(name = RoomMembership.COUNT_IN_ROOM, query = "select count(m) from RoomMembership m where m.room = :room")
@NamedQuery(name = RoomMembership.FIND, query = "select m from RoomMembership m join fetch m.account"
        + " where m.room = :room and m.account.usernameKey = :usernameKey")
@NamedQuery(name = RoomMembership.ROOM_NAMES_OF, query = "select m.room.name from RoomMembership m"
        + " where m.account.usernameKey = :usernameKey order by m.room.nameKey")
@NamedQuery(name = RoomMembership.MEMBER_NAMES, query = "select a.username from Account a"
        + " where a.id in (select m.account.id from RoomMembership m)")
// SQL, as JPQL in its strict form (which WildFly holds Hibernate to) has no UNION: one statement
// instead of two, each of which would take its own connection from the pool.
@NamedNativeQuery(name = RoomMembership.HELD_BY, query = "select r.name from room_membership m"
        + " join room r on r.id = m.room_id join account a on a.id = m.account_id where a.username_key = ?1"
        + " union all select cast(null as varchar(32)) from room_invitation i join account a on a.id = i.invitee_id"
        + " where a.username_key = ?1",
        resultClass = String.class)
public class RoomMembership {
    /** The members of a room, earliest first: the order of the member list and of host hand-over. */
    public static final String OF_ROOM = "RoomMembership.ofRoom";
    public static final String OF_ROOMS = "RoomMembership.ofRooms";
    /** Pairs of room id and member count. */
    public static final String COUNT_BY_ROOM = "RoomMembership.countByRoom";
    public static final String COUNT_IN_ROOM = "RoomMembership.countInRoom";
    /** One user's membership of a room, with the account: a leave, kick or ban names who went. */
    public static final String FIND = "RoomMembership.find";
    public static final String ROOM_NAMES_OF = "RoomMembership.roomNamesOf";
    /**
     * Everyone in at least one room, once each. The sweep asks it every few seconds: the distinct
     * account ids come from the room_membership_account index, then one account row each.
     */
    public static final String MEMBER_NAMES = "RoomMembership.memberNames";
    /**
     * What a user holds in rooms, in one statement: the name of each room they are in, and a null
     * for each invitation to them (a room's name is never null).
     */
    public static final String HELD_BY = "RoomMembership.heldBy";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "room_id", nullable = false)
    private Room room;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Convert(converter = RoomRoleColumn.class)
    @Column(nullable = false, length = 8)
    private RoomRole role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    protected RoomMembership() {
    }

    public RoomMembership(Room room, Account account, RoomRole role, Instant joinedAt) {
        this.room = room;
        this.account = account;
        this.role = role;
        this.joinedAt = joinedAt;
    }

    public Long getId() {
        return id;
    }

    public Room getRoom() {
        return room;
    }

    public Account getAccount() {
        return account;
    }

    public RoomRole getRole() {
        return role;
    }

    public Instant getJoinedAt() {
        return joinedAt;
    }

    /** Only for the hand-over, which also moves the room's host in the same transaction. */
    public void becomeHost() {
        this.role = RoomRole.HOST;
    }
}
