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

/** An open invitation to a room: who may come in without a password or past invite-only, and who asked them. */
@Entity
@Table(name = "room_invitation")
@NamedQuery(name = RoomInvitation.FIND, query = "select i from RoomInvitation i join fetch i.inviter"
        + " where i.room = :room and i.invitee.usernameKey = :usernameKey")
@NamedQuery(name = RoomInvitation.DELETE_TO, query = "delete from RoomInvitation i where i.invitee in"
        + " (select a from Account a where a.usernameKey = :usernameKey)")
@NamedQuery(name = RoomInvitation.INVITEE_NAMES, query = "select a.username from Account a"
        + " where a.id in (select i.invitee.id from RoomInvitation i)")
public class RoomInvitation {
    public static final String FIND = "RoomInvitation.find";
    /** Every invitation to one user: they went offline, and invitations are delivered to a session. */
    public static final String DELETE_TO = "RoomInvitation.deleteTo";
    /** Everyone with an open invitation, once each (from the room_invitation_invitee index). */
    public static final String INVITEE_NAMES = "RoomInvitation.inviteeNames";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "room_id", nullable = false)
    private Room room;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "invitee_id", nullable = false)
    private Account invitee;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "inviter_id", nullable = false)
    private Account inviter;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected RoomInvitation() {
    }

    public RoomInvitation(Room room, Account invitee, Account inviter, Instant createdAt) {
        this.room = room;
        this.invitee = invitee;
        this.inviter = inviter;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Room getRoom() {
        return room;
    }

    public Account getInvitee() {
        return invitee;
    }

    public Account getInviter() {
        return inviter;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
