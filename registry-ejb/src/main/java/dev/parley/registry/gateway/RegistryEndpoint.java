package dev.parley.registry.gateway;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.account.AccountIdentity;
import dev.parley.registry.account.AccountService;
import dev.parley.registry.account.IdentityKeyMismatch;
import dev.parley.registry.account.PasswordHasher;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.directory.DirectoryService;
import dev.parley.registry.directory.UserLookup;
import dev.parley.registry.presence.OnlinePage;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.room.RoomService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns each registry request into a service call and its result into a response. The only
 * place that knows both the frames and the services; holds no rule of its own.
 */
@ApplicationScoped
public class RegistryEndpoint implements LinkHandler {
    private static final Logger LOG = Logger.getLogger(RegistryEndpoint.class.getName());
    private static final int DEFAULT_PAGE = 100;

    @EJB
    private AccountService accounts;
    @EJB
    private PresenceService presence;
    @EJB
    private DirectoryService directory;
    @Inject
    private RegistrySettings settings;
    @Inject
    private RoomEndpoint rooms;
    @Inject
    private PresenceEndpoint presenceRequests;
    @EJB
    private RoomService roomService;

    @Override
    public Frame onRequest(Link link, MessageType type, String id, Frame request) {
        try {
            return handle(link, type, id, request);
        } catch (RequestRefused e) {
            JsonObjectBuilder extra = Frame.object();
            if (e.retryAfterSeconds() > 0) {
                extra.add("retryAfterSeconds", e.retryAfterSeconds());
            } else if (e instanceof IdentityKeyMismatch) {
                extra.add("identityKeyMismatch", true);
            }
            if (e.reason() != null) {
                extra.add("reason", e.reason());
            }
            return Frame.response(id, e.status(), e.getMessage(), extra);
        } catch (InvalidFieldException e) {
            return refuse(id, Status.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            return failure(link, type, id, e);
        }
    }

    private Frame handle(Link link, MessageType type, String id, Frame request) {
        return switch (type) {
            case HELLO -> hello(link, id, request);
            case REGISTER -> register(link, id, request);
            case LOGIN -> login(link, id, request);
            case LOGOUT -> logout(link, id);
            case WHOAMI -> whoami(link, id);
            case SEARCH_USER -> search(link, id, request);
            case LIST_ONLINE -> listOnline(link, id, request);
            case ROOM_CREATE, ROOM_LIST, ROOM_JOIN, ROOM_LEAVE, ROOM_MEMBERS, ROOM_KICK, ROOM_BAN, ROOM_UPDATE,
                    GROUP_CREATE, ROOM_INVITE_ANSWER -> rooms.handle(link, username(link), type, id, request);
            case WATCH, KEEPALIVE -> presenceRequests.handle(sessionOf(link), type, id, request);
            // The link's rules let nothing else through.
            default -> throw new IllegalStateException("not a registry request: " + type);
        };
    }

    private Frame hello(Link link, String id, Frame request) {
        String problem = ProtocolVersion.incompatibility(request.requireString("version"));
        if (problem != null) {
            link.closeAfterAnswer(Status.BAD_REQUEST, problem);
            return refuse(id, Status.BAD_REQUEST, problem);
        }
        link.session().markGreeted();
        return Frame.response(id, Status.OK, "welcome to the Parley registry", Frame.object()
                .add("version", ProtocolVersion.CURRENT)
                .add("keepaliveIntervalSeconds", settings.keepaliveInterval().toSeconds())
                .add("udpPort", settings.keepalivePort()));
    }

    private Frame register(Link link, String id, Frame request) {
        String name = accounts.register(request.requireString("username"),
                request.requireString("password").toCharArray(),
                request.optionalString("identityKey").orElse(null), link.address());
        return Frame.response(id, Status.CREATED, "account " + name + " created",
                Frame.object().add("username", name));
    }

    private Frame login(Link link, String id, Frame request) {
        if (link.session().id() != null) {
            return refuse(id, Status.CONFLICT, "this link is already logged in as " + link.session().username()
                    + "; log out first");
        }
        String username = request.requireString("username");
        char[] password = request.requireString("password").toCharArray();
        int peerPort = request.requireInt("peerPort", 1, 65535);
        String resumeToken = request.optionalString("resumeToken").orElse(null);
        String identityKey = request.optionalString("identityKey").orElse(null);
        AccountIdentity account = accounts.authenticate(username, password, identityKey, link.address());
        Session s = presence.login(account.username(), account.identityKey(), link.address(), peerPort, resumeToken);
        link.session().attach(s.id(), s.username());
        JsonObjectBuilder b = Frame.object()
                .add("username", s.username())
                .add("sessionId", s.id())
                .add("keepaliveKey", Base64.getEncoder().encodeToString(s.keepaliveKey()))
                .add("keepaliveIntervalSeconds", settings.keepaliveInterval().toSeconds())
                .add("udpPort", settings.keepalivePort())
                .add("resumeToken", s.resumeToken())
                .add("address", s.address());
        if (s.identityKey() != null) {
            b.add("identityKey", s.identityKey());
        }
        roomsOf(s).ifPresent(names -> b.add("rooms", RoomFrames.names(names)));
        return Frame.response(id, Status.OK, "logged in as " + s.username(), b);
    }

    /**
     * The rooms the new session is in (kept by a resume, or from before a registry restart), so the
     * client can drop the ones it shows that are gone. Read after the session exists, so the sweep
     * no longer takes these away. Left out when the database cannot say: the session is made, and
     * a client then keeps its rooms as they are rather than dropping them on no evidence.
     */
    private Optional<List<String>> roomsOf(Session s) {
        try {
            return Optional.of(roomService.roomsOf(s.username()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the rooms of " + s.username() + " are left out of the login answer", e);
            return Optional.empty();
        }
    }

    private Frame logout(Link link, String id) {
        String sessionId = sessionOf(link);
        // Detached first: the session's end would otherwise close the link it is still attached to.
        link.session().detach();
        presence.logout(sessionId);
        return Frame.response(id, Status.OK, "logged out", null);
    }

    private Frame whoami(Link link, String id) {
        Session s = presence.session(sessionOf(link))
                .orElseThrow(() -> new RequestRefused(Status.UNAUTHORIZED, "log in first"));
        return Frame.response(id, Status.OK, "you are " + s.username(), Frame.object()
                .add("username", s.username())
                .add("address", s.address())
                .add("peerPort", s.peerPort())
                .add("since", s.since().truncatedTo(ChronoUnit.SECONDS).toString()));
    }

    private Frame search(Link link, String id, Frame request) {
        String username = request.requireString("username");
        Credentials.usernameProblem(username).ifPresent(p -> {
            throw new RequestRefused(Status.BAD_REQUEST, p);
        });
        UserLookup user = directory.search(username);
        JsonObjectBuilder b = Frame.object().add("username", user.username()).add("online", user.online());
        if (user.online()) {
            b.add("address", user.address()).add("peerPort", user.peerPort());
        }
        if (user.identityKey() != null) {
            b.add("identityKey", user.identityKey());
        }
        return Frame.response(id, Status.OK, user.username() + (user.online() ? " is online" : " is offline"), b);
    }

    private Frame listOnline(Link link, String id, Frame request) {
        boolean detailed = request.optionalBoolean("detailed", false);
        int offset = request.optionalInt("offset", 0, 0, Integer.MAX_VALUE);
        int limit = request.optionalInt("limit", DEFAULT_PAGE, 1, Limits.MAX_PAGE_SIZE);
        OnlinePage page = directory.listOnline(offset, limit);
        JsonArrayBuilder users = Frame.array();
        for (Session s : page.sessions()) {
            JsonObjectBuilder u = Frame.object().add("username", s.username());
            if (detailed) {
                u.add("address", s.address()).add("peerPort", s.peerPort());
            }
            users.add(u);
        }
        return Frame.response(id, Status.OK, page.total() + (page.total() == 1 ? " user" : " users") + " online",
                Frame.object().add("total", page.total()).add("offset", page.offset()).add("users", users));
    }

    @Override
    public void onLinkClosed(Link link) {
        String sessionId = link.session().id();
        if (sessionId != null) {
            link.session().detach();
            presence.linkClosed(sessionId);
        }
    }

    /** The logged-in user of the link, as registered; 401 when it has no session (see {@link #sessionOf}). */
    private static String username(Link link) {
        sessionOf(link);
        String username = link.session().username();
        if (username == null) {
            throw new RequestRefused(Status.UNAUTHORIZED, "log in first");
        }
        return username;
    }

    /**
     * The id of the link's session. The link's rules let no request that needs one through without
     * it, but another thread may have ended it since (an expiry, a takeover by a resume): then, as
     * for a link that never logged in, 401.
     */
    private static String sessionOf(Link link) {
        String s = link.session().id();
        if (s == null) {
            throw new RequestRefused(Status.UNAUTHORIZED, "log in first");
        }
        return s;
    }

    private static Frame refuse(String id, Status status, String reason) {
        return Frame.response(id, status, reason, null);
    }

    /** A service failed: 503 when the database or hashing capacity is the cause, 500 otherwise; details go to the log only. */
    private static Frame failure(Link link, MessageType type, String id, RuntimeException e) {
        if (causedBy(e, PasswordHasher.HasherBusyException.class)) {
            LOG.warning(() -> type + " from " + link.describe() + " refused: password hashing is saturated");
            return refuse(id, Status.UNAVAILABLE, "the registry is busy; try again shortly");
        }
        if (causedBy(e, SQLException.class) || causedBy(e, jakarta.resource.ResourceException.class)) {
            LOG.log(Level.WARNING, type + " from " + link.describe() + " failed: database unavailable", e);
            return refuse(id, Status.UNAVAILABLE, "the registry's database is unavailable; try again shortly");
        }
        LOG.log(Level.SEVERE, type + " from " + link.describe() + " failed", e);
        return refuse(id, Status.INTERNAL_ERROR, "internal error; the registry logged the details");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
