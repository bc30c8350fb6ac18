package dev.parley.client.render;

import dev.parley.client.chat.ChatEvent;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.ConversationEvent;
import dev.parley.client.chat.RoomEvent;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.registry.RegistryEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Puts what the conversations and rooms report on the screen: each {@link ChatEvent} becomes its
 * notice (or, for history, its lines), in the words of {@link Replies}. Called on the thread of
 * the event, so a line is printed in the order the model raised it.
 */
public final class ChatNotices implements ChatListener {
    private final Screen screen;
    private final Clock clock;
    private final ZoneId zone;

    /** @param clock the local time zone, and today, for the times on chat lines */
    public ChatNotices(Screen screen, Clock clock) {
        this.screen = screen;
        this.clock = clock;
        this.zone = clock.getZone();
    }

    @Override
    public void on(ChatEvent event) {
        switch (event) {
            case ConversationEvent e -> conversation(e);
            case RoomEvent e -> room(e);
        }
    }

    private void conversation(ConversationEvent event) {
        switch (event) {
            case ConversationEvent.Asked(String peer) -> show(NoticeKind.INFO, Replies.chatRequested(peer), peer);
            case ConversationEvent.AskedBy(String peer) -> show(NoticeKind.PRESENCE, Replies.chatInvitation(peer), peer);
            case ConversationEvent.AnsweredBusy(String peer) -> show(NoticeKind.INFO, Replies.answeredBusy(peer), peer);
            case ConversationEvent.Opened(String peer, boolean peerAccepted) ->
                    show(NoticeKind.SUCCESS, peerAccepted ? Replies.chatAccepted(peer) : Replies.chatOpened(peer), peer);
            case ConversationEvent.Rejected(String peer, boolean byPeer) ->
                    show(NoticeKind.INFO, byPeer ? Replies.chatRejected(peer) : Replies.youRejected(peer), peer);
            case ConversationEvent.PeerBusy(String peer) -> show(NoticeKind.INFO, Replies.chatBusy(peer), peer);
            case ConversationEvent.NoAnswer(String peer, String reason) ->
                    show(NoticeKind.ERROR, Replies.noAnswer(peer, reason), peer);
            case ConversationEvent.NoAnswerInTime(String peer, var waited) ->
                    show(NoticeKind.ERROR, Replies.noAnswer(peer, Replies.noAnswerWithin(waited)), peer);
            case ConversationEvent.RequestWithdrawn(String peer) ->
                    show(NoticeKind.INFO, Replies.requestWithdrawn(peer), peer);
            case ConversationEvent.RequestNotStored(String peer, String reason) ->
                    show(NoticeKind.ERROR, Replies.error(reason));
            case ConversationEvent.Resumed(String peer, boolean byPeer) ->
                    show(byPeer ? NoticeKind.PRESENCE : NoticeKind.INFO, Replies.conversationResumed(peer), peer);
            case ConversationEvent.Ended(String peer, var how) -> show(NoticeKind.INFO, switch (how) {
                case BY_ME -> Replies.chatEnded(peer);
                case BY_PEER -> Replies.chatEndedByPeer(peer);
            }, peer);
            case ConversationEvent.Switched(String peer, int unread) ->
                    show(NoticeKind.INFO, Replies.switched(peer, unread), peer);
            case ConversationEvent.History(String peer, var entries) -> history(peer, entries);
            case ConversationEvent.HistoryUnreadable(String peer, String reason) ->
                    show(NoticeKind.ERROR, Replies.error(Replies.historyUnreadable(peer, reason)));
            case ConversationEvent.LeftInOutbox(String peer, int count) ->
                    show(NoticeKind.WARNING, Replies.waitingInOutbox(peer, count), peer);
            case ConversationEvent.PeerBack(String peer) -> show(NoticeKind.PRESENCE, Replies.peerBack(peer), peer);
            case ConversationEvent.PeerLoggedOut(String peer) ->
                    show(NoticeKind.PRESENCE, Replies.peerLoggedOut(peer), peer);
            case ConversationEvent.PeerLost(String peer, String reason) ->
                    show(NoticeKind.WARNING, Replies.peerLost(peer, reason), peer);
            case ConversationEvent.ResumeRefused(String peer) -> show(NoticeKind.INFO, Replies.resumeRefused(peer), peer);
            case ConversationEvent.Sent(ChatMessage m) -> chatLine(minute(m.sentAt()), m, Replies.sentSuffix());
            case ConversationEvent.NotStored(String peer, var file, String reason) ->
                    show(NoticeKind.ERROR, Replies.error(Replies.messageNotStored(file, reason)), peer);
            case ConversationEvent.MailNotStored(String peer, var file, String reason) ->
                    show(NoticeKind.ERROR, Replies.error(Replies.mailNotStored(peer, file, reason)), peer);
            case ConversationEvent.Resending(String peer, int count) ->
                    show(NoticeKind.INFO, Replies.resending(peer, count), peer);
            case ConversationEvent.OutboxWaiting(String peer, int count, String reason) ->
                    show(NoticeKind.WARNING, Replies.waitingForPeer(peer, count, reason), peer);
            case ConversationEvent.NotDelivered(String peer, String reason, ChatMessage m) ->
                    show(NoticeKind.ERROR, Replies.notDelivered(peer, reason, ChatText.sanitize(m.body())), peer);
            case ConversationEvent.Delivered(String peer, Instant at, ChatMessage m) -> show(NoticeKind.RECEIPT,
                    Replies.delivered(peer, ChatTimes.second(at, zone), ChatText.sanitize(m.body())), peer);
            case ConversationEvent.WaitingDelivered(String peer, int count) ->
                    show(NoticeKind.RECEIPT, Replies.waitingDelivered(peer, count), peer);
            case ConversationEvent.Received(ChatMessage m) -> {
                Instant now = clock.instant();
                screen.show(Notice.chat(receivedTime(m, now), m.sender(), m.body(), senderClock(m, now)));
            }
            case ConversationEvent.UnreadElsewhere(String peer) ->
                    show(NoticeKind.INFO, Replies.newMessageElsewhere(peer), peer);
            case ConversationEvent.Gap(String peer) -> show(NoticeKind.WARNING, Replies.gapInConversation(peer), peer);
            case ConversationEvent.ArrivedBeforeStop(String peer, int count) ->
                    show(NoticeKind.INFO, Replies.unshownBeforeStop(peer, count), peer);
            case ConversationEvent.ViaRegistry(String peer, String relayReason) ->
                    show(NoticeKind.INFO, Replies.viaRegistry(peer, relayReason), peer);
            case ConversationEvent.DirectAgain(String peer) -> show(NoticeKind.INFO, Replies.directAgain(peer), peer);
            case ConversationEvent.MailSlowedDown(String peer, long seconds) ->
                    show(NoticeKind.WARNING, Replies.mailSlowedDown(peer, seconds), peer);
            case ConversationEvent.MailHeld(String peer, int count) ->
                    show(NoticeKind.PRESENCE, Replies.mailHeld(peer, count), peer);
            case ConversationEvent.MailWhileAway(String peer, int count) ->
                    show(NoticeKind.INFO, Replies.mailWhileAway(peer, count), peer);
            case ConversationEvent.MailRefused(String peer, String reason) ->
                    show(NoticeKind.WARNING, Replies.mailRefused(peer, reason), peer);
            case ConversationEvent.MailExpired(String peer, ChatMessage m) ->
                    show(NoticeKind.WARNING, Replies.mailExpired(peer, ChatText.sanitize(m.body())), peer);
        }
    }

    private void room(RoomEvent event) {
        switch (event) {
            case RoomEvent.Created(String room) -> show(NoticeKind.SUCCESS, Replies.roomCreated(room));
            case RoomEvent.Joined(String room, int capacity, String host, var members) ->
                    show(NoticeKind.SUCCESS, Replies.roomJoined(room, members.size(), capacity, host, members));
            case RoomEvent.Left(String room, boolean deleted) -> show(NoticeKind.SUCCESS, Replies.roomLeft(room, deleted));
            case RoomEvent.LeftAlready(String room) -> show(NoticeKind.SUCCESS, Replies.roomLeftAlready(room));
            case RoomEvent.Listed(var rooms) -> show(NoticeKind.INFO, Replies.rooms(rooms.stream()
                    .map(r -> Replies.roomLine(r.room(), r.description(), r.memberCount(), r.capacity(), r.host(),
                            r.locked(), r.memberNames()))
                    .toList()));
            case RoomEvent.Members(String room, int capacity, String host, var members) -> show(NoticeKind.INFO,
                    Replies.members(room, capacity, host, members), members.toArray(String[]::new));
            case RoomEvent.Kicked(String user, String room, boolean banned) ->
                    show(NoticeKind.SUCCESS, banned ? Replies.banned(user, room) : Replies.kicked(user, room), user);
            case RoomEvent.Updated(String room, String description, boolean locked, boolean byMe) ->
                    show(byMe ? NoticeKind.SUCCESS : NoticeKind.INFO, Replies.roomUpdated(room, description, locked));
            case RoomEvent.GroupCreated(String room, var invited, var offline) ->
                    show(NoticeKind.SUCCESS, Replies.groupCreated(room, invited, offline));
            case RoomEvent.InvitationDeclined(String room) -> show(NoticeKind.INFO, Replies.declined(room));
            case RoomEvent.Switched(String room, int unread) ->
                    show(NoticeKind.INFO, Replies.switched("#" + room, unread));
            case RoomEvent.AlreadyIn(String room, int unread) ->
                    show(NoticeKind.INFO, Replies.alreadyInRoom(room, unread));
            case RoomEvent.History(String room, var entries) -> roomHistory(room, entries);
            case RoomEvent.Invited(String from, String room, var with) ->
                    show(NoticeKind.PRESENCE, Replies.invitation(from, room, with), from);
            case RoomEvent.InvitationAnswered(String user, String room, boolean accepted) ->
                    show(NoticeKind.INFO, Replies.invitationAnswered(user, room, accepted));
            case RoomEvent.MemberJoined(String user, String room) ->
                    show(NoticeKind.PRESENCE, Replies.memberJoined(user, room), user);
            case RoomEvent.MemberLeft(String user, String room, RegistryEvent.LeaveReason reason) ->
                    show(NoticeKind.PRESENCE, Replies.memberLeft(user, room, reason), user);
            case RoomEvent.Removed(String room, RegistryEvent.LeaveReason reason) ->
                    show(NoticeKind.WARNING, Replies.removedFromRoom(room, reason));
            case RoomEvent.HostChanged(String host, String room) ->
                    show(NoticeKind.PRESENCE, Replies.newHost(host, room), host);
            case RoomEvent.LostWithSession(String room, boolean gone) ->
                    show(NoticeKind.WARNING, Replies.sessionEndedWithoutRoom(room, gone));
            case RoomEvent.StillIn(String room, int capacity, String host, var members) ->
                    show(NoticeKind.INFO, Replies.stillInRoom(room, members.size(), capacity, host, members));
            case RoomEvent.NoLongerIn(String room, boolean gone) ->
                    show(NoticeKind.WARNING, Replies.noLongerInRoom(room, gone));
            case RoomEvent.Sending(String room, ChatMessage m, int others) ->
                    chatLine(roomTag(m.sentAt(), room), m, Replies.sendingToSuffix(others));
            case RoomEvent.Alone(String room) -> show(NoticeKind.INFO, Replies.aloneInRoom(room));
            case RoomEvent.NotStored(String room, String reason) ->
                    show(NoticeKind.ERROR, Replies.error(Replies.roomMessageNotStored(reason)));
            case RoomEvent.Delivery(String room, ChatMessage m, int delivered, int of, var notReached) ->
                    show(delivered == of ? NoticeKind.RECEIPT : NoticeKind.WARNING,
                            Replies.roomDelivery(room, delivered, of, ChatText.sanitize(m.body()), notReached));
            case RoomEvent.Receipts(String room, ChatMessage m, var delivered, var waiting) ->
                    show(NoticeKind.INFO, Replies.receipts(room, ChatText.sanitize(m.body()), delivered, waiting));
            case RoomEvent.Received(String room, ChatMessage m) -> {
                Instant now = clock.instant();
                chatLine(receivedTime(m, now) + " #" + room, m, senderClock(m, now));
            }
            case RoomEvent.UnreadElsewhere(String room) ->
                    show(NoticeKind.INFO, Replies.newMessageElsewhere("#" + room));
            case RoomEvent.Dropped(String room, String sender) ->
                    show(NoticeKind.WARNING, Replies.droppedRoomMessage(room, sender), sender);
            case RoomEvent.ArrivedAfterLeaving(String room, String sender) ->
                    show(NoticeKind.INFO, Replies.arrivedAfterLeaving(room, sender), sender);
        }
    }

    /** A conversation's history: one chat line per message, a sent one marked with its receipt. */
    private void history(String peer, List<ConversationLog.Entry> entries) {
        if (entries.isEmpty()) {
            show(NoticeKind.INFO, Replies.historyEmpty(peer));
            return;
        }
        for (ConversationLog.Entry e : entries) {
            if (e.direction() == ConversationLog.Direction.SENT) {
                chatLine(inHistory(e.message().sentAt()), e.message(),
                        Replies.historySuffix(e.deliveredAt() == null ? null : inHistory(e.deliveredAt())));
            } else {
                chatLine(historyTime(e), e.message(), historySenderClock(e));
            }
        }
    }

    /** A room's history: one chat line per message, tagged with the room. */
    private void roomHistory(String room, List<ConversationLog.Entry> entries) {
        if (entries.isEmpty()) {
            show(NoticeKind.INFO, Replies.historyEmpty("#" + room));
        }
        for (ConversationLog.Entry e : entries) {
            boolean mine = e.direction() == ConversationLog.Direction.SENT;
            chatLine((mine ? inHistory(e.message().sentAt()) : historyTime(e)) + " #" + room, e.message(),
                    mine ? "" : historySenderClock(e));
        }
    }

    private void chatLine(String time, ChatMessage m, String suffix) {
        screen.show(Notice.chat(time, m.sender(), m.body(), suffix));
    }

    private void show(NoticeKind kind, String text, String... nicks) {
        screen.show(Notice.of(kind, text, nicks));
    }

    /**
     * When a message from a peer was written, by the sender's clock, with the date if not today:
     * a message may have waited in an outbox or on the registry. A time the sender's clock cannot
     * have told (far ahead of ours, or before any client existed) is not shown; ours at arrival is.
     */
    private String receivedTime(ChatMessage m, Instant receivedAt) {
        return inHistory(ChatTimes.believable(m.sentAt(), receivedAt) ? m.sentAt() : receivedAt);
    }

    /** The mark after a line shown at our time instead of the sender's, empty when the sender's is shown. */
    private static String senderClock(ChatMessage m, Instant receivedAt) {
        return ChatTimes.believable(m.sentAt(), receivedAt) ? "" : Replies.senderClockSuffix(m.sender(), m.sentAt());
    }

    /** {@link #receivedTime} for a received message in history, judged against when it was received. */
    private String historyTime(ConversationLog.Entry e) {
        return receivedTime(e.message(), receivedAt(e));
    }

    private String historySenderClock(ConversationLog.Entry e) {
        return senderClock(e.message(), receivedAt(e));
    }

    /** When a message in history arrived; now for a line an older client wrote without the time. */
    private Instant receivedAt(ConversationLog.Entry e) {
        return e.receivedAt() != null ? e.receivedAt() : clock.instant();
    }

    /** The minute a message was written. */
    private String minute(Instant at) {
        return ChatTimes.minute(at, zone);
    }

    /** The prefix of a room line: the minute it was written and the room. */
    private String roomTag(Instant at, String room) {
        return minute(at) + " #" + room;
    }

    /** A time in history: the minute today, with the date on another day. */
    private String inHistory(Instant at) {
        return ChatTimes.inHistory(at, clock.instant(), zone);
    }
}
