package dev.parley.registry.room;

/**
 * What a host changes in a room. Each part applies only when its flag is set: a null
 * {@code description} then removes the description, a null {@code passwordHash} the password.
 */
public record RoomChange(boolean describe, String description, boolean relock, String passwordHash) {
}
