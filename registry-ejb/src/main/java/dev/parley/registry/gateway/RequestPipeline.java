package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Register;
import dev.parley.protocol.registry.RegistryRequest.UsernameCheck;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.registry.config.RegistrySettings;
import java.util.Optional;

/**
 * The rules every frame a client sends on a registry link goes through, whatever carries it: the
 * per-link rate limit and the cut-off of a flood, then an id, a known registry request, HELLO
 * first and a login before anything but HELLO, REGISTER and LOGIN. Only then does the
 * {@link LinkHandler} answer. One per link, called by whoever reads the link, one frame at a time.
 */
final class RequestPipeline {
    /** The answer to a request beyond the per-link rate limit, beside its message. */
    private static final Refusal RETRY_IN_A_SECOND = new Refusal(1, null, null);

    private final Link link;
    private final LinkHandler handler;
    private final RegistrySettings settings;
    private final TokenBucket requests;
    private int refusedInARow;
    private volatile long lastRequestNanos;

    RequestPipeline(Link link, LinkHandler handler, RegistrySettings settings, long openedNanos) {
        this.link = link;
        this.handler = handler;
        this.settings = settings;
        this.requests = new TokenBucket(settings.requestsPerSecond(), settings.requestBurst(), openedNanos);
        this.lastRequestNanos = openedNanos;
    }

    /** A well-formed frame arrived: it is answered, told to slow down, or ends a flood. */
    void onRequest(Frame request) {
        lastRequestNanos = System.nanoTime();
        if (admit(request.id().orElse(null))) {
            link.answer(() -> answer(request));
        }
    }

    /**
     * A frame arrived whose boundary is intact but whose content is not a frame (not JSON, no
     * type): the link can go on after saying what was wrong. It does not count as activity:
     * garbage must not keep an anonymous link open.
     */
    void onMalformed(String problem) {
        if (admit(null)) {
            link.send(Frame.answer(null, Status.BAD_REQUEST, problem));
        }
    }

    /** The link is gone, for whatever reason: the handler releases what it held. */
    void onClosed() {
        handler.onLinkClosed(link);
    }

    /** When the last frame of any kind but a malformed one arrived (or the link opened). */
    long lastRequestNanos() {
        return lastRequestNanos;
    }

    /** Applies the per-link rate limit; a link that keeps pushing past it is closed. */
    private boolean admit(String requestId) {
        if (requests.tryTake(System.nanoTime())) {
            refusedInARow = 0;
            return true;
        }
        handler.onThrottled();
        if (++refusedInARow > settings.requestBurst()) {
            link.bye(Status.TOO_MANY_REQUESTS, "request flood: more than " + settings.requestsPerSecond()
                    + " requests a second; closing");
        } else {
            link.send(Frame.answer(requestId, Status.TOO_MANY_REQUESTS, "slow down: more than "
                    + settings.requestsPerSecond() + " requests a second", RETRY_IN_A_SECOND));
        }
        return false;
    }

    /**
     * Reads the request once; then the rules, in this order: an id, a known registry request, HELLO
     * first, a login unless it is HELLO, REGISTER or LOGIN, and only then fields that can be read.
     */
    private Frame answer(Frame frame) {
        Optional<String> id = frame.id();
        if (id.isEmpty()) {
            return refuse(null, Status.BAD_REQUEST,
                    "a request needs an 'id' string of 1 to " + Limits.MAX_REQUEST_ID_LENGTH + " characters");
        }
        RegistryRequest request = null;
        InvalidFieldException invalid = null;
        try {
            request = RegistryRequest.CATALOG.read(frame);
        } catch (InvalidFieldException e) {
            invalid = e;
        }
        // The rules go by the kind of request even when its fields cannot be read: a LOGIN before
        // HELLO is told to say HELLO first, whatever it holds.
        Class<? extends RegistryRequest> kind = request != null ? request.getClass()
                : RegistryRequest.CATALOG.kindOf(frame.type()).orElse(null);
        if (kind == null) {
            return refuse(id.get(), Status.BAD_REQUEST, invalid.getMessage()); // unknown message type 'X'
        }
        if (!link.session().isGreeted() && kind != Hello.class) {
            link.closeAfterAnswer(Status.BAD_REQUEST, "say HELLO first");
            return refuse(id.get(), Status.BAD_REQUEST, "say HELLO first");
        }
        if (needsLogin(kind) && link.session().id() == null) {
            return refuse(id.get(), Status.UNAUTHORIZED, "log in first");
        }
        if (invalid != null) {
            return handler.onInvalid(id.get(), kind, invalid);
        }
        return handler.onRequest(link, id.get(), request);
    }

    /** Every registry request but those a link makes before it logs in. */
    private static boolean needsLogin(Class<? extends RegistryRequest> kind) {
        return kind != Hello.class && kind != Register.class && kind != UsernameCheck.class && kind != Login.class;
    }

    private static Frame refuse(String id, Status status, String reason) {
        return Frame.answer(id, status, reason);
    }
}
