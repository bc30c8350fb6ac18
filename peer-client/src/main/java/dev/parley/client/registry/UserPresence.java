package dev.parley.client.registry;

import java.util.Optional;

/**
 * The registry's answer to "where is NAME?": the name as registered, where its peer listener is
 * if online, and the account's identity key (base64) if it has one.
 */
public record UserPresence(String username, boolean online, String address, int peerPort, Optional<String> identityKey) {
}
