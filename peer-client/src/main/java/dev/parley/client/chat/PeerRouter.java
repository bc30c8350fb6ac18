package dev.parley.client.chat;

import dev.parley.client.peer.PeerLink;
import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;

/** Hands each peer frame to the part that understands it: conversations or rooms. */
public final class PeerRouter implements PeerLink.Handler {
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
    public void request(PeerLink link, Frame request) {
        if (MessageType.ROOM_MESSAGE.name().equals(request.type())) {
            rooms.messageArrived(link, request);
        } else if (request.type().startsWith("CHAT_")) {
            conversations.request(link, request);
        } else {
            link.respond(request.id().orElseThrow(), Status.BAD_REQUEST,
                    "not a peer request: '" + PeerLink.printable(request.type()) + "'", null);
        }
    }

    @Override
    public void event(PeerLink link, Frame event) {
        conversations.event(link, event);
    }

    @Override
    public void closed(PeerLink link, String reason) {
        rooms.linkClosed(link);
        conversations.closed(link, reason);
    }
}
