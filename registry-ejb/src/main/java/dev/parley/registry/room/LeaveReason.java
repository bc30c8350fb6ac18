package dev.parley.registry.room;

import java.util.Locale;

/** Why someone is no longer in a room, as ROOM_LEFT reports it. */
public enum LeaveReason {
    LEFT,
    OFFLINE,
    KICKED,
    BANNED;

    /** The word sent on the wire. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
