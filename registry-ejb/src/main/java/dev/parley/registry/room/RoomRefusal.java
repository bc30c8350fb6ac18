package dev.parley.registry.room;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;

/** Every way a room request is refused, with the status, the words and the machine-readable reason of PROTOCOL.md. */
public final class RoomRefusal {

    private RoomRefusal() {
    }

    public static RequestRefused invalid(String rule) {
        return new RequestRefused(Status.BAD_REQUEST, rule, "invalid");
    }

    static RequestRefused taken(String name) {
        return new RequestRefused(Status.CONFLICT, "the room name " + name + " is taken", "taken");
    }

    static RequestRefused noSuchRoom(String name) {
        return new RequestRefused(Status.NOT_FOUND, "no room named " + name, "no-such-room");
    }

    static RequestRefused passwordRequired(String room) {
        return new RequestRefused(Status.UNAUTHORIZED, room + " needs a password", "password-required");
    }

    static RequestRefused wrongPassword(String room) {
        return new RequestRefused(Status.FORBIDDEN, "wrong password for " + room, "wrong-password");
    }

    static RequestRefused full(String room, long members, int capacity) {
        return new RequestRefused(Status.LOCKED, room + " is full (" + members + " of " + capacity + ")", "full");
    }

    static RequestRefused banned(String room) {
        return new RequestRefused(Status.FORBIDDEN, "you are banned from " + room, "banned");
    }

    static RequestRefused inviteOnly(String room) {
        return new RequestRefused(Status.FORBIDDEN, room + " is invite-only", "invite-only");
    }

    static RequestRefused alreadyMember(String room) {
        return new RequestRefused(Status.CONFLICT, "you are already in " + room, "already-member");
    }

    /** Leaving a room you are not in: there is nothing of yours to find (404). */
    static RequestRefused notInRoomToLeave(String room) {
        return new RequestRefused(Status.NOT_FOUND, "you are not in " + room, "not-member");
    }

    /** Asking about a room you are not in: it exists but is not yours to see (403). */
    static RequestRefused notInRoomToSee(String room) {
        return new RequestRefused(Status.FORBIDDEN, "you are not in " + room, "not-member");
    }

    static RequestRefused targetNotInRoom(String username, String room) {
        return new RequestRefused(Status.NOT_FOUND, username + " is not in " + room, "not-member");
    }

    static RequestRefused notHost(String room) {
        return new RequestRefused(Status.FORBIDDEN, "only the host of " + room + " can do that", "not-host");
    }

    static RequestRefused self(String action) {
        return new RequestRefused(Status.BAD_REQUEST, "you cannot " + action + " yourself", "self");
    }

    static RequestRefused noSuchUser(String username) {
        return new RequestRefused(Status.NOT_FOUND, "no user named " + username, "no-such-user");
    }

    static RequestRefused noInvitation(String room) {
        return new RequestRefused(Status.NOT_FOUND, "no invitation to " + room, "no-invitation");
    }
}
