package dev.parley.registry.room;

import java.time.Instant;

/** One member of a room as the database knows them; where to reach them comes from presence. */
public record MemberView(String username, RoomRole role, Instant joinedAt, String identityKey) {
}
