package dev.parley.registry.room;

/** A room about to be made, its rules already checked; {@code passwordHash} is Argon2id PHC text or null. */
public record NewRoom(String name, String description, String passwordHash, int capacity, boolean inviteOnly) {
}
