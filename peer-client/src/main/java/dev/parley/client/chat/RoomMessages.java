package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.peer.PeerLink;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.store.ChatMessage;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Room messages, carried by this client itself: from the sender straight to every other member's
 * client over one peer link per member (shared by all rooms, whoever opened it), each member's
 * answer its receipt; and the messages that arrive from other members. Which rooms exist and who
 * is in them is {@link Rooms}' business.
 */
final class RoomMessages {
    /** Fails what is still open of a room message's receipts when they are due. */
    private static final ScheduledThreadPoolExecutor RECEIPT_DEADLINE = deadlineTimer();

    private final String me;
    private final Buffers buffers;
    private final ChatListener events;
    private final Clock clock;
    private final boolean showEveryBuffer;
    /** One usable link per other user, whoever opened it; room messages to them go on it. */
    private final Map<String, PeerLink> mesh = new ConcurrentHashMap<>();
    private volatile PeerNode node;
    /** Carries the message, sealed, to members no direct link reaches; null until logged in with a key. */
    private volatile ChatMail mail;

    RoomMessages(String me, Buffers buffers, ChatListener events, Clock clock, boolean showEveryBuffer) {
        this.me = me;
        this.buffers = buffers;
        this.events = events;
        this.clock = clock;
        this.showEveryBuffer = showEveryBuffer;
    }

    void attach(PeerNode peerNode) {
        this.node = peerNode;
    }

    void attachMail(ChatMail chatMail) {
        this.mail = chatMail;
    }

    /**
     * Sends a message to every other member, each over its own link; the future completes when
     * every member has answered or failed, and the user sees "delivered to k of n".
     */
    CompletableFuture<Void> send(Room room, String text) throws ClientException {
        ChatMessage.requireFits(text);
        ChatMessage message = ChatMessage.compose(me, text, clock);
        try {
            room.log.sent(message);
        } catch (IOException e) {
            throw new ClientException("cannot store the message: " + Diagnostics.reason(e) + " — nothing was sent");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Out only once it is on our disk: what the screen calls sending is never lost by a crash.
        room.log.durable().whenComplete((stored, failure) -> {
            if (failure != null) {
                events.on(new RoomEvent.NotStored(room.name, Diagnostics.reason(failure)));
                done.completeExceptionally(failure);
            } else if (allLinked(room)) {
                fanOut(room, message, done);
            } else {
                // Connecting to members waits on the network: not on the store's sync thread.
                Thread.ofVirtual().name("room-send #" + room.name).start(() -> fanOut(room, message, done));
            }
        });
        return done;
    }

    private CompletableFuture<Frame> call(Room room, RoomDelivery delivery, String member, PeerLink link,
            PeerLink.Request request, CompletableFuture<Void> done) {
        CompletableFuture<Frame> receipt = link.call(request);
        receipt.whenComplete((answer, failure) -> settle(room, delivery, member, failure != null
                ? reasonOf(failure) : answer.status() == Status.OK ? null : PeerLink.printable(answer.message()), done));
        return receipt;
    }

    private boolean allLinked(Room room) {
        for (String member : room.names()) {
            PeerLink link = mesh.get(Names.key(member));
            if (!member.equalsIgnoreCase(me) && (link == null || !link.isOpen())) {
                return false;
            }
        }
        return true;
    }

    private void fanOut(Room room, ChatMessage message, CompletableFuture<Void> done) {
        List<String> targets = room.names().stream().filter(n -> !n.equalsIgnoreCase(me)).toList();
        events.on(new RoomEvent.Sending(room.name, message, targets.size()));
        RoomDelivery delivery = new RoomDelivery(message, targets);
        room.lastSent = delivery;
        if (targets.isEmpty()) {
            events.on(new RoomEvent.Alone(room.name));
            done.complete(null);
            return;
        }
        // Encoded once for all members; one deadline for all their receipts, not a timer per member.
        PeerLink.Request request = PeerLink.request(message.id(),
                new PeerRequest.RoomMessage(room.name, message.sentAt(), message.body()));
        List<CompletableFuture<Frame>> receipts = new ArrayList<>(targets.size());
        synchronized (room.sending) {
            // Members with a link get it at once; a slow handshake with another (a busy machine
            // takes seconds for twenty) must not hold them up.
            List<String> unlinked = new ArrayList<>();
            for (String member : targets) {
                PeerLink link = mesh.get(Names.key(member));
                if (link != null && link.isOpen()) {
                    receipts.add(call(room, delivery, member, link, request, done));
                } else {
                    unlinked.add(member);
                }
            }
            if (!unlinked.isEmpty()) {
                Map<String, String> unreachable = connectAll(unlinked);
                for (String member : unlinked) {
                    PeerLink link = mesh.get(Names.key(member));
                    ChatMail m = mail;
                    if (link == null && m != null) {
                        // Through the registry, sealed for them; its receipt comes back the same way.
                        CompletableFuture<Frame> receipt = m.relayRoomMessage(member, room.name, message);
                        receipt.whenComplete((answer, failure) -> settle(room, delivery, member,
                                failure != null ? reasonOf(failure) : null, done));
                        receipts.add(receipt);
                    } else if (link == null) {
                        settle(room, delivery, member, unreachable.getOrDefault(Names.key(member), "cannot reach"), done);
                    } else {
                        receipts.add(call(room, delivery, member, link, request, done));
                    }
                }
            }
        }
        if (!done.isDone()) {
            // Cancelled (and dropped, with the receipts it holds) as soon as the last one is in.
            ScheduledFuture<?> deadline = RECEIPT_DEADLINE.schedule(
                    () -> receipts.forEach(r -> r.completeExceptionally(new TimeoutException())),
                    ChatMessage.ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            done.whenComplete((v, e) -> deadline.cancel(false));
        }
    }

    /** /receipts: who has and who has not received this user's last message in the room. */
    void receipts(Room room) throws ClientException {
        RoomDelivery last = room.lastSent;
        if (last == null) {
            throw new ClientException("you have sent nothing in #" + room.name + " yet");
        }
        events.on(new RoomEvent.Receipts(room.name, last.message, last.delivered(), last.notDelivered()));
    }

    /** A ROOM_MESSAGE from a member of {@code room} (checked by the caller), on that link's reader thread. */
    void arrived(PeerLink link, String id, PeerRequest.RoomMessage request, Room room) {
        IncomingMessage.receive(link, id, request.sentAt(), request.body(), 0, room.log, clock,
                message -> show(room, message));
    }

    /** A room message that came otherwise than on a link (through the registry), stored and on the disk. */
    void showArrived(Room room, ChatMessage message) {
        show(room, message);
    }

    private void show(Room room, ChatMessage message) {
        String buffer = "#" + room.name;
        int before = buffers.arrived(buffer);
        if (!showEveryBuffer && before == 0) {
            events.on(new RoomEvent.UnreadElsewhere(room.name));
        }
        if (showEveryBuffer || before < 0) {
            events.on(new RoomEvent.Received(room.name, message));
        }
    }

    // ---- peer links ----

    void linkOpened(PeerLink link) {
        useLink(link);
    }

    /** Sends to that user go on this link, unless another open one is in use already. */
    private void useLink(PeerLink link) {
        mesh.merge(Names.key(link.peer()), link, (old, fresh) -> old.isOpen() ? old : fresh);
    }

    void linkClosed(PeerLink link) {
        mesh.remove(Names.key(link.peer()), link);
    }

    /** Forgets every link (they close with the node). */
    void close() {
        mesh.clear();
    }

    // ---- internals ----

    /** Opens links to the members who have none yet, all at once; returns why each failed one failed. */
    private Map<String, String> connectAll(List<String> members) {
        PeerNode n = node;
        Map<String, String> failures = new ConcurrentHashMap<>();
        List<Thread> connecting = new ArrayList<>();
        for (String member : members) {
            PeerLink existing = mesh.get(Names.key(member));
            if (existing != null && existing.isOpen()) {
                continue;
            }
            connecting.add(Thread.ofVirtual().name("room-connect " + member).start(() -> {
                try {
                    if (n == null) {
                        throw new ClientException("not logged in");
                    }
                    // If the member linked to us meanwhile, both links stay: closing either could cut off a
                    // message the other side already sent on it. Sends use whichever is open.
                    useLink(n.connect(member));
                } catch (ClientException e) {
                    failures.put(Names.key(member), e.getMessage());
                }
            }));
        }
        for (Thread t : connecting) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return failures;
    }

    private void settle(Room room, RoomDelivery delivery, String member, String failure, CompletableFuture<Void> done) {
        if (!delivery.settle(member, failure)) {
            return;
        }
        List<String> delivered = delivery.delivered();
        if (delivered.size() == delivery.size()) {
            try {
                room.log.delivered(delivery.message.id(), clock.instant());
            } catch (IOException e) {
                Diagnostics.trace("recording a room receipt", e);
            }
        }
        events.on(new RoomEvent.Delivery(room.name, delivery.message, delivered.size(), delivery.size(),
                delivery.notDelivered()));
        done.complete(null);
    }


    private static String reasonOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no receipt within " + ChatMessage.ACK_TIMEOUT.toSeconds() + " s";
        }
        return cause.getMessage();
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("room-receipt-deadline").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
