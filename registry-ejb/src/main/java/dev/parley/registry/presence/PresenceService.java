package dev.parley.registry.presence;

import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.account.Account;
import dev.parley.registry.config.RegistrySettings;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;

/**
 * Who is online and where. Sessions live in memory: they end with the registry anyway. A session
 * is online while its link is open and its keepalives arrive; it goes offline at once when the
 * link closes, or after {@link RegistrySettings#MISSED_KEEPALIVES} silent intervals.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// In memory only: no transaction to begin and commit for every keepalive or check.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PresenceService {
    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());
    private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();

    @Inject
    private RegistrySettings settings;
    @Inject
    private Event<SessionEnded> sessionEnded;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    /** By lower-case username, so the online list comes out sorted and one account has one session. */
    private final ConcurrentSkipListMap<String, Session> byUser = new ConcurrentSkipListMap<>();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    /**
     * Starts a session. A second login of an online account is refused unless it presents the
     * resume token of the session it replaces (the same client coming back). {@code identityKey} is
     * the account's (null if it has none), kept for look-ups while the session lasts.
     */
    public Session login(String username, String identityKey, String address, int peerPort, String resumeToken) {
        String key = Account.keyOf(username);
        Session replaced;
        Session fresh = newSession(username, identityKey, address, peerPort);
        synchronized (this) {
            Session existing = byUser.get(key);
            if (existing != null && existing.isAttached() && !tokenMatches(existing, resumeToken)) {
                throw new RequestRefused(Status.CONFLICT, existing.username() + " is already logged in from another client");
            }
            replaced = existing;
            if (replaced != null) {
                byId.remove(replaced.id());
            }
            byUser.put(key, fresh);
            byId.put(fresh.id(), fresh);
        }
        // A detached session replaced without its token belongs to a client that started afresh
        // and knows nothing of the old session's rooms.
        boolean resumed = replaced != null && tokenMatches(replaced, resumeToken);
        if (replaced != null) {
            sessionEnded.fire(new SessionEnded(replaced.id(), replaced.username(),
                    resumed ? "resumed by a new link" : "replaced by a new login", resumed));
        }
        LOG.info(() -> fresh.username() + " is online at " + address + ":" + peerPort
                + (resumed ? " (resumed)" : replaced != null ? " (replacing a dropped session)" : ""));
        return fresh;
    }

    /** Ends a session because its client asked; detach the link first, or it is closed as for an ended session. */
    public void logout(String sessionId) {
        Session s = remove(sessionId);
        if (s != null) {
            LOG.info(() -> s.username() + " logged out");
            sessionEnded.fire(new SessionEnded(s.id(), s.username(), "logged out", false));
        }
    }

    /** The session's link closed: offline now, resumable for one session timeout. */
    public void linkClosed(String sessionId) {
        Session s = byId.get(sessionId);
        if (s != null && s.isAttached()) {
            s.detach(System.nanoTime() + settings.sessionTimeout().toNanos());
            LOG.info(() -> s.username() + " is offline (link closed)");
        }
    }

    /** Applies one keepalive datagram's fields; the caller counts what is not accepted. */
    public KeepaliveOutcome keepalive(Keepalive datagram) {
        Session s = byId.get(URL64.encodeToString(datagram.sessionId()));
        if (s == null || !s.isAttached()) {
            return KeepaliveOutcome.UNKNOWN_SESSION;
        }
        if (!datagram.verify(s.keepaliveKeyRaw())) {
            return KeepaliveOutcome.BAD_MAC;
        }
        if (!s.advance(datagram.counter(), System.nanoTime() + settings.sessionTimeout().toNanos())) {
            return KeepaliveOutcome.REPLAYED;
        }
        return KeepaliveOutcome.ACCEPTED;
    }

    public Optional<Session> session(String sessionId) {
        return Optional.ofNullable(byId.get(sessionId));
    }

    /** The online session of this user (any letter case), if there is one. */
    public Optional<Session> online(String username) {
        Session s = byUser.get(Account.keyOf(username));
        return s != null && s.isAttached() ? Optional.of(s) : Optional.empty();
    }

    /**
     * True while this user (any letter case) has a session, online or waiting to be resumed: what
     * holds their rooms. A session that ended is gone; so is every session of an earlier run.
     */
    public boolean hasSession(String username) {
        return byUser.containsKey(Account.keyOf(username));
    }

    /** A page of online sessions sorted by name, and how many are online in all. */
    public OnlinePage onlinePage(int offset, int limit) {
        List<Session> page = new ArrayList<>(Math.min(limit, 64));
        int total = 0;
        for (Session s : byUser.values()) {
            if (!s.isAttached()) {
                continue;
            }
            if (total >= offset && page.size() < limit) {
                page.add(s);
            }
            total++;
        }
        return new OnlinePage(total, offset, page);
    }

    /** Ends sessions whose keepalives stopped, and forgets detached ones nobody resumed. */
    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void expire() {
        long now = System.nanoTime();
        for (Session s : byId.values()) {
            if (now - s.deadlineNanos() < 0) {
                continue;
            }
            boolean wasOnline = s.isAttached();
            if (remove(s.id()) == null) {
                continue;
            }
            String reason = wasOnline
                    ? "session expired: no keepalive for " + settings.sessionTimeout().toSeconds() + " s"
                    : "link closed and not resumed within " + settings.sessionTimeout().toSeconds() + " s";
            LOG.info(() -> s.username() + (wasOnline ? " is offline (" : " session ended (") + reason + ")");
            sessionEnded.fire(new SessionEnded(s.id(), s.username(), reason, false));
        }
    }

    private synchronized Session remove(String sessionId) {
        Session s = byId.remove(sessionId);
        if (s != null) {
            byUser.remove(Account.keyOf(s.username()), s);
        }
        return s;
    }

    private Session newSession(String username, String identityKey, String address, int peerPort) {
        byte[] id = new byte[Keepalive.SESSION_ID_BYTES];
        byte[] key = new byte[Keepalive.KEY_BYTES];
        byte[] token = new byte[32];
        random.nextBytes(id);
        random.nextBytes(key);
        random.nextBytes(token);
        return new Session(URL64.encodeToString(id), username, identityKey, address, peerPort, key,
                URL64.encodeToString(token), clock.instant(),
                System.nanoTime() + settings.sessionTimeout().toNanos());
    }

    private static boolean tokenMatches(Session s, String token) {
        return token != null && MessageDigest.isEqual(s.resumeToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
