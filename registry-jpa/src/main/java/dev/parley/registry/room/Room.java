package dev.parley.registry.room;

import dev.parley.protocol.Names;
import dev.parley.registry.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A chat room: its name, who hosts it, how many fit, and whether a password or an invitation lets people in. */
@Entity
@Table(name = "room")
@NamedQuery(name = Room.FIND_BY_NAME_KEY, query = "select r from Room r where r.nameKey = :nameKey")
@NamedQuery(name = Room.LIST_VISIBLE, query = "select r from Room r join fetch r.host"
        + " where r.inviteOnly = false or exists (select m from RoomMembership m"
        + " where m.room = r and m.account.usernameKey = :usernameKey) order by r.nameKey")
@NamedQuery(name = Room.COUNT_VISIBLE, query = "select count(r) from Room r"
        + " where r.inviteOnly = false or exists (select m from RoomMembership m"
        + " where m.room = r and m.account.usernameKey = :usernameKey)")
public class Room {
    public static final String FIND_BY_NAME_KEY = "Room.findByNameKey";
    /** Rooms a user may see, by name: every open room, and invite-only ones they are in. */
    public static final String LIST_VISIBLE = "Room.listVisible";
    public static final String COUNT_VISIBLE = "Room.countVisible";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 32)
    private String name;

    /** The name in lower case: what uniqueness and look-ups use, so "Lobby" and "lobby" are one room. */
    @Column(name = "name_key", nullable = false, length = 32)
    private String nameKey;

    @Column(length = 400)
    private String description;

    /** PHC-format Argon2id string of the room password; null for a room anyone may enter. */
    @Column(name = "password_hash", length = 200)
    private String passwordHash;

    @Column(nullable = false)
    private int capacity;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "host_id", nullable = false)
    private Account host;

    @Column(name = "invite_only", nullable = false)
    private boolean inviteOnly;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Room() {
    }

    public Room(String name, String description, String passwordHash, int capacity, Account host,
            boolean inviteOnly, Instant createdAt) {
        this.name = name;
        this.nameKey = Names.key(name);
        this.description = description;
        this.passwordHash = passwordHash;
        this.capacity = capacity;
        this.host = host;
        this.inviteOnly = inviteOnly;
        this.createdAt = createdAt;
    }


    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public boolean isLocked() {
        return passwordHash != null;
    }

    public int getCapacity() {
        return capacity;
    }

    public Account getHost() {
        return host;
    }

    public boolean isInviteOnly() {
        return inviteOnly;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void describe(String newDescription) {
        this.description = newDescription;
    }

    /** Sets or (with null) removes the password. */
    public void lock(String newPasswordHash) {
        this.passwordHash = newPasswordHash;
    }

    /** Only for the hand-over, which also changes the memberships' roles in the same transaction. */
    public void handTo(Account newHost) {
        this.host = newHost;
    }
}
