package dev.parley.protocol.registry;

import dev.parley.protocol.Message;
import dev.parley.protocol.MessageCatalog;
import dev.parley.protocol.Nullable;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import java.util.List;

/** Every frame the registry sends on its own (no id), one record each. */
public sealed interface RegistryEvent {

    /** Reads an event frame; unknown types and bad fields are refused with a reason. */
    MessageCatalog<RegistryEvent> CATALOG = MessageCatalog.of(RegistryEvent.class);

    /**
     * The registry closes this link, and why. {@code reason} {@code keepalive-timeout} (with the
     * registry's {@code udpPort}) when the session missed its keepalives.
     */
    @Message("BYE")
    record Bye(int status, String message, @Nullable String reason, @Nullable Integer udpPort) implements RegistryEvent {
        /** The reason a session that missed its keepalives is closed with. */
        public static final String KEEPALIVE_TIMEOUT = "keepalive-timeout";
    }

    /** A watched user came online (with where to reach them) or went offline. */
    @Message("PRESENCE")
    record Presence(String user, boolean online, @Nullable String address, @Nullable Integer peerPort,
            @Nullable String identityKey) implements RegistryEvent {
    }

    /** This session's UDP keepalives stopped arriving while its link is open. */
    @Message("KEEPALIVE_MISSING")
    record KeepaliveMissing(int udpPort, long silentSeconds) implements RegistryEvent {
    }

    /** Someone entered a room this session is in. */
    @Message("ROOM_JOINED")
    record RoomJoined(String room, RoomMember member) implements RegistryEvent {
    }

    /** Someone left a room, was kicked or banned, or went offline. */
    @Message("ROOM_LEFT")
    record RoomLeft(String room, String username, LeaveReason reason) implements RegistryEvent {
    }

    /** Why a member is no longer in a room. */
    enum LeaveReason {
        LEFT, OFFLINE, KICKED, BANNED
    }

    /** A room has a new host. */
    @Message("ROOM_HOST")
    record RoomHost(String room, String host) implements RegistryEvent {
    }

    /** A room's description or password changed ({@code description} is {@code ""} when there is none). */
    @Message("ROOM_UPDATED")
    record RoomUpdated(String room, String description, boolean locked) implements RegistryEvent {
    }

    /** An invitation to an invite-only room. */
    @Message("ROOM_INVITATION")
    record RoomInvitation(String room, String from, List<String> members, List<String> invited) implements RegistryEvent {
    }

    /** To the inviter: an invitee accepted or declined. */
    @Message("ROOM_INVITATION_ANSWER")
    record RoomInvitationAnswer(String room, String username, boolean accepted) implements RegistryEvent {
    }

    /**
     * A message for this session's user, deposited while it is online (relayed). It stays in the
     * mailbox until the client acknowledges it with MAIL_ACK, like fetched mail.
     */
    @Message("MAIL")
    record Mail(Envelope envelope) implements RegistryEvent {
    }

    /** What became of a message this session's user sent through the registry; acknowledged with RECEIPT_ACK. */
    @Message("MAIL_RECEIPT")
    record Receipt(MailReceipt receipt) implements RegistryEvent {
    }
}
