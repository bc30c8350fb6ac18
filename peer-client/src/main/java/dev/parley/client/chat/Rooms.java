package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.RoomRegistry;
import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.client.mail.MailUnreadableException;
import dev.parley.protocol.Names;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.RoomRules;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms this user is in: asks the registry to create, join, leave and manage them, follows
 * the registry's room events, and checks that a room message comes from a member before
 * {@link RoomMessages} (which carries them peer to peer) takes it.
 */
public final class Rooms {
    /** The registry's refusal reasons that say a room is not there, or this user is not in it. */
    private static final String NO_SUCH_ROOM = "no-such-room";
    private static final String NOT_MEMBER = "not-member";
    /** Room requests of a reconcile sent at once, then one every {@link #RECONCILE_SPACING}. */
    private static final int RECONCILE_BURST = 30;
    private static final Duration RECONCILE_SPACING = Duration.ofMillis(60);

    private final String me;
    private final Path folder;
    private final RoomRegistry registry;
    private final Buffers buffers;
    private final ChatListener events;
    private final Clock clock;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Pending invitations: room (lower case) → who invited. */
    private final Map<String, String> invitations = new ConcurrentHashMap<>();
    private final RoomMessages messages;

    /**
     * @param folder where room histories are kept, one {@link ConversationLog} per room (owner-only)
     * @param events hears what happens in the rooms, to tell the user
     */
    public Rooms(String me, Path folder, RoomRegistry registry, Buffers buffers, ChatListener events, Clock clock,
            boolean showEveryBuffer) {
        this.me = me;
        this.folder = folder;
        this.registry = registry;
        this.buffers = buffers;
        this.events = events;
        this.clock = clock;
        this.messages = new RoomMessages(me, buffers, events, clock, showEveryBuffer);
    }

    public void attach(PeerNode peerNode) {
        messages.attach(peerNode);
    }

    /** Members that cannot be reached directly get room messages through the registry, sealed. */
    void attachMail(ChatMail mail) {
        messages.attachMail(mail);
    }

    /**
     * A room message that came through the registry from {@code sender}: stored in the room's
     * history if we are in that room and so is the sender (the same rules as on a direct link).
     */
    ChatMail.Stored relayed(String sender, String id, Letter letter) throws MailUnreadableException, IOException {
        Room room = find(letter.room());
        if (room == null) {
            return relayedAfterLeaving(sender, id, letter);
        }
        if (!room.has(sender) && !refreshMembers(room).has(sender)) {
            events.on(new RoomEvent.Dropped(room.name, sender));
            throw new MailUnreadableException(sender + " is not in #" + room.name);
        }
        ChatMessage message = relayedMessage(sender, id, letter);
        boolean fresh = room.log.received(message, clock.instant());
        return new ChatMail.Stored(room.log, fresh, null, () -> messages.showArrived(room, message));
    }

    /**
     * A room message relayed to us for a room we are not in. One of a room we were in (its history
     * is here), written while we still were, is left on the registry for us when we could not be
     * reached, and we may have left the room since (going offline leaves every room, so a crash
     * does): it is kept in that history, so the sender's receipt is true, and the user is told
     * where to read it, not shown it among the rooms they are in. One of a room never joined here,
     * or from someone not seen in it here, is refused.
     */
    private ChatMail.Stored relayedAfterLeaving(String sender, String id, Letter letter)
            throws MailUnreadableException, IOException {
        String name = letter.room();
        if (name == null || RoomRules.nameProblem(name).isPresent() || !Files.exists(logFile(name))) {
            throw new MailUnreadableException("it is for #" + name + ", which you are not in");
        }
        ChatMessage message = relayedMessage(sender, id, letter);
        ConversationLog history = ConversationLog.openHistory(logFile(name), clock);
        boolean fresh;
        try (history) {
            // Only from someone seen in the room here: anyone can name a room in a letter.
            String who = Names.key(sender);
            if (history.last(SENDERS_LOOKED_AT).stream().noneMatch(e -> Names.key(e.message().sender()).equals(who))) {
                throw new MailUnreadableException("it is for #" + name + ", which you are not in");
            }
            fresh = history.received(message, clock.instant());
        } // closing syncs: the receipt goes once the message is on the disk
        return new ChatMail.Stored(history, fresh, null, () -> events.on(new RoomEvent.ArrivedAfterLeaving(name, sender)));
    }

    /** How far back a left room's history is searched for a relayed message's sender. */
    private static final int SENDERS_LOOKED_AT = 1000;

    private static ChatMessage relayedMessage(String sender, String id, Letter letter) throws MailUnreadableException {
        try {
            return new ChatMessage(id, sender, letter.sentAt(), letter.body());
        } catch (IllegalArgumentException e) {
            throw new MailUnreadableException("unusable message: " + e.getMessage());
        }
    }

    /** The rooms this user is in, as {@code #name}, for completion. */
    public List<String> names() {
        return rooms.values().stream().map(r -> "#" + r.name).sorted().toList();
    }

    /** /conversations: one entry per room, {@code #name}, the current one marked, with its unread count. */
    public List<String> describe() {
        List<String> out = new java.util.ArrayList<>();
        for (String name : names()) {
            int unread = buffers.unread(name);
            out.add((buffers.isCurrent(name) ? "*" : "") + name + (unread > 0 ? " (" + unread + " unread)" : ""));
        }
        return out;
    }

    // ---- commands ----

    public void create(String name, String password, Integer capacity, String description) throws ClientException {
        requireRule(RoomRules.nameProblem(name));
        requireRule(RoomRules.passwordProblem(password));
        requireRule(RoomRules.descriptionProblem(description));
        if (capacity != null) {
            requireRule(RoomRules.capacityProblem(capacity));
        }
        Room room = enter(registry.createRoom(name, password, capacity, description));
        events.on(new RoomEvent.Created(room.name));
    }

    /**
     * /join: enters a room; {@code password} may be null (the registry says if one is needed).
     * Asked of the registry even when this client shows the room: after a lost session the
     * registry may no longer have the user in it, and it is the one that knows.
     */
    public void join(String name, String password) throws ClientException {
        requireRule(RoomRules.nameProblem(name));
        RoomAnswer answer;
        try {
            answer = registry.joinRoom(name, password);
        } catch (RegistryRefusedException e) {
            Room shown = find(name);
            if ("already-member".equals(e.reason())) {
                // What the user wants is to be there: the room becomes current, as /switch does.
                Room room = shown != null ? refreshMembers(shown) : adopt(name).orElse(null);
                if (room == null) {
                    throw new ClientException("you are already in #" + name);
                }
                events.on(new RoomEvent.AlreadyIn(room.name, buffers.show("#" + room.name)));
                return;
            }
            if (shown != null && NO_SUCH_ROOM.equals(e.reason())) {
                forget(shown); // a buffer for a room that does not exist
            }
            throw e;
        }
        Room room = enter(answer);
        events.on(new RoomEvent.Joined(room.name, room.capacity, room.host, room.names()));
    }

    public void leave(String name) throws ClientException {
        Room room = require(name);
        RoomAnswer answer;
        try {
            answer = registry.leaveRoom(room.name);
        } catch (RegistryRefusedException e) {
            if (!notIn(e)) {
                throw e;
            }
            forget(room); // what the user asked for is already so
            events.on(new RoomEvent.LeftAlready(room.name));
            return;
        }
        forget(room);
        events.on(new RoomEvent.Left(room.name, Boolean.TRUE.equals(answer.deleted())));
    }

    /** /rooms: every room the registry lists, page by page. */
    public void list(boolean detailed) throws ClientException {
        List<RoomEvent.Listing> listed = new ArrayList<>();
        int offset = 0;
        while (true) {
            RoomListAnswer answer = registry.listRooms(detailed, offset, 100);
            List<RoomView> page = answer.rooms();
            for (RoomView r : page) {
                listed.add(new RoomEvent.Listing(r.name(), PeerLink.printable(r.description()), r.memberCount(),
                        r.capacity(), r.host(), r.locked(), detailed ? orEmpty(r.memberNames()) : null));
            }
            offset += page.size();
            boolean more = answer.more() != null ? answer.more()
                    : answer.total() != null && offset < answer.total(); // a registry from before "more"
            if (page.isEmpty() || !more) {
                break;
            }
        }
        events.on(new RoomEvent.Listed(listed));
    }

    public void members(String name) throws ClientException {
        Room room = require(name);
        describe(room, view(ask(room, true, () -> registry.roomMembers(room.name))));
        events.on(new RoomEvent.Members(room.name, room.capacity, room.host, room.names()));
    }

    public void kick(String name, String user, boolean ban) throws ClientException {
        Room room = require(name);
        ask(room, false, () -> {
            if (ban) {
                registry.ban(room.name, user);
            } else {
                registry.kick(room.name, user);
            }
            return null;
        });
        events.on(new RoomEvent.Kicked(user, room.name, ban));
    }

    /** /topic, /lock, /unlock: host-only changes; null leaves a field as it is. */
    public void update(String name, String description, String password, boolean clearPassword) throws ClientException {
        Room room = require(name);
        requireRule(RoomRules.descriptionProblem(description));
        requireRule(RoomRules.passwordProblem(password));
        room.updating = true;
        try {
            describe(room, view(ask(room, false, () -> registry.updateRoom(room.name, description, password, clearPassword))));
        } finally {
            room.updating = false;
        }
        events.on(new RoomEvent.Updated(room.name, PeerLink.printable(room.description), room.locked, true));
    }

    /**
     * Refuses what only the host may do when this client knows someone else is the host: before
     * /lock asks for a new password twice, not after. The registry has the last word either way.
     */
    public void requireHost(String name) throws ClientException {
        Room room = require(name);
        String host = room.host;
        if (host != null && !Names.key(host).equals(Names.key(me))) {
            throw new ClientException("only the host of #" + room.name + " can do that — the host is " + host);
        }
    }

    /** /group: an invite-only room with these people invited. */
    public void group(List<String> usernames) throws ClientException {
        RoomAnswer answer = registry.createGroup(usernames);
        Room room = enter(answer);
        events.on(new RoomEvent.GroupCreated(room.name, orEmpty(answer.invited()), orEmpty(answer.offline())));
    }

    /** True when there is an invitation to this room (or from this user, when the name is not a room). */
    public Optional<String> invitationFor(String roomOrInviter) {
        String key = roomOrInviter.startsWith("#") ? roomOrInviter.substring(1) : roomOrInviter;
        if (invitations.containsKey(Names.key(key))) {
            return Optional.of(key);
        }
        return invitations.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(roomOrInviter))
                .map(Map.Entry::getKey).findFirst();
    }

    public void answerInvitation(String room, boolean accept) throws ClientException {
        String key = Names.key(room);
        if (!invitations.containsKey(key)) {
            throw new ClientException("no invitation to #" + room);
        }
        RoomAnswer answer = registry.answerInvitation(room, accept);
        invitations.remove(key);
        if (!accept) {
            events.on(new RoomEvent.InvitationDeclined(room));
            return;
        }
        Room entered = enter(answer);
        events.on(new RoomEvent.Joined(entered.name, entered.capacity, entered.host, entered.names()));
    }



    /**
     * Sends a message to every other member of the room, each over its own link; the future
     * completes when every member has answered or failed, and the user sees "delivered to k of n".
     */
    public CompletableFuture<Void> send(String name, String text) throws ClientException {
        return messages.send(require(name), text);
    }

    /** /receipts: who has and who has not received this user's last message in the room. */
    public void receipts(String name) throws ClientException {
        messages.receipts(require(name));
    }

    public void history(String name, int count) throws ClientException {
        requireRule(RoomRules.nameProblem(name));
        Room room = find(name);
        try {
            List<ConversationLog.Entry> entries;
            if (room != null) {
                entries = room.log.last(count);
            } else {
                Path file = logFile(name);
                if (!Files.exists(file)) {
                    events.on(new RoomEvent.History(name, List.of()));
                    return;
                }
                try (ConversationLog log = ConversationLog.openHistory(file, clock)) {
                    entries = log.last(count);
                }
            }
            events.on(new RoomEvent.History(name, entries));
        } catch (IOException e) {
            throw new ClientException("cannot read the history of #" + name + ": " + Diagnostics.reason(e));
        }
    }

    /** Hands buffered room history to the file system; called periodically, so a crash loses at most a moment. */
    public void flush() {
        for (Room r : rooms.values()) {
            r.log.flushQuietly();
        }
    }

    /** Makes a room the current buffer. */
    public void switchTo(String name) throws ClientException {
        Room room = require(name);
        int unread = buffers.show("#" + room.name);
        events.on(new RoomEvent.Switched(room.name, unread));
    }

    /**
     * Brings the rooms in line with the registry's after a login or a session won back:
     * {@code listed} are the rooms the registry has this user in (the LOGIN answer's). A room
     * shown here but not listed is dropped with a notice (the session ended while the registry was
     * out of reach, or the registry restarted and the grace for coming back ran out); a listed one
     * not shown is taken up (the registry restarted and kept it); the others get their member
     * lists again, since events are not kept for a session without a link. Calls the registry
     * once per room, so not on the registry link's reader thread.
     */
    public void reconcile(List<String> listed) {
        Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String name : listed) {
            if (RoomRules.nameProblem(name).isPresent()) {
                Diagnostics.note("the registry listed an impossible room name: " + PeerLink.printable(name));
                continue;
            }
            byKey.putIfAbsent(Names.key(name), name);
        }
        int asked = 0;
        for (Room room : List.copyOf(rooms.values())) {
            pace(asked++);
            if (byKey.containsKey(Names.key(room.name))) {
                refreshMembers(room);
                continue;
            }
            // Not listed; asked once more, as a room entered since the listing was made is no loss.
            try {
                describe(room, view(registry.roomMembers(room.name)));
            } catch (ClientException | InvalidFieldException e) {
                boolean gone = e instanceof RegistryRefusedException r && NO_SUCH_ROOM.equals(r.reason());
                if (forget(room)) {
                    events.on(new RoomEvent.LostWithSession(room.name, gone));
                }
            }
        }
        for (String name : byKey.values()) {
            if (find(name) == null) {
                pace(asked++);
                adopt(name).ifPresent(r -> events.on(new RoomEvent.StillIn(r.name, r.capacity, r.host, r.names())));
            }
        }
    }

    /**
     * Keeps a reconcile of many rooms under the registry's per-link rate (20 requests a second,
     * bursts of 40): a link that keeps going past it is closed. The first requests go at once.
     */
    private static void pace(int asked) {
        if (asked < RECONCILE_BURST) {
            return;
        }
        try {
            Thread.sleep(RECONCILE_SPACING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves nothing at the registry (the session's end does that); forgets every room and link. */
    public void close() {
        for (Room r : List.copyOf(rooms.values())) {
            forget(r);
        }
        invitations.clear();
        messages.close();
    }

    // ---- registry events (on the registry link's reader thread: must not call the registry) ----

    /** A room event; the session's own (BYE, PRESENCE, KEEPALIVE_MISSING) never come here. */
    public void registryEvent(RegistryEvent event) {
        try {
            switch (event) {
                case RegistryEvent.RoomJoined joined -> joined(joined);
                case RegistryEvent.RoomLeft left -> left(left);
                case RegistryEvent.RoomHost host -> hostChanged(host);
                case RegistryEvent.RoomUpdated updated -> updated(updated);
                case RegistryEvent.RoomInvitation invitation -> invited(invitation);
                case RegistryEvent.RoomInvitationAnswer answer -> events.on(new RoomEvent.InvitationAnswered(
                        answer.username(), answer.room(), answer.accepted()));
                case RegistryEvent.Bye bye -> { }
                case RegistryEvent.Presence presence -> { }
                case RegistryEvent.KeepaliveMissing missing -> { }
                case RegistryEvent.Mail mail -> { }
                case RegistryEvent.Receipt receipt -> { }
            }
        } catch (InvalidFieldException e) {
            Diagnostics.trace("unusable registry event " + event, e);
        }
    }

    private void joined(RegistryEvent.RoomJoined event) {
        Room room = find(event.room());
        if (room == null) {
            return;
        }
        Room.Member m = member(event.member());
        room.add(m);
        events.on(new RoomEvent.MemberJoined(m.username(), room.name));
    }

    private void left(RegistryEvent.RoomLeft event) {
        Room room = find(event.room());
        if (room == null) {
            return;
        }
        String user = event.username();
        RegistryEvent.LeaveReason reason = event.reason();
        if (user.equalsIgnoreCase(me)) {
            if (forget(room)) {
                events.on(new RoomEvent.Removed(room.name, reason));
            }
            return;
        }
        room.remove(user);
        events.on(new RoomEvent.MemberLeft(user, room.name, reason));
    }

    private void hostChanged(RegistryEvent.RoomHost event) {
        Room room = find(event.room());
        if (room != null) {
            room.host = event.host();
            events.on(new RoomEvent.HostChanged(room.host, room.name));
        }
    }

    private void updated(RegistryEvent.RoomUpdated event) {
        Room room = find(event.room());
        if (room != null) {
            boolean changed = !Objects.equals(event.description(), room.description) || event.locked() != room.locked;
            room.description = event.description();
            room.locked = event.locked();
            // Only the host changes a room, and the host's own change is told by its answer, whether
            // this event comes before it (updating) or after (nothing changed by then). A member
            // hears every change: a member list fetched between the change and its event already
            // holds the new description, which must not make the change go untold.
            boolean byMe = room.updating || (!changed && room.host != null && Names.key(room.host).equals(Names.key(me)));
            if (!byMe) {
                events.on(new RoomEvent.Updated(room.name, PeerLink.printable(room.description), room.locked, false));
            }
        }
    }

    private void invited(RegistryEvent.RoomInvitation event) {
        String room = event.room();
        String from = event.from();
        invitations.put(Names.key(room), from);
        List<String> with = new ArrayList<>(event.members());
        event.invited().stream().filter(n -> !n.equalsIgnoreCase(me) && !with.contains(n)).forEach(with::add);
        events.on(new RoomEvent.Invited(from, room, with));
    }

    // ---- peer links ----

    void linkOpened(PeerLink link) {
        messages.linkOpened(link);
    }

    void linkClosed(PeerLink link) {
        messages.linkClosed(link);
    }


    /** A ROOM_MESSAGE from another member's client (on that link's reader thread). */
    void messageArrived(PeerLink link, String id, PeerRequest.RoomMessage request) {
        String roomName = request.room();
        Room room = find(roomName);
        if (room == null) {
            link.respond(id, Status.FORBIDDEN, "you are not in " + PeerLink.printable(roomName));
            return;
        }
        String sender = link.peer();
        if (!room.has(sender) && !refreshMembers(room).has(sender)) {
            if (find(room.name) != room) { // the registry no longer has this user in it
                link.respond(id, Status.FORBIDDEN, "you are not in " + room.name);
                return;
            }
            link.respond(id, Status.FORBIDDEN, sender + " is not in " + room.name);
            events.on(new RoomEvent.Dropped(room.name, sender));
            return;
        }
        messages.arrived(link, id, request, room);
    }

    // ---- internals ----



    /** Installs a room from a registry answer carrying {@code room}, opens its buffer, and returns it. */
    private Room enter(RoomAnswer answer) throws ClientException {
        RoomView view = view(answer);
        String name = view.name();
        Room room = new Room(name, openLog(name));
        describe(room, view);
        Room earlier = rooms.put(Names.key(name), room);
        if (earlier != null) {
            earlier.log.closeQuietly();
        }
        buffers.show("#" + name);
        return room;
    }

    private void describe(Room room, RoomView view) {
        room.host = view.host();
        room.description = view.description();
        room.locked = view.locked();
        room.capacity = view.capacity();
        if (view.members() != null) {
            List<Room.Member> fresh = new ArrayList<>();
            for (RoomMember m : view.members()) {
                fresh.add(member(m));
            }
            room.replaceMembers(fresh);
        }
    }

    /**
     * Asks the registry who is in the room now (a member may have joined an instant ago). If the
     * registry says this user is not in it, or that it does not exist, the room is dropped with a
     * notice: no buffer stays for a room the user is not in.
     */
    private Room refreshMembers(Room room) {
        try {
            describe(room, view(ask(room, true, () -> registry.roomMembers(room.name))));
        } catch (ClientException | InvalidFieldException e) {
            Diagnostics.trace("refreshing the members of " + room.name, e);
        }
        return room;
    }

    /**
     * A request about a room this client shows; when the registry answers that the user is not
     * in it (or that it does not exist) the room is dropped with a notice, and the refusal goes on.
     */
    private <T> T ask(Room room, boolean membersRequest, RegistryCall<T> call) throws ClientException {
        try {
            return call.call();
        } catch (RegistryRefusedException e) {
            // A kick's "not-member" is about the one to be kicked, not this user.
            boolean aboutMe = membersRequest ? notIn(e) : NO_SUCH_ROOM.equals(e.reason());
            if (aboutMe && forget(room)) {
                events.on(new RoomEvent.NoLongerIn(room.name, NO_SUCH_ROOM.equals(e.reason())));
            }
            throw e;
        }
    }

    /**
     * Takes up a room the registry has this user in but this client does not show (its member
     * list from ROOM_MEMBERS); empty when the registry no longer has them in it after all.
     */
    private Optional<Room> adopt(String name) {
        try {
            return Optional.of(enter(registry.roomMembers(name)));
        } catch (ClientException | InvalidFieldException e) {
            Diagnostics.trace("taking up room " + name, e);
            return Optional.empty();
        }
    }

    /** The registry's refusal says this user is not in the room, or that it does not exist. */
    private static boolean notIn(RegistryRefusedException e) {
        return NOT_MEMBER.equals(e.reason()) || NO_SUCH_ROOM.equals(e.reason());
    }

    private static Room.Member member(RoomMember m) {
        Integer port = m.peerPort();
        if (port != null && (port < 0 || port > 65535)) {
            throw new InvalidFieldException("a peer port must be between 0 and 65535, not " + port);
        }
        return new Room.Member(m.username(), m.address() == null ? "" : m.address(), port == null ? 0 : port,
                Optional.ofNullable(m.identityKey()), m.joinedAt());
    }

    /** The room a registry answer carries; the room requests that answer with one always do. */
    private static RoomView view(RoomAnswer answer) throws ClientException {
        if (answer.room() == null) {
            throw new ClientException("the registry's answer is unusable: it carries no room");
        }
        return answer.room();
    }

    private static List<String> orEmpty(List<String> names) {
        return names == null ? List.of() : names;
    }

    /** One call to the registry about a room. */
    @FunctionalInterface
    private interface RegistryCall<T> {
        T call() throws ClientException;
    }

    /** Drops the room and its buffer; false when it was dropped already (the user was told then). */
    private boolean forget(Room room) {
        if (rooms.remove(Names.key(room.name), room)) {
            room.log.closeQuietly();
            buffers.close("#" + room.name);
            return true;
        }
        return false;
    }

    private Room require(String name) throws ClientException {
        String bare = name.startsWith("#") ? name.substring(1) : name;
        Room room = find(bare);
        if (room == null) {
            throw new ClientException("you are not in #" + bare + " — /join " + bare);
        }
        return room;
    }

    private Room find(String name) {
        String bare = name.startsWith("#") ? name.substring(1) : name;
        return rooms.get(Names.key(bare));
    }

    private ConversationLog openLog(String room) throws ClientException {
        try {
            return ConversationLog.openHistory(logFile(room), clock);
        } catch (IOException e) {
            throw new ClientException("cannot open the history of #" + room + ": " + Diagnostics.reason(e));
        }
    }

    private Path logFile(String room) {
        return folder.resolve(Names.key(room) + ".jsonl");
    }

    private static void requireRule(Optional<String> problem) throws ClientException {
        if (problem.isPresent()) {
            throw new ClientException(problem.get());
        }
    }
}
