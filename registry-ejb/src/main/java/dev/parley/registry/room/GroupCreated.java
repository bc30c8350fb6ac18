package dev.parley.registry.room;

import java.util.List;

/** A new invite-only group: the room, who was invited, and who was not because they are offline. */
public record GroupCreated(RoomView room, List<String> invited, List<String> offline) {
}
