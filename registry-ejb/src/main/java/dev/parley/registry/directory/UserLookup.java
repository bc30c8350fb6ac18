package dev.parley.registry.directory;

/** The answer to "where is this user": the name as registered, and an address only when online. */
public record UserLookup(String username, boolean online, String address, int peerPort) {
}
