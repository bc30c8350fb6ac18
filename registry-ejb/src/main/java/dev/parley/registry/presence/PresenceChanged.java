package dev.parley.registry.presence;

import java.util.Set;

/**
 * CDI event: a user's online state changed for those watching them: their session started (or
 * came back after being shown offline, or now answers at another address), or it ended or lost its
 * link. {@code session} says where to reach them while {@code online}. {@code watchers} are the ids
 * of the sessions that asked (WATCH) to hear of this user, taken when it happened.
 */
public record PresenceChanged(Session session, boolean online, Set<String> watchers) {
}
