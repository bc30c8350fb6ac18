package dev.parley.registry.directory;

/**
 * The answer to "where is this user": the name as registered, an address only when online, and
 * the account's identity public key (canonical base64) or null when it has none.
 */
public record UserLookup(String username, boolean online, String address, Integer peerPort, String identityKey) {
}
