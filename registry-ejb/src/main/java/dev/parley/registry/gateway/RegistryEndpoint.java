package dev.parley.registry.gateway;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.LoginProof;
import dev.parley.protocol.registry.RegistryAnswer.HelloAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ListOnlineAnswer;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.OnlineUser;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.RegisterAnswer;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WhoamiAnswer;
import dev.parley.protocol.registry.RegistryRequest.GroupCreate;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.KeepaliveOverLink;
import dev.parley.protocol.registry.RegistryRequest.ListOnline;
import dev.parley.protocol.registry.RegistryRequest.MailAck;
import dev.parley.protocol.registry.RegistryRequest.MailDeposit;
import dev.parley.protocol.registry.RegistryRequest.MailFetch;
import dev.parley.protocol.registry.RegistryRequest.ReceiptAck;
import dev.parley.protocol.registry.RegistryRequest.ReceiptFetch;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.Register;
import dev.parley.protocol.registry.RegistryRequest.RoomBan;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomInviteAnswer;
import dev.parley.protocol.registry.RegistryRequest.RoomJoin;
import dev.parley.protocol.registry.RegistryRequest.RoomKick;
import dev.parley.protocol.registry.RegistryRequest.RoomLeave;
import dev.parley.protocol.registry.RegistryRequest.RoomList;
import dev.parley.protocol.registry.RegistryRequest.RoomMembers;
import dev.parley.protocol.registry.RegistryRequest.RoomUpdate;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.UsernameCheck;
import dev.parley.protocol.registry.RegistryRequest.Watch;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.registry.RepeatedFailureLog;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.account.AccountIdentity;
import dev.parley.registry.account.AccountService;
import dev.parley.registry.account.DeviceProof;
import dev.parley.registry.account.IdentityKeyMismatch;
import dev.parley.registry.account.PasswordHasher;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.directory.DirectoryService;
import dev.parley.registry.directory.UserLookup;
import dev.parley.registry.presence.OnlinePage;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.metrics.RequestMeters;
import dev.parley.registry.presence.Session;
import dev.parley.registry.room.RoomRefusal;
import dev.parley.registry.room.RoomService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    /** A client can repeat a request that fails as often as it likes: one stack trace a minute per fault. */
    private static final RepeatedFailureLog FAILURES = RepeatedFailureLog.of(LOG);
    private static final int DEFAULT_PAGE = 100;
    /** The links' login challenges: unpredictable, so a proof made for one link is no use on another. */
    private static final SecureRandom RANDOM = new SecureRandom();

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
    @Inject
    private MailEndpoint mail;
    @Inject
    private RequestMeters meters;
    @EJB
    private RoomService roomService;

    @Override
    public Frame onRequest(Link link, String id, RegistryRequest request) {
        long started = System.nanoTime();
        Frame answer;
        try {
            answer = handle(link, id, request);
        } catch (RequestRefused e) {
            answer = Frame.answer(id, e.status(), e.getMessage(), refusal(e));
        } catch (RuntimeException e) {
            answer = failure(link, request, id, e);
        }
        meters.answered(request, answer.status(), System.nanoTime() - started);
        return answer;
    }

    @Override
    public void onThrottled() {
        meters.throttled();
    }

    /** Room requests are refused with a machine-readable reason, a bad field included ({@code invalid}). */
    @Override
    public Frame onInvalid(String id, Class<? extends RegistryRequest> kind, InvalidFieldException problem) {
        if (RoomEndpoint.isRoomRequest(kind)) {
            RequestRefused invalid = RoomRefusal.invalid(problem.getMessage());
            return Frame.answer(id, invalid.status(), invalid.getMessage(), refusal(invalid));
        }
        return refuse(id, Status.BAD_REQUEST, problem.getMessage());
    }

    private Frame handle(Link link, String id, RegistryRequest request) {
        return switch (request) {
            case Hello r -> hello(link, id, r);
            case Register r -> register(link, id, r);
            case UsernameCheck r -> usernameCheck(id, r);
            case Login r -> login(link, id, r);
            case Logout r -> logout(link, id);
            case Whoami r -> whoami(link, id);
            case SearchUser r -> search(id, r);
            case ListOnline r -> listOnline(id, r);
            case RoomCreate r -> rooms.create(username(link), id, r);
            case RoomList r -> rooms.list(username(link), id, r);
            case RoomJoin r -> rooms.join(link, username(link), id, r);
            case RoomLeave r -> rooms.leave(username(link), id, r);
            case RoomMembers r -> rooms.members(username(link), id, r);
            case RoomKick r -> rooms.kick(username(link), id, r);
            case RoomBan r -> rooms.ban(username(link), id, r);
            case RoomUpdate r -> rooms.update(username(link), id, r);
            case GroupCreate r -> rooms.group(username(link), id, r);
            case RoomInviteAnswer r -> rooms.answer(username(link), id, r);
            case Watch r -> presenceRequests.watch(sessionOf(link), id, r);
            case KeepaliveOverLink r -> presenceRequests.keepalive(sessionOf(link), id);
            case MailDeposit r -> mail.deposit(link, username(link), id, r);
            case MailFetch r -> mail.fetch(username(link), id, r);
            case MailAck r -> mail.acknowledge(username(link), id, r);
            case ReceiptFetch r -> mail.receipts(username(link), id, r);
            case ReceiptAck r -> mail.forgetReceipts(username(link), id, r);
        };
    }

    /** What a refusal carries beside its status and message; nothing ({@link Refusal#NONE}) for most. */
    static Refusal refusal(RequestRefused e) {
        Integer retryAfter = e.retryAfterSeconds() > 0 ? (int) Math.min(e.retryAfterSeconds(), Integer.MAX_VALUE) : null;
        Boolean keyMismatch = retryAfter == null && e instanceof IdentityKeyMismatch ? Boolean.TRUE : null;
        return retryAfter == null && keyMismatch == null && e.reason() == null
                ? Refusal.NONE : new Refusal(retryAfter, keyMismatch, e.reason());
    }

    private Frame hello(Link link, String id, Hello request) {
        String problem = ProtocolVersion.incompatibility(request.version());
        if (problem != null) {
            link.closeAfterAnswer(Status.BAD_REQUEST, problem);
            return refuse(id, Status.BAD_REQUEST, problem);
        }
        String challenge = LoginProof.newChallenge(RANDOM);
        link.session().markGreeted(challenge);
        return Frame.answer(id, Status.OK, "welcome to the Parley registry", new HelloAnswer(ProtocolVersion.CURRENT,
                settings.keepaliveInterval().toSeconds(), settings.keepalivePort(), challenge));
    }

    private Frame register(Link link, String id, Register request) {
        String name = accounts.register(request.username(), request.password().toCharArray(), request.identityKey(),
                link.address());
        return Frame.answer(id, Status.CREATED, "account " + name + " created", new RegisterAnswer(name));
    }

    private Frame usernameCheck(String id, UsernameCheck request) {
        accounts.requireFree(request.username());
        return Frame.answer(id, Status.OK, "the username " + request.username() + " is free");
    }

    private Frame login(Link link, String id, Login request) {
        if (link.session().id() != null) {
            return refuse(id, Status.CONFLICT, "this link is already logged in as " + link.session().username()
                    + "; log out first");
        }
        AccountIdentity account = accounts.authenticate(request.username(), request.password().toCharArray(),
                request.identityKey(), link.address(), DeviceProof.of(link.session().loginChallenge(), request.proof()));
        Session s = presence.login(account.username(), account.identityKey(), link.address(), request.peerPort(),
                request.resumeToken());
        link.session().attach(s.id(), s.username());
        return Frame.answer(id, Status.OK, "logged in as " + s.username(), new LoginAnswer(s.username(), s.id(),
                Base64.getEncoder().encodeToString(s.keepaliveKey()), settings.keepaliveInterval().toSeconds(),
                settings.keepalivePort(), s.resumeToken(), s.address(), s.identityKey(), roomsOf(s).orElse(null)));
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
        return Frame.answer(id, Status.OK, "logged out");
    }

    private Frame whoami(Link link, String id) {
        Session s = presence.session(sessionOf(link))
                .orElseThrow(() -> new RequestRefused(Status.UNAUTHORIZED, "log in first"));
        return Frame.answer(id, Status.OK, "you are " + s.username(), new WhoamiAnswer(s.username(), s.address(),
                s.peerPort(), s.since().truncatedTo(ChronoUnit.SECONDS)));
    }

    private Frame search(String id, SearchUser request) {
        Credentials.usernameProblem(request.username()).ifPresent(p -> {
            throw new RequestRefused(Status.BAD_REQUEST, p);
        });
        UserLookup user = directory.search(request.username());
        SearchUserAnswer answer = user.online()
                ? new SearchUserAnswer(user.username(), true, user.address(), user.peerPort(), user.identityKey())
                : new SearchUserAnswer(user.username(), false, null, null, user.identityKey());
        return Frame.answer(id, Status.OK, user.username() + (user.online() ? " is online" : " is offline"), answer);
    }

    private Frame listOnline(String id, ListOnline request) {
        boolean detailed = Boolean.TRUE.equals(request.detailed());
        int offset = request.offset() == null ? 0 : request.offset();
        int limit = request.limit() == null ? DEFAULT_PAGE : request.limit();
        OnlinePage page = directory.listOnline(offset, limit);
        List<OnlineUser> users = new ArrayList<>(page.sessions().size());
        for (Session s : page.sessions()) {
            users.add(detailed ? new OnlineUser(s.username(), s.address(), s.peerPort())
                    : new OnlineUser(s.username(), null, null));
        }
        return Frame.answer(id, Status.OK, page.total() + (page.total() == 1 ? " user" : " users") + " online",
                new ListOnlineAnswer(page.total(), page.offset(), users));
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
        return Frame.answer(id, status, reason);
    }

    /** A service failed: 503 when the database or hashing capacity is the cause, 500 otherwise; details go to the log only. */
    private static Frame failure(Link link, RegistryRequest request, String id, RuntimeException e) {
        String type = RecordCodec.of(request.getClass().asSubclass(Record.class)).wireType();
        if (causedBy(e, PasswordHasher.HasherBusyException.class)) {
            LOG.warning(() -> type + " from " + link.describe() + " refused: password hashing is saturated");
            return refuse(id, Status.UNAVAILABLE, "the registry is busy; try again shortly");
        }
        if (causedBy(e, SQLException.class) || causedBy(e, jakarta.resource.ResourceException.class)) {
            FAILURES.log(Level.WARNING, type + " from " + link.describe() + " failed: database unavailable", e);
            return refuse(id, Status.UNAVAILABLE, "the registry's database is unavailable; try again shortly");
        }
        FAILURES.log(Level.SEVERE, type + " from " + link.describe() + " failed", e);
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
