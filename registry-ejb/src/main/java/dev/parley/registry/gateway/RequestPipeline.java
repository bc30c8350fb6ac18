package dev.parley.registry.gateway;

import static dev.parley.protocol.MessageType.GROUP_CREATE;
import static dev.parley.protocol.MessageType.HELLO;
import static dev.parley.protocol.MessageType.KEEPALIVE;
import static dev.parley.protocol.MessageType.LIST_ONLINE;
import static dev.parley.protocol.MessageType.LOGIN;
import static dev.parley.protocol.MessageType.LOGOUT;
import static dev.parley.protocol.MessageType.REGISTER;
import static dev.parley.protocol.MessageType.ROOM_BAN;
import static dev.parley.protocol.MessageType.ROOM_CREATE;
import static dev.parley.protocol.MessageType.ROOM_INVITE_ANSWER;
import static dev.parley.protocol.MessageType.ROOM_JOIN;
import static dev.parley.protocol.MessageType.ROOM_KICK;
import static dev.parley.protocol.MessageType.ROOM_LEAVE;
import static dev.parley.protocol.MessageType.ROOM_LIST;
import static dev.parley.protocol.MessageType.ROOM_MEMBERS;
import static dev.parley.protocol.MessageType.ROOM_UPDATE;
import static dev.parley.protocol.MessageType.SEARCH_USER;
import static dev.parley.protocol.MessageType.WATCH;
import static dev.parley.protocol.MessageType.WHOAMI;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import dev.parley.registry.config.RegistrySettings;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every frame a client sends on a registry link goes through, whatever carries it: the
 * per-link rate limit and the cut-off of a flood, then an id, a known registry request, HELLO
 * first and a login before anything but HELLO, REGISTER and LOGIN. Only then does the
 * {@link LinkHandler} answer. One per link, called by whoever reads the link, one frame at a time.
 */
final class RequestPipeline {
    /** The registry requests a link may make before it logs in. */
    private static final Set<MessageType> BEFORE_LOGIN = EnumSet.of(HELLO, REGISTER, LOGIN);
    /** The registry requests that need a logged-in session; every other type is a peer's or the registry's own. */
    private static final Set<MessageType> AFTER_LOGIN = EnumSet.of(LOGOUT, WHOAMI, SEARCH_USER, LIST_ONLINE,
            ROOM_CREATE, ROOM_LIST, ROOM_JOIN, ROOM_LEAVE, ROOM_MEMBERS, ROOM_KICK, ROOM_BAN, ROOM_UPDATE,
            GROUP_CREATE, ROOM_INVITE_ANSWER, WATCH, KEEPALIVE);

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
            link.send(Frame.response(null, Status.BAD_REQUEST, problem, null));
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
        if (++refusedInARow > settings.requestBurst()) {
            link.bye(Status.TOO_MANY_REQUESTS, "request flood: more than " + settings.requestsPerSecond()
                    + " requests a second; closing");
        } else {
            link.send(Frame.response(requestId, Status.TOO_MANY_REQUESTS, "slow down: more than "
                    + settings.requestsPerSecond() + " requests a second", Frame.object().add("retryAfterSeconds", 1)));
        }
        return false;
    }

    private Frame answer(Frame request) {
        Optional<String> id = request.id();
        if (id.isEmpty()) {
            return refuse(null, Status.BAD_REQUEST,
                    "a request needs an 'id' string of 1 to " + Limits.MAX_REQUEST_ID_LENGTH + " characters");
        }
        Optional<MessageType> type = MessageType.fromWire(request.type());
        if (type.isEmpty() || type.get() == MessageType.RESPONSE || type.get() == MessageType.BYE) {
            return refuse(id.get(), Status.BAD_REQUEST, "unknown message type '" + printable(request.type()) + "'");
        }
        if (!link.session().isGreeted() && type.get() != HELLO) {
            link.closeAfterAnswer(Status.BAD_REQUEST, "say HELLO first");
            return refuse(id.get(), Status.BAD_REQUEST, "say HELLO first");
        }
        if (AFTER_LOGIN.contains(type.get())) {
            if (link.session().id() == null) {
                return refuse(id.get(), Status.UNAUTHORIZED, "log in first");
            }
        } else if (!BEFORE_LOGIN.contains(type.get())) {
            return refuse(id.get(), Status.BAD_REQUEST, "not a registry request: " + type.get());
        }
        return handler.onRequest(link, type.get(), id.get(), request);
    }

    private static Frame refuse(String id, Status status, String reason) {
        return Frame.response(id, status, reason, null);
    }

    /** Echoes client-chosen text safely: no control characters, bounded length. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
