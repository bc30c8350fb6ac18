package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;

/** What the transport calls for each request on a link, and when a link is gone. Holds the business side. */
interface LinkHandler {

    /** The answer to one well-formed request; never null. */
    Frame onRequest(Link link, Frame request);

    /** The link closed, for whatever reason; release what it held. */
    void onLinkClosed(Link link);
}
