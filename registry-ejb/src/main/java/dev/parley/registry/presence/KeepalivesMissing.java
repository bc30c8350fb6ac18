package dev.parley.registry.presence;

/**
 * CDI event: an online session's UDP keepalives have not arrived for {@code silentSeconds} while its
 * TLS link is open, most likely because a firewall or NAT drops them. Its client is told once, so
 * it can keep the session alive over the link instead of expiring without knowing why.
 */
public record KeepalivesMissing(String sessionId, String username, long silentSeconds) {
}
