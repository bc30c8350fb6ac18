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
    CHAT_CLOSE,
    /** Client to registry: create a room; the creator is its host and first member. */
    ROOM_CREATE,
    /** Client to registry: the rooms, paged; members' names on request. */
    ROOM_LIST,
    /** Client to registry: enter a room (password if it has one). */
    ROOM_JOIN,
    /** Client to registry: leave a room. */
    ROOM_LEAVE,
    /** Client to registry: who is in a room now, with where to reach them (members only). */
    ROOM_MEMBERS,
    /** Client to registry, host only: remove a member. */
    ROOM_KICK,
    /** Client to registry, host only: remove a member and keep them out. */
    ROOM_BAN,
    /** Client to registry, host only: change the password or the description. */
    ROOM_UPDATE,
    /** Client to registry: make an invite-only room and invite people to it. */
    GROUP_CREATE,
    /** Client to registry: accept or decline an invitation to a room. */
    ROOM_INVITE_ANSWER,
    /** Registry to members, an event: someone entered the room. */
    ROOM_JOINED,
    /** Registry to members, an event: someone left, was kicked or banned, or went offline. */
    ROOM_LEFT,
    /** Registry to members, an event: the host changed. */
    ROOM_HOST,
    /** Registry to members, an event: the password or description changed. */
    ROOM_UPDATED,
    /** Registry to an invitee, an event: an invitation to a room. */
    ROOM_INVITATION,
    /** Registry to the inviter, an event: an invitee accepted or declined. */
    ROOM_INVITATION_ANSWER,
    /** Peer to peer: one room message, sent by its author to every member; the response is its receipt. */
    ROOM_MESSAGE,
    /** Client to registry: the users whose sessions starting and ending this session wants to hear of (replaces the list). */
    WATCH,
    /** Registry to watchers, an event: a watched user came online (with where to reach them) or went offline. */
    PRESENCE,
    /** Client to registry: keeps the session alive over the TLS link while UDP keepalives do not arrive. */
    KEEPALIVE,
    /** Registry to a client, an event: its UDP keepalives stopped arriving while its link is open. */
    KEEPALIVE_MISSING;

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
