package dev.parley.registry.room;

import java.util.List;

/**
 * CDI event: something happened in a room that the users named in {@link #recipients()} should
 * hear at once. Fired only after the change committed; the gateway turns it into a frame for each
 * recipient's link.
 */
public sealed interface RoomEvent {

    /** Usernames as registered; only these users are told. */
    List<String> recipients();

    /** Someone entered the room. */
    record MemberJoined(List<String> recipients, String room, MemberView member) implements RoomEvent {
    }

    /** Someone is no longer in the room, and why. */
    record MemberLeft(List<String> recipients, String room, String username, LeaveReason reason) implements RoomEvent {
    }

    /** The room has a new host. */
    record HostChanged(List<String> recipients, String room, String host) implements RoomEvent {
    }

    /** The host changed the description or the password. */
    record RoomUpdated(List<String> recipients, String room, String description, boolean locked) implements RoomEvent {
    }

    /** The recipients are invited into the room by {@code from}. */
    record Invited(List<String> recipients, String room, String from, List<String> members, List<String> invited)
            implements RoomEvent {
    }

    /** An invitee accepted or declined; told to the inviter. */
    record InvitationAnswered(List<String> recipients, String room, String username, boolean accepted)
            implements RoomEvent {
    }
}
