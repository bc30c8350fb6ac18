package dev.parley.registry.room;

import java.util.List;

/**
 * What one member leaving a room changed: who is still there (they hear of it), the new host if
 * the host left, and whether the room is gone because nobody is left. {@code username} is null
 * when nobody left (a ban of someone who was not in the room).
 */
public record Departure(String room, String username, List<String> remaining, String newHost, boolean deleted) {

    public Departure {
        remaining = List.copyOf(remaining);
    }

    public boolean someoneLeft() {
        return username != null;
    }
}
