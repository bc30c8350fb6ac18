package dev.parley.protocol.registry;

import dev.parley.protocol.Nullable;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;
import java.time.Instant;
import java.util.List;

/**
 * The fields of the registry's answers, beside the {@code status} and {@code message} every
 * RESPONSE carries: {@code XAnswer} answers the request {@code X} of {@link RegistryRequest}. An
 * answer with no fields of its own (LOGOUT) has no record; a refusal carries a {@link Refusal}.
 */
public interface RegistryAnswer {

    /** Any refusal (status 400 and up): what a program needs beside the human message. */
    record Refusal(@Nullable Integer retryAfterSeconds, @Nullable Boolean identityKeyMismatch, @Nullable String reason)
            implements RegistryAnswer {
        /** A refusal with nothing but its status and message. */
        public static final Refusal NONE = new Refusal(null, null, null);
    }

    /**
     * HELLO: the registry's version and how often to send keepalives, and where. {@code loginChallenge}
     * is this link's random challenge for a LOGIN's {@link LoginProof} (absent from registries before it).
     */
    record HelloAnswer(String version, long keepaliveIntervalSeconds, int udpPort, @Nullable String loginChallenge)
            implements RegistryAnswer {
        public HelloAnswer(String version, long keepaliveIntervalSeconds, int udpPort) {
            this(version, keepaliveIntervalSeconds, udpPort, null);
        }
    }

    /** REGISTER: the name as registered. */
    record RegisterAnswer(String username) implements RegistryAnswer {
    }

    /**
     * LOGIN: the session. {@code rooms} (sorted) are the rooms the session is in; absent only when
     * the registry's database could not say at that moment.
     */
    record LoginAnswer(String username, String sessionId, String keepaliveKey, long keepaliveIntervalSeconds,
            int udpPort, String resumeToken, String address, @Nullable String identityKey,
            @Nullable List<String> rooms) implements RegistryAnswer {
        @Override
        public String toString() {
            return "LoginAnswer[username=" + username + "]"; // never the keys or the token
        }
    }

    /** WHOAMI: this session's user, where the registry sees it (no port for a browser), and since when. */
    record WhoamiAnswer(String username, String address, @Nullable Integer peerPort, Instant since) implements RegistryAnswer {
    }

    /** SEARCH_USER: the user as registered; {@code address} and {@code peerPort} only while online. */
    record SearchUserAnswer(String username, boolean online, @Nullable String address, @Nullable Integer peerPort,
            @Nullable String identityKey) implements RegistryAnswer {
    }

    /** LIST_ONLINE: one page; {@code total} counts every user online. */
    record ListOnlineAnswer(int total, int offset, List<OnlineUser> users) implements RegistryAnswer {
    }

    /** One user of LIST_ONLINE; address and port only when asked for in detail. */
    record OnlineUser(String username, @Nullable String address, @Nullable Integer peerPort) {
    }

    /** WATCH: how many are watched, and those of them online now. */
    record WatchAnswer(int watching, List<WatchedUser> online) implements RegistryAnswer {
    }

    /** A watched user online now, and where its peer listener is (no port: reached through the registry only). */
    record WatchedUser(String user, String address, @Nullable Integer peerPort) {
    }

    /** KEEPALIVE: whether UDP datagrams arrive again (the client can then stop sending KEEPALIVE). */
    record KeepaliveAnswer(boolean udpKeepalivesArriving) implements RegistryAnswer {
    }

    /**
     * ROOM_CREATE, ROOM_JOIN, ROOM_MEMBERS, ROOM_UPDATE, ROOM_INVITE_ANSWER (accepting), GROUP_CREATE
     * (with {@code invited} and {@code offline}) and ROOM_LEAVE (only {@code deleted}, when the room
     * went with the last member).
     */
    record RoomAnswer(@Nullable RoomView room, @Nullable List<String> invited, @Nullable List<String> offline,
            @Nullable Boolean deleted) implements RegistryAnswer {
        public static RoomAnswer of(RoomView room) {
            return new RoomAnswer(room, null, null, null);
        }
    }

    /**
     * ROOM_LIST: one page of rooms without members. {@code more} says whether rooms follow;
     * {@code total} is left out when the request said {@code "total":false}.
     */
    record RoomListAnswer(@Nullable Integer total, int offset, @Nullable Boolean more, List<RoomView> rooms)
            implements RegistryAnswer {
    }

    /**
     * A room as answers show it. {@code members} (joining order) only for members of the room;
     * {@code memberNames} only in a detailed ROOM_LIST.
     */
    record RoomView(String name, String description, int capacity, int memberCount, String host, boolean locked,
            boolean inviteOnly, @Nullable List<RoomMember> members, @Nullable List<String> memberNames) {
    }

    /** A member of a room; address and port only while online, the identity key whenever there is one. */
    record RoomMember(String username, Role role, Instant joinedAt, boolean online, @Nullable String address,
            @Nullable Integer peerPort, @Nullable String identityKey) {
    }

    /** A member's part in a room. */
    enum Role {
        HOST, MEMBER
    }

    /**
     * MAIL_DEPOSIT: until when the registry keeps the message unread, and whether the recipient is
     * online now (then it went on to them at once, relayed).
     */
    record MailDepositAnswer(Instant expiresAt, boolean online) implements RegistryAnswer {
    }

    /** MAIL_FETCH: the oldest waiting messages; {@code more} when others follow. */
    record MailFetchAnswer(List<Envelope> mail, boolean more) implements RegistryAnswer {
    }

    /** RECEIPT_FETCH: the oldest waiting receipts; {@code more} when others follow. */
    record ReceiptFetchAnswer(List<MailReceipt> receipts, boolean more) implements RegistryAnswer {
    }
}
