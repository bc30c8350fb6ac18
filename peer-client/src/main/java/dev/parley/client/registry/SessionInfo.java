package dev.parley.client.registry;

import java.time.Instant;

/** The registry's view of this client's session (WHOAMI): who, where peers reach it, since when. */
public record SessionInfo(String username, String address, int peerPort, Instant since) {
}
