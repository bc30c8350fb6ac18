package dev.parley.registry.room;

import java.util.List;

/** One page of the rooms a user may see, sorted by name, and how many there are in all. */
public record RoomPage(int total, int offset, List<RoomView> rooms) {
}
