package dev.parley.protocol;

import java.util.Optional;

/**
 * Every frame type of both links, registry and peer; the wire name is the enum name. HELLO,
 * RESPONSE and BYE serve both; the CHAT_ types travel only between peers.
 */
public enum MessageType {
    /** First frame on a link: protocol version handshake (on a peer link it also names the caller). */
    HELLO,
    /** Create an account. */
    REGISTER,
    /** Start a session; reports the client's peer port. */
    LOGIN,
    /** End the session, keep the link. */
    LOGOUT,
    /** Who this session belongs to. */
    WHOAMI,
    /** Look one user up: online with address, offline, or no such user. */
    SEARCH_USER,
    /** The users online now, paged. */
    LIST_ONLINE,
    /** Registry to client: the answer to a request, echoing its id. */
    RESPONSE,
    /** An event: the sender is closing this link, and why. */
    BYE,
    /** Peer to peer: asks the other user for a conversation; answered when they accept, reject, or are busy. */
    CHAT_REQUEST,
    /** Peer to peer: one chat message; the response is its delivery receipt. */
    CHAT_MESSAGE,
    /** Peer to peer, an event: the user ended the conversation (or logged out); the link closes after it. */
    CHAT_CLOSE;

    /** The type named on the wire, if it is one of ours. */
    public static Optional<MessageType> fromWire(String name) {
        for (MessageType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
