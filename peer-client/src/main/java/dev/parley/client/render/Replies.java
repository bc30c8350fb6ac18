package dev.parley.client.render;

import dev.parley.client.registry.OnlineUser;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.SessionInfo;
import dev.parley.protocol.registry.RegistryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The words of every line the client prints. Plain mode prints them exactly as written here, and
 * scripts and system tests match them, so change them only on purpose.
 */
public final class Replies {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Replies() {
    }

    public static String registered(String user) {
        return "registered " + user;
    }

    public static String loggedIn(String user) {
        return "logged in as " + user;
    }

    public static String loggedOut() {
        return "logged out";
    }

    public static String isOnline(String user, String address, int port) {
        return user + " is online at " + endpoint(address, port);
    }

    public static String isOffline(String user) {
        return user + " is offline";
    }

    public static String noSuchUser(String user) {
        return "no user named " + user;
    }

    public static String nobodyElseOnline() {
        return "nobody else is online";
    }

    /** Short form of /online: {@code online: alice, bob}. */
    public static String onlineNames(List<String> users) {
        return "online: " + String.join(", ", users);
    }

    /** Long form of /online: a count line, then one indented {@code name address:port} line per user. */
    public static String onlineDetails(List<OnlineUser> users) {
        StringBuilder b = new StringBuilder("online (").append(users.size()).append("):");
        for (OnlineUser u : users) {
            b.append('\n').append("  ").append(u.username()).append(' ').append(endpoint(u.address(), u.peerPort()));
        }
        return b.toString();
    }

    /** {@code you are alice (127.0.0.1:40211, since 17:02)}; the date is added when it is not today. */
    public static String whoami(SessionInfo info, ZoneId zone, LocalDate today) {
        StringBuilder b = new StringBuilder("you are ").append(info.username())
                .append(" (").append(endpoint(info.address(), info.peerPort()));
        if (info.since() != null) {
            ZonedDateTime since = info.since().atZone(zone);
            b.append(", since ").append((since.toLocalDate().equals(today) ? TIME : DATE_TIME).format(since));
        }
        return b.append(')').toString();
    }

    public static String pinned(RegistryAddress registry, String fingerprint) {
        return "pinned registry " + registry + ", certificate SHA-256 " + fingerprint;
    }

    public static String registryClosedLink(String reason) {
        return "the registry closed the link: " + reason;
    }

    /** The start's connection failed; the shell keeps trying, and its prompt says so meanwhile. */
    public static String registryUnreachable(String reason) {
        return error(reason + " — trying again in the background (the prompt shows " + NO_REGISTRY
                + " until it answers)");
    }

    public static String registryReached() {
        return "connected to the registry";
    }

    /** The prompt's mark while the registry could not be reached yet. */
    public static final String NO_REGISTRY = "(no registry)";

    /** The prompt's mark while a lost session is being won back. */
    public static final String RECONNECTING = "(reconnecting)";

    public static String lostRegistry() {
        return "lost the registry — reconnecting…";
    }

    /** The node in use of a registry cluster did not answer; another one did. */
    public static String registryMoved(RegistryAddress gone, RegistryAddress now) {
        return "the registry at " + gone + " is gone; carrying on with " + now;
    }

    public static String reconnected() {
        return "reconnected";
    }

    public static String keepalivesNotArriving(String host, int udpPort) {
        return "keepalives over UDP to " + host + ":" + udpPort + " are not arriving — check that UDP port " + udpPort
                + " is open to the registry (firewall, NAT); keeping your session alive over the TLS link meanwhile";
    }

    public static String keepalivesArriveAgain(String host, int udpPort) {
        return "keepalives over UDP to " + host + ":" + udpPort + " arrive again; the TLS link no longer carries them";
    }

    /** Why the registry ended the session, and what to check: its keepalives go over UDP, which firewalls drop. */
    public static String sessionExpired(String reason, String host, int udpPort) {
        return "the registry ended your session (" + reason + ") — keepalives go over UDP to " + host + ":" + udpPort
                + "; if this happens again, check that UDP port " + udpPort + " is open to the registry (firewall, NAT)."
                + " Logging in again; rooms you were in have been left";
    }

    public static String error(String reason) {
        return "error: " + reason;
    }

    /** Longest part of typed text said back in an error: a pasted paragraph is not echoed whole. */
    private static final int ECHOED_MAX = 40;

    public static String unknownCommand(String name) {
        return "unknown command /" + cut(name) + " — type /help";
    }

    /** Typed text echoed back in an error, cut so that a paste does not fill the screen. */
    public static String cut(String typed) {
        return typed.length() > ECHOED_MAX ? typed.substring(0, ECHOED_MAX) + "…" : typed;
    }

    public static String notInConversation() {
        return "not in a conversation — /chat NAME starts one, /help lists commands";
    }

    public static String chatRequested(String peer) {
        return "asked " + peer + " to chat — waiting for an answer";
    }

    public static String chatInvitation(String peer) {
        return peer + " wants to chat — /accept " + peer + " or /reject " + peer;
    }

    public static String chatAccepted(String peer) {
        return peer + " accepted — chatting with " + peer + " (type to send, /exit to end)";
    }

    public static String chatOpened(String peer) {
        return "chatting with " + peer + " (type to send, /exit to end)";
    }

    public static String chatRejected(String peer) {
        return peer + " rejected the chat";
    }

    public static String youRejected(String peer) {
        return "rejected " + peer;
    }

    public static String chatBusy(String peer) {
        return peer + " is busy (do not disturb)";
    }

    public static String answeredBusy(String peer) {
        return peer + " asked to chat; answered busy (do not disturb is on)";
    }

    public static String busy(boolean on) {
        return on ? "do not disturb is on — chat requests are answered busy" : "do not disturb is off";
    }

    public static String noAnswer(String peer, String reason) {
        return peer + " did not answer: " + reason;
    }

    /** The reason of {@link #noAnswer} when a chat request timed out. */
    public static String noAnswerWithin(Duration waited) {
        return "no answer within " + waited.toMinutes() + " minutes";
    }

    public static String requestWithdrawn(String peer) {
        return peer + " withdrew the chat request";
    }

    public static String chatEndedByPeer(String peer) {
        return peer + " ended the conversation";
    }

    public static String peerLoggedOut(String peer) {
        return peer + " logged out — the conversation goes on, and what you write waits for " + peer;
    }

    public static String chatEnded(String peer) {
        return "ended the conversation with " + peer;
    }

    public static String historyUnreadable(String peer, String reason) {
        return "cannot read the history with " + peer + ": " + reason;
    }

    /** A message that could not be stored in its conversation's {@code file} yet (and so is not sent). */
    public static String messageNotStored(Path file, String reason) {
        return "cannot store the message in " + file + ": " + reason
                + " — not sent; trying again, and it goes out once it is stored";
    }

    /** Mail from {@code peer} that could not be stored in their conversation's {@code file}. */
    public static String mailNotStored(String peer, Path file, String reason) {
        return "cannot store " + peer + "'s message in " + file + ": " + reason
                + " — it stays on the registry and is fetched again";
    }

    /** A room message that could not be stored (and so was sent to nobody). */
    public static String roomMessageNotStored(String reason) {
        return "cannot store the message: " + reason + " — nothing was sent";
    }

    /** After a chat line of one's own: the message is on this computer's disk and goes out. */
    public static String sentSuffix() {
        return " — sent";
    }

    /** After a room line of one's own: the message goes out to {@code members} others. */
    public static String sendingToSuffix(int members) {
        return " — sending to " + members;
    }

    /** After a sent message in history: whether and when its receipt came. */
    /**
     * After a received line shown at our own time: what the sender's clock said. Given as it came
     * (UTC), since a time that far off may be no date this zone can show.
     */
    public static String senderClockSuffix(String sender, java.time.Instant sentAt) {
        return " (" + sender + "'s clock says " + sentAt + ")";
    }

    public static String historySuffix(String deliveredAt) {
        return deliveredAt == null ? " — not delivered yet" : " — delivered " + deliveredAt;
    }

    public static String peerLost(String peer, String reason) {
        return "lost " + peer + " (" + reason + ") — unsent messages are kept and sent when " + peer + " is back";
    }

    public static String switched(String peer, int unread) {
        return "now in " + peer + (unread > 0 ? " (" + unread + " unread)" : "");
    }

    /** /join of a room you are in: {@code you are already in #hall — now in #hall}. */
    public static String alreadyInRoom(String room, int unread) {
        return "you are already in #" + room + " — " + switched("#" + room, unread);
    }

    public static String newMessageElsewhere(String peer) {
        return "new message from " + peer + " — /switch " + peer;
    }

    /** {@code delivered to bob at 14:02:03: "hello"}. */
    /**
     * What is written to {@code peer} goes through the registry, sealed: said when that starts, and
     * when why changes. {@code relayReason}: why no direct link ({@code cannot reach bob directly},
     * {@code bob has not accepted the conversation yet}); null: they are offline.
     */
    public static String viaRegistry(String peer, String relayReason) {
        return relayReason != null
                ? relayReason + " — the conversation is relayed through the registry"
                        + " (still end-to-end encrypted)"
                : peer + " is offline — it will wait for " + peer + " on the registry (sealed: only " + peer
                        + " can read it)";
    }

    public static String directAgain(String peer) {
        return "a direct link to " + peer + " works again — no longer through the registry";
    }

    public static String mailSlowedDown(String peer, long seconds) {
        return "the registry takes messages more slowly than you wrote them — the rest to " + peer + " go out in "
                + seconds + " s, in order";
    }

    /** /login while another parley on this computer is logged in with the same account folder. */
    public static String accountFolderInUse(String username, java.nio.file.Path folder) {
        return "another parley is logged in as " + username + " with this folder (" + folder
                + ") — use that one, or /logout there first";
    }

    public static String mailWhileAway(String peer, int count) {
        return "while you were away: " + count + (count == 1 ? " message" : " messages") + " from " + peer;
    }

    public static String mailHeld(String peer, int count) {
        return peer + " left you " + (count == 1 ? "a message" : count + " messages") + " — /accept " + peer
                + " to read " + (count == 1 ? "it" : "them") + ", or /reject " + peer;
    }

    public static String mailRefused(String peer, String reason) {
        String why = reason.startsWith("WARNING: ") ? reason.substring("WARNING: ".length()) : reason;
        return "WARNING: a message said to be from " + peer + " was refused: " + why
                + " — it was not shown, and stays on the registry until it expires";
    }

    public static String mailExpired(String peer, String body) {
        return "your message to " + peer + " expired unread on the registry: " + quote(body)
                + " — it stays in the outbox and goes out when " + peer + " can be reached directly";
    }

    public static String delivered(String peer, String time, String body) {
        return "delivered to " + peer + " at " + time + ": " + quote(body);
    }

    public static String notDelivered(String peer, String reason, String body) {
        return "not delivered to " + peer + ": " + reason + " — " + quote(body)
                + " stays in the outbox and is sent again when " + peer + " is back";
    }

    public static String resending(String peer, int count) {
        return "sending " + count + (count == 1 ? " earlier message" : " earlier messages") + " to " + peer;
    }

    /** One line for a whole resent outbox: {@code 3 waiting messages delivered to bob}. */
    public static String waitingDelivered(String peer, int count) {
        return count + (count == 1 ? " waiting message" : " waiting messages") + " delivered to " + peer;
    }

    /** Said once when the outbox cannot go out now; it goes out by itself when the peer is back. */
    public static String waitingForPeer(String peer, int count, String reason) {
        return reason + " — " + (count == 0 ? "what you write" : count == 1 ? "1 message" : count + " messages")
                + " to " + peer + (count > 1 ? " wait in the outbox and go out" : " waits in the outbox and goes out")
                + " when " + peer + " is back";
    }

    /** Messages stored just before the client stopped, shown when their conversation comes back. */
    public static String unshownBeforeStop(String peer, int count) {
        return (count == 1 ? "1 message" : count + " messages") + " from " + peer
                + " arrived just before parley stopped:";
    }

    /** A peer of an open conversation came online (the registry said so): "back" would be wrong for one who never answered yet. */
    public static String peerBack(String peer) {
        return peer + " is online — the conversation goes on";
    }

    public static String conversationResumed(String peer) {
        return "the conversation with " + peer + " goes on";
    }

    public static String resumeRefused(String peer) {
        return peer + " has ended the conversation — /chat " + peer + " to ask again (your unsent messages are kept)";
    }

    /** A later message is shown although an earlier one has not arrived (the sender lost it, or is very late). */
    public static String gapInConversation(String peer) {
        return "an earlier message from " + peer + " has not arrived; showing the later ones";
    }

    public static String waitingInOutbox(String peer, int count) {
        return count + (count == 1 ? " message" : " messages") + " to " + peer + " wait in the outbox — /chat "
                + peer + " sends them";
    }

    public static String refusedPeerLink(String claimed, String from, String reason) {
        return "WARNING: refused a peer link from " + from + (claimed == null ? "" : " claiming to be " + claimed)
                + ": " + reason;
    }

    /** Said once in a while, not per connection: the port is being flooded, and links from elsewhere still come in. */
    public static String peerPortFlooded(String from) {
        return "WARNING: " + from + " keeps opening connections to your peer port without saying who it is;"
                + " the extra ones are being closed (peers elsewhere can still reach you)";
    }

    public static String conversations(List<String> entries) {
        return entries.isEmpty() ? "no conversations or rooms — /chat NAME starts one, /join ROOM enters a room"
                : "conversations: " + String.join(", ", entries);
    }

    public static String historyEmpty(String peer) {
        return "no history with " + peer;
    }

    public static String roomCreated(String room) {
        return "created #" + room + " — you are its host";
    }

    public static String roomJoined(String room, int members, int capacity, String host, List<String> names) {
        return "joined #" + room + " (" + members + "/" + capacity + ", host " + host + "): " + memberList(names);
    }

    public static String roomLeft(String room, boolean deleted) {
        return "left #" + room + (deleted ? " — the room is gone: you were the last" : "");
    }

    public static String memberJoined(String user, String room) {
        return user + " joined #" + room;
    }

    /** Someone else left a room: {@code reason} is left, offline, kicked or banned. */
    public static String memberLeft(String user, String room, RegistryEvent.LeaveReason reason) {
        return switch (reason) {
            case OFFLINE -> user + " went offline — left #" + room;
            case KICKED -> user + " was kicked from #" + room;
            case BANNED -> user + " was banned from #" + room;
            case LEFT -> user + " left #" + room;
        };
    }

    /** The registry took this user out of a room (ROOM_LEFT about them): {@code reason} is kicked, banned or offline. */
    public static String removedFromRoom(String room, RegistryEvent.LeaveReason reason) {
        return switch (reason) {
            case BANNED -> "you were banned from #" + room;
            case KICKED -> "you were kicked from #" + room;
            case OFFLINE -> "you are no longer in #" + room + " — the registry counted you offline; /join " + room
                    + " to go back";
            case LEFT -> "you are no longer in #" + room;
        };
    }

    /**
     * After the link to the registry came back: the registry does not have this user in a room
     * the client showed. {@code roomGone}: nobody is in it any more, so it no longer exists.
     */
    public static String sessionEndedWithoutRoom(String room, boolean roomGone) {
        return "you are no longer in #" + room + " — your session ended while the registry was out of reach"
                + backTo(room, roomGone);
    }

    /** A room request found that the registry does not have this user in a room the client showed. */
    public static String noLongerInRoom(String room, boolean roomGone) {
        return "you are no longer in #" + room + " — the registry does not have you in it" + backTo(room, roomGone);
    }

    private static String backTo(String room, boolean roomGone) {
        return roomGone ? "; the room is gone (/create " + room + " makes it again)" : "; /join " + room + " to go back";
    }

    /** After a login: the registry kept this user in a room from their last session (it restarted meanwhile). */
    public static String stillInRoom(String room, int members, int capacity, String host, List<String> names) {
        return "you are still in #" + room + " (" + members + "/" + capacity + ", host " + host + "): "
                + memberList(names);
    }

    /** /leave of a room the registry had already taken this user out of. */
    public static String roomLeftAlready(String room) {
        return "left #" + room + " — the registry had already taken you out";
    }

    public static String newHost(String user, String room) {
        return user + " is now the host of #" + room;
    }

    public static String roomUpdated(String room, String description, boolean locked) {
        return "#" + room + " now: " + (description.isEmpty() ? "no description" : "\"" + description + "\"")
                + (locked ? ", locked with a password" : ", open");
    }

    public static String kicked(String user, String room) {
        return "kicked " + user + " from #" + room;
    }

    public static String banned(String user, String room) {
        return "banned " + user + " from #" + room;
    }

    public static String groupCreated(String room, List<String> invited, List<String> offline) {
        return "created #" + room + " and invited " + (invited.isEmpty() ? "nobody" : String.join(", ", invited))
                + (offline.isEmpty() ? "" : " (offline, not invited: " + String.join(", ", offline) + ")");
    }

    public static String invitation(String from, String room, List<String> invited) {
        return from + " invites you to #" + room + " (with " + String.join(", ", invited) + ") — /accept #" + room
                + " or /reject #" + room;
    }

    public static String invitationAnswered(String user, String room, boolean accepted) {
        return user + (accepted ? " accepted" : " declined") + " the invitation to #" + room;
    }

    public static String declined(String room) {
        return "declined the invitation to #" + room;
    }

    /** One line per room of /rooms; {@code members} is null unless the long form was asked for. */
    public static String rooms(List<String> lines) {
        return lines.isEmpty() ? "no rooms — /create NAME makes one" : "rooms (" + lines.size() + "):\n" + String.join("\n", lines);
    }

    public static String roomLine(String room, String description, int members, int capacity, String host,
            boolean locked, List<String> names) {
        StringBuilder b = new StringBuilder("  #").append(room);
        if (!description.isEmpty()) {
            b.append(" — ").append(description);
        }
        b.append(" — ").append(members).append('/').append(capacity).append(" — host ").append(host)
                .append(" — ").append(locked ? "locked" : "open");
        if (names != null) {
            b.append("\n    members: ").append(memberList(names));
        }
        return b.toString();
    }

    public static String members(String room, int capacity, String host, List<String> names) {
        return "#" + room + " (" + names.size() + "/" + capacity + ", host " + host + "): " + memberList(names);
    }

    /** A room's members in alphabetical order (the registry's order is its own and changes from run to run). */
    private static String memberList(List<String> names) {
        return String.join(", ", names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList());
    }

    public static String roomDelivery(String room, int delivered, int of, String body, List<String> unreached) {
        return "delivered to " + delivered + " of " + of + " in #" + room + ": " + quote(body)
                + (unreached.isEmpty() ? "" : " — not reached: " + String.join("; ", unreached));
    }

    public static String receipts(String room, String body, List<String> delivered, List<String> waiting) {
        return "#" + room + " " + quote(body) + ": delivered to " + (delivered.isEmpty() ? "nobody" : String.join(", ", delivered))
                + (waiting.isEmpty() ? " — everyone has it" : "; not yet: " + String.join(", ", waiting));
    }

    public static String noInvitation(String room) {
        return "no invitation to #" + room + " waits for an answer";
    }

    public static String arrivedAfterLeaving(String room, String sender) {
        return sender + "'s message in #" + room + " from before you left it came through the registry — /history #"
                + room + " shows it";
    }

    public static String droppedRoomMessage(String room, String sender) {
        return "WARNING: dropped a message in #" + room + " from " + sender + ", who is not in the room";
    }

    public static String aloneInRoom(String room) {
        return "nobody else is in #" + room + " — the message is kept in the history only";
    }

    /** A message body shortened for a receipt line. */
    private static String quote(String body) {
        return "\"" + (body.length() > 40 ? body.substring(0, 39) + "…" : body) + "\"";
    }

    /** A command's arguments were wrong: the reason, then how to call it. */
    public static String usageProblem(String reason, String synopsis) {
        return reason + " — usage: " + synopsis;
    }

    public static String askUsername() {
        return "username:";
    }

    public static String askPassword(String user) {
        return "password for " + user + ":";
    }

    /**
     * Logging in on a computer without the account's key: where the folder is on the computer the
     * user registered on (the default home there, since that one's --home is not known here), and
     * where it goes on this one.
     */
    public static String noIdentityKeyHere(String user, String folderName, String home) {
        return "this computer has no identity key for " + user + ", and chat needs the one made when you registered:"
                + " copy the folder ~/.parley/" + folderName + " (or DIR/" + folderName + " if parley ran there with"
                + " --home DIR) from the computer where you registered into " + home + " on this one, then log in again";
    }

    public static String askRoomPassword(String room) {
        return "password for #" + room + ":";
    }

    public static String askNewRoomPassword(String room) {
        return "new password for #" + room + ":";
    }

    /** The two answers to a room password question differ; {@code outcome} says what did not happen. */
    public static String roomPasswordsDiffer(String room, String outcome) {
        return "the passwords do not match — #" + room + " " + outcome;
    }

    public static String askPasswordAgain() {
        return "repeat the password:";
    }

    /** {@code address:port}, with brackets around an IPv6 address. */
    public static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
