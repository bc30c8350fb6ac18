package dev.parley.registry.room;

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

/** A user the host keeps out of a room; lasts until the room is deleted. */
@Entity
@Table(name = "room_ban")
@NamedQuery(name = RoomBan.COUNT, query = "select count(b) from RoomBan b"
        + " where b.room = :room and b.account.usernameKey = :usernameKey")
public class RoomBan {
    public static final String COUNT = "RoomBan.count";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "room_id", nullable = false)
    private Room room;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(name = "banned_at", nullable = false)
    private Instant bannedAt;

    protected RoomBan() {
    }

    public RoomBan(Room room, Account account, Instant bannedAt) {
        this.room = room;
        this.account = account;
        this.bannedAt = bannedAt;
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

    public Instant getBannedAt() {
        return bannedAt;
    }
}
