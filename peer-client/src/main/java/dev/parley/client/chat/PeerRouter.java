package dev.parley.client.chat;

import dev.parley.client.peer.PeerLink;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.MessageCatalog;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;

/**
 * Reads each peer request as its record and hands it to the part that understands it:
 * conversations or rooms. A request that does not read is answered 400 with the reason (a chat or
 * room message's as an unusable message); a CHAT_REQUEST that does not read closes the link.
 */
public final class PeerRouter implements PeerLink.Handler {
    /** The requests' codecs, built with the router at login rather than when the first request comes. */
    private static final MessageCatalog<PeerRequest> REQUESTS = PeerRequest.CATALOG;
    private static final String CHAT_REQUEST = RecordCodec.of(PeerRequest.ChatRequest.class).wireType();
    private static final String CHAT_MESSAGE = RecordCodec.of(PeerRequest.ChatMessage.class).wireType();
    private static final String ROOM_MESSAGE = RecordCodec.of(PeerRequest.RoomMessage.class).wireType();

    private final Conversations conversations;
    private final Rooms rooms;

    public PeerRouter(Conversations conversations, Rooms rooms) {
        this.conversations = conversations;
        this.rooms = rooms;
    }

    @Override
    public void opened(PeerLink link) {
        rooms.linkOpened(link);
    }

    @Override
    public void request(PeerLink link, Frame frame) {
        String id = frame.id().orElseThrow();
        PeerRequest request;
        try {
            request = REQUESTS.read(frame);
        } catch (InvalidFieldException e) {
            unreadable(link, id, frame.type(), e.getMessage());
            return;
        }
        switch (request) {
            case PeerRequest.Hello hello -> link.respond(id, Status.BAD_REQUEST,
                    "not a peer request: '" + PeerLink.printable(frame.type()) + "' (only the first frame on a link)");
            case PeerRequest.ChatRequest ask -> conversations.requested(link, id, ask);
            case PeerRequest.ChatMessage message -> conversations.messageArrived(link, id, message);
            case PeerRequest.RoomMessage message -> rooms.messageArrived(link, id, message);
        }
    }

    private static void unreadable(PeerLink link, String id, String type, String reason) {
        if (type.equals(CHAT_MESSAGE) || type.equals(ROOM_MESSAGE)) {
            link.respond(id, Status.BAD_REQUEST, "unusable message: " + reason);
        } else if (type.equals(CHAT_REQUEST)) {
            link.close("cannot read from " + link.peer() + ": " + reason);
        } else {
            link.respond(id, Status.BAD_REQUEST, reason); // unknown message type 'X'
        }
    }

    @Override
    public void chatClosed(PeerLink link, PeerEvent.ChatClose close) {
        conversations.chatClosed(link, close);
    }

    @Override
    public void closed(PeerLink link, String reason) {
        rooms.linkClosed(link);
        conversations.closed(link, reason);
    }
}
