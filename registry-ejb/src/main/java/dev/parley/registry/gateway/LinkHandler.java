package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryRequest;

/** What a link's rules hand each request to, and tell when the link is gone. Holds the business side. */
public interface LinkHandler {

    /**
     * The answer to one request that passed the link's rules ({@link RequestPipeline}): it has an
     * id, was read as a registry request, comes after HELLO and, unless it is HELLO, REGISTER or
     * LOGIN, after a login. Never null.
     */
    Frame onRequest(Link link, String id, RegistryRequest request);

    /**
     * The answer to a request of a known {@code kind} that passed the link's rules but whose fields
     * could not be read (missing, mistyped, out of bounds): a 400 with the codec's reason.
     */
    default Frame onInvalid(String id, Class<? extends RegistryRequest> kind, InvalidFieldException problem) {
        return Frame.answer(id, Status.BAD_REQUEST, problem.getMessage());
    }

    /** A request was refused (429) for coming faster than its link's rate limit. */
    default void onThrottled() {
    }

    /** The link closed, for whatever reason; release what it held. */
    void onLinkClosed(Link link);
}
