package dev.parley.protocol.registry;

import dev.parley.protocol.Length;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Message;
import dev.parley.protocol.MessageCatalog;
import dev.parley.protocol.Nullable;
import dev.parley.protocol.Range;
import dev.parley.protocol.mail.Envelope;
import java.util.List;

/**
 * Every request a client sends the registry, one record each; the answers are in
 * {@link RegistryAnswer}, what the registry sends on its own in {@link RegistryEvent}. docs/PROTOCOL.md
 * describes each with an example. The records check types and bounds; the registry's services
 * check the domain rules (a username's characters, a room's capacity).
 */
public sealed interface RegistryRequest {

    /** Reads a request frame; unknown types and bad fields are refused with a 400 reason. */
    MessageCatalog<RegistryRequest> CATALOG = MessageCatalog.of(RegistryRequest.class);

    /** The first request on a link: the protocol version this client speaks. */
    @Message("HELLO")
    record Hello(String version, @Nullable String agent) implements RegistryRequest {
    }

    /** Create an account; {@code identityKey} is the account's identity public key (base64 X.509). */
    @Message("REGISTER")
    record Register(String username, String password,
            @Nullable String identityKey) implements RegistryRequest {
        @Override
        public String toString() {
            return "Register[username=" + username + "]"; // never the password
        }
    }

    /**
     * Would REGISTER take this name? Answered before login, so a client can say a taken or
     * malformed name before it asks for a password (twice): 200 when free, 409 taken, 400 invalid.
     */
    @Message("USERNAME_CHECK")
    record UsernameCheck(String username) implements RegistryRequest {
    }

    /**
     * Start a session; {@code peerPort} is where this client accepts peer links, absent for a client
     * that cannot accept any (a browser): everything sent to it then goes through the registry.
     */
    @Message("LOGIN")
    record Login(String username, String password,
            @Nullable @Range(min = 1, max = 65535) Integer peerPort, @Nullable String resumeToken,
            @Nullable String identityKey, @Nullable @Length(max = LoginProof.MAX_LENGTH) String proof)
            implements RegistryRequest {
        /** A login that proves no device ({@link LoginProof}): checked by its password alone. */
        public Login(String username, String password, Integer peerPort, String resumeToken, String identityKey) {
            this(username, password, peerPort, resumeToken, identityKey, null);
        }

        @Override
        public String toString() {
            return "Login[username=" + username + ", peerPort=" + peerPort + "]"; // never the password or token
        }
    }

    /** End the session, keep the link. */
    @Message("LOGOUT")
    record Logout() implements RegistryRequest {
    }

    /** Who this session belongs to. */
    @Message("WHOAMI")
    record Whoami() implements RegistryRequest {
    }

    /** Look one user up. */
    @Message("SEARCH_USER")
    record SearchUser(String username) implements RegistryRequest {
    }

    /** The users online now, a page at a time, sorted by name. */
    @Message("LIST_ONLINE")
    record ListOnline(@Nullable Boolean detailed, @Nullable @Range(min = 0, max = Integer.MAX_VALUE) Integer offset,
            @Nullable @Range(min = 1, max = Limits.MAX_PAGE_SIZE) Integer limit) implements RegistryRequest {
    }

    /** The users whose sessions starting and ending this session wants to hear of (replaces the list). */
    @Message("WATCH")
    record Watch(List<String> users) implements RegistryRequest {
    }

    /** Keeps the session alive over the TLS link while UDP keepalives do not arrive. */
    @Message("KEEPALIVE")
    record KeepaliveOverLink() implements RegistryRequest {
    }

    /** Create a room; the creator is its host and first member. */
    @Message("ROOM_CREATE")
    record RoomCreate(String name, @Nullable String password,
            @Nullable Integer capacity,
            @Nullable String description) implements RegistryRequest {
        @Override
        public String toString() {
            return "RoomCreate[name=" + name + "]";
        }
    }

    /** The rooms this session may see, a page at a time, sorted by name. */
    @Message("ROOM_LIST")
    record RoomList(@Nullable Boolean detailed, @Nullable @Range(min = 0, max = Integer.MAX_VALUE) Integer offset,
            @Nullable @Range(min = 1, max = Limits.MAX_PAGE_SIZE) Integer limit, @Nullable Boolean total)
            implements RegistryRequest {
    }

    /** Enter a room (with its password if it has one). */
    @Message("ROOM_JOIN")
    record RoomJoin(String name, @Nullable String password)
            implements RegistryRequest {
        @Override
        public String toString() {
            return "RoomJoin[name=" + name + "]";
        }
    }

    /** Leave a room. */
    @Message("ROOM_LEAVE")
    record RoomLeave(String name) implements RegistryRequest {
    }

    /** Who is in a room now, with where to reach them (members only). */
    @Message("ROOM_MEMBERS")
    record RoomMembers(String name) implements RegistryRequest {
    }

    /** Host only: remove a member. */
    @Message("ROOM_KICK")
    record RoomKick(String name, String username) implements RegistryRequest {
    }

    /** Host only: remove a member and keep them out. */
    @Message("ROOM_BAN")
    record RoomBan(String name, String username) implements RegistryRequest {
    }

    /** Host only: change what is named; {@code clearPassword} opens a locked room. */
    @Message("ROOM_UPDATE")
    record RoomUpdate(String name, @Nullable String description,
            @Nullable String password, @Nullable Boolean clearPassword) implements RegistryRequest {
        @Override
        public String toString() {
            return "RoomUpdate[name=" + name + "]";
        }
    }

    /** Make an invite-only room and invite these users to it. */
    @Message("GROUP_CREATE")
    record GroupCreate(List<String> usernames) implements RegistryRequest {
    }

    /** Accept or decline an invitation to a room. */
    @Message("ROOM_INVITE_ANSWER")
    record RoomInviteAnswer(String name, boolean accept) implements RegistryRequest {
    }

    /**
     * Leave a sealed message for a user: kept in their mailbox until their client fetches and
     * acknowledges it, and passed on at once as a MAIL event while they are online (relay).
     */
    @Message("MAIL_DEPOSIT")
    record MailDeposit(Envelope envelope) implements RegistryRequest {
    }

    /** The mail waiting for this session's user, oldest first, a page at a time. */
    @Message("MAIL_FETCH")
    record MailFetch(@Nullable @Range(min = 1, max = Limits.MAX_MAIL_PAGE) Integer limit) implements RegistryRequest {
    }

    /** These messages are on this user's disk: the registry deletes them and tells their senders. */
    @Message("MAIL_ACK")
    record MailAck(@Length(min = 1, max = Limits.MAX_MAIL_PAGE) List<MailRef> mail) implements RegistryRequest {
    }

    /** One message in a user's mailbox: who sent it and its id. */
    record MailRef(String from, String id) {
    }

    /** The receipts waiting for this session's user (for mail it sent), oldest first. */
    @Message("RECEIPT_FETCH")
    record ReceiptFetch(@Nullable @Range(min = 1, max = Limits.MAX_MAIL_PAGE) Integer limit) implements RegistryRequest {
    }

    /** These receipts are on this user's disk: the registry forgets them. */
    @Message("RECEIPT_ACK")
    record ReceiptAck(@Length(min = 1, max = Limits.MAX_MAIL_PAGE) List<ReceiptRef> receipts)
            implements RegistryRequest {
    }

    /** One receipt: to whom the message went and its id. */
    record ReceiptRef(String to, String id) {
    }
}
