package dev.parley.client.registry;

/** One entry of the online list; address and port are empty/0 unless the long form was asked for. */
public record OnlineUser(String username, String address, int peerPort) {
}
