package dev.parley.protocol;

import java.util.Optional;

/** Every frame type of the registry link; the wire name is the enum name. */
public enum MessageType {
    /** Client to registry, first frame on a link: protocol version handshake. */
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
    /** Registry to client, an event: the registry is closing this link, and why. */
    BYE;

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
