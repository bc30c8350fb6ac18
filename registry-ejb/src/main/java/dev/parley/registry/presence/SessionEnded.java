package dev.parley.registry.presence;

/** CDI event: a session ended without its link asking (missed keepalives, or taken over by a resume). */
public record SessionEnded(String sessionId, String username, String reason) {
}
