package dev.parley.registry.room;

/**
 * An invitation answered: the room, who had invited, who answered (names as registered), and the
 * room as the new member sees it when accepted (null when declined).
 */
public record InvitationAnswer(String room, String inviter, String invitee, RoomView joined) {
}
