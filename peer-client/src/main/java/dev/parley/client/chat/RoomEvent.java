package dev.parley.client.chat;

import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.registry.RegistryEvent;
import java.util.List;

/**
 * What happens in the rooms this user is in ({@link Rooms}): answers to room commands, the
 * registry's room events, and room messages. {@code room} is the room's name without {@code #};
 * {@code members} are user names in the registry's order.
 */
public sealed interface RoomEvent extends ChatEvent {

    // ---- this user's room commands ----

    record Created(String room) implements RoomEvent {
    }

    /** This user is in the room now (/join, or an accepted invitation). */
    record Joined(String room, int capacity, String host, List<String> members) implements RoomEvent {
        public Joined {
            members = List.copyOf(members);
        }
    }

    /** This user left; {@code deleted}: they were the last, so the room is gone. */
    record Left(String room, boolean deleted) implements RoomEvent {
    }

    /** /leave of a room the registry had already taken this user out of. */
    record LeftAlready(String room) implements RoomEvent {
    }

    /** One room of /rooms; {@code memberNames} is null unless the long form was asked for. */
    record Listing(String room, String description, int memberCount, int capacity, String host, boolean locked,
            List<String> memberNames) {
    }

    /** Every room the registry lists (/rooms). */
    record Listed(List<Listing> rooms) implements RoomEvent {
        public Listed {
            rooms = List.copyOf(rooms);
        }
    }

    /** Who is in the room (/members). */
    record Members(String room, int capacity, String host, List<String> members) implements RoomEvent {
        public Members {
            members = List.copyOf(members);
        }
    }

    /** This user (the host) kicked {@code user} out, or {@code banned} them. */
    record Kicked(String user, String room, boolean banned) implements RoomEvent {
    }

    /**
     * The room's description or password changed: by this user's /topic, /lock or /unlock
     * ({@code byMe}), or as the registry reports. {@code description} is made printable.
     */
    record Updated(String room, String description, boolean locked, boolean byMe) implements RoomEvent {
    }

    /** /group made an invite-only room; {@code offline} could not be invited. */
    record GroupCreated(String room, List<String> invited, List<String> offline) implements RoomEvent {
        public GroupCreated {
            invited = List.copyOf(invited);
            offline = List.copyOf(offline);
        }
    }

    /** This user declined the invitation to the room. */
    record InvitationDeclined(String room) implements RoomEvent {
    }

    /** The room is the current buffer now; {@code unread} messages waited in it. */
    record Switched(String room, int unread) implements RoomEvent {
    }

    /** /join of a room this user is in already: it became the current buffer instead. */
    record AlreadyIn(String room, int unread) implements RoomEvent {
    }

    /** The last messages of the room from the local store, oldest first; empty when there is no history. */
    record History(String room, List<ConversationLog.Entry> entries) implements RoomEvent {
        public History {
            entries = List.copyOf(entries);
        }
    }

    // ---- what the registry says ----

    /** {@code from} invites this user into the room, with these members and others invited. */
    record Invited(String from, String room, List<String> with) implements RoomEvent {
        public Invited {
            with = List.copyOf(with);
        }
    }

    /** Someone this user invited answered. */
    record InvitationAnswered(String user, String room, boolean accepted) implements RoomEvent {
    }

    record MemberJoined(String user, String room) implements RoomEvent {
    }

    /** Someone else left the room; {@code reason} is the registry's: left, offline, kicked or banned. */
    record MemberLeft(String user, String room, RegistryEvent.LeaveReason reason) implements RoomEvent {
    }

    /** The registry took this user out of the room; {@code reason} is kicked, banned or offline. */
    record Removed(String room, RegistryEvent.LeaveReason reason) implements RoomEvent {
    }

    record HostChanged(String host, String room) implements RoomEvent {
    }

    /**
     * After the session was won back the registry does not have this user in a room this client
     * showed; {@code gone}: nobody is in it any more, so it no longer exists.
     */
    record LostWithSession(String room, boolean gone) implements RoomEvent {
    }

    /** After a login: the registry kept this user in a room from their last session. */
    record StillIn(String room, int capacity, String host, List<String> members) implements RoomEvent {
        public StillIn {
            members = List.copyOf(members);
        }
    }

    /** A room request found the registry no longer has this user in the room; {@code gone}: the room no longer exists. */
    record NoLongerIn(String room, boolean gone) implements RoomEvent {
    }

    // ---- room messages ----

    /** The message is synced to this user's disk and goes out to the {@code others} other members now. */
    record Sending(String room, ChatMessage message, int others) implements RoomEvent {
    }

    /** Nobody else is in the room: the message stays in the history only. */
    record Alone(String room) implements RoomEvent {
    }

    /** The message could not be stored ({@code reason}), so nothing was sent. */
    record NotStored(String room, String reason) implements RoomEvent {
    }

    /** Every member has answered, or failed to: {@code delivered} of {@code of} have it; why the others do not. */
    record Delivery(String room, ChatMessage message, int delivered, int of, List<String> notReached)
            implements RoomEvent {
        public Delivery {
            notReached = List.copyOf(notReached);
        }
    }

    /** /receipts: who has this user's last message in the room, and who not yet. */
    record Receipts(String room, ChatMessage message, List<String> delivered, List<String> waiting)
            implements RoomEvent {
        public Receipts {
            delivered = List.copyOf(delivered);
            waiting = List.copyOf(waiting);
        }
    }

    /** A message from a member, stored and receipted: the user reads it now. */
    record Received(String room, ChatMessage message) implements RoomEvent {
    }

    /** A member's message arrived in a room that is not the current buffer. */
    record UnreadElsewhere(String room) implements RoomEvent {
    }

    /** A message from {@code sender}, who is not in the room, was refused. */
    record Dropped(String room, String sender) implements RoomEvent {
    }

    /** A message {@code sender} wrote in {@code room} while this user was in it came after they left: kept in its history. */
    record ArrivedAfterLeaving(String room, String sender) implements RoomEvent {
    }
}
