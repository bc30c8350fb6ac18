package dev.parley.client.registry;

/** The registry's answer to "where is NAME?": the name as registered, and where its peer listener is if online. */
public record UserPresence(String username, boolean online, String address, int peerPort) {
}
