package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;

/** What a link's rules hand each request to, and tell when the link is gone. Holds the business side. */
public interface LinkHandler {

    /**
     * The answer to one request that passed the link's rules ({@link RequestPipeline}): it has an
     * id, is a registry request of {@code type}, comes after HELLO and, unless it is HELLO,
     * REGISTER or LOGIN, after a login. Never null.
     */
    Frame onRequest(Link link, MessageType type, String id, Frame request);

    /** The link closed, for whatever reason; release what it held. */
    void onLinkClosed(Link link);
}
