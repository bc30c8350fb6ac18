package dev.parley.registry.room;

/** Why someone is no longer in a room, as ROOM_LEFT reports it. */
public enum LeaveReason {
    LEFT,
    OFFLINE,
    KICKED,
    BANNED
}
