package dev.parley.registry.room;

import java.util.Locale;

/** What a member is in a room; exactly one member of a room is its host. */
public enum RoomRole {
    HOST,
    MEMBER;

    /** The word stored in the database (the protocol has its own enum, in lower case too). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoomRole ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
