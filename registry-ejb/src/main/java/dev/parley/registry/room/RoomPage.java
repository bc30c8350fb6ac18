package dev.parley.registry.room;

import java.util.List;
import java.util.OptionalInt;

/**
 * One page of the rooms a user may see, sorted by name; whether more follow; and how many there
 * are in all, when that was asked for.
 */
public record RoomPage(OptionalInt total, int offset, boolean more, List<RoomView> rooms) {
}
