package dev.parley.registry.presence;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.cluster.ClusterMessage;
import dev.parley.registry.cluster.ClusterMessage.SessionGone;
import dev.parley.registry.cluster.ClusterMessage.SessionSeen;
import dev.parley.registry.cluster.ClusterMessage.Sessions;
import dev.parley.registry.cluster.RegistryCluster;
import dev.parley.registry.cluster.SessionCard;
import dev.parley.registry.cluster.SharedPresence;
import dev.parley.registry.config.RegistrySettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Who is online and where. Sessions live in memory: they end with the registry anyway. A session
 * is online while its link is open and its keepalives arrive; it goes offline at once when the
 * link closes, or after {@link RegistrySettings#MISSED_KEEPALIVES} silent intervals.
 *
 * <p>A session may watch other users (WATCH): whenever one of them is shown coming online or going
 * offline, {@link PresenceChanged} names the watching sessions. Watch lists live with the session,
 * follow it into a resumed session and end with it. A session whose UDP keepalives stay silent for
 * {@link #SILENT_INTERVALS_REPORTED} intervals while its link is open is reported once
 * ({@link KeepalivesMissing}), so its client can keep it alive over the link instead.
 *
 * <p>In a cluster of registry nodes each node serves the sessions of the links it holds and tells
 * the others of them ({@link RegistryCluster}); this service knows them all, so one user is online
 * once in the whole cluster, is found from any node, and keeps their rooms while their session
 * lasts on any node. When a node dies, the sessions it served become resumable here (as if their
 * links had closed), so their clients carry on with another node and keep their rooms.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// In memory only: no transaction to begin and commit for every keepalive or check.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PresenceService {
    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());
    private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();
    /**
     * Keepalive intervals of UDP silence after which the client is told. One interval before the
     * session would expire, so the client has time to answer; it also gets one more interval of grace.
     */
    static final int SILENT_INTERVALS_REPORTED = 2;

    @Inject
    private RegistrySettings settings;
    @Inject
    private Event<SessionEnded> sessionEnded;
    @Inject
    private Event<PresenceChanged> presenceChanged;
    @Inject
    private Event<KeepalivesMissing> keepalivesMissing;
    @Inject
    private RegistryCluster cluster;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    /**
     * By lower-case username, so the online list comes out sorted and one account has one session:
     * the sessions of every node of the cluster. Changed only under this object's lock.
     */
    private final ConcurrentSkipListMap<String, Session> byUser = new ConcurrentSkipListMap<>();
    /** The sessions this node serves, by id. */
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    /**
     * Whether sessions of a departed node may still wait here: the every-second look for expired
     * ones walks every session of the cluster, so it is skipped while there can be none.
     */
    private volatile boolean orphansWaiting;
    /** Lower-case username to the ids of the sessions watching it. Changed only under this object's lock. */
    private final Map<String, Set<String>> watchers = new ConcurrentHashMap<>();

    @PostConstruct
    void joinCluster() {
        cluster.share(new Shared());
    }

    /**
     * Starts a session. A second login of an online account is refused unless it presents the
     * resume token of the session it replaces (the same client coming back). {@code identityKey} is
     * the account's (null if it has none), kept for look-ups while the session lasts.
     */
    public Session login(String username, String identityKey, String address, Integer peerPort, String resumeToken) {
        String key = Names.key(username);
        Session replaced;
        boolean resumed;
        Session fresh = newSession(username, identityKey, address, peerPort);
        synchronized (this) {
            Session existing = byUser.get(key);
            if (existing != null && existing.isAttached() && !existing.resumableWith(resumeToken)) {
                throw new RequestRefused(Status.CONFLICT, existing.username() + " is already logged in from another client");
            }
            replaced = existing;
            // A detached session replaced without its token belongs to a client that started afresh
            // and knows nothing of the old session's rooms or watch list.
            resumed = replaced != null && replaced.resumableWith(resumeToken);
            if (replaced != null) {
                byId.remove(replaced.id());
                Set<String> watched = replaced.watching();
                unindex(replaced);
                if (resumed) {
                    index(fresh, watched);
                }
            }
            byUser.put(key, fresh);
            byId.put(fresh.id(), fresh);
            // The node that served the replaced session (if another) ends it when it hears this.
            cluster.publish(new SessionSeen(fresh.card(replaced == null ? null : replaced.id())));
        }
        // A session another node served ends there, link and all; what it held (rooms) is the
        // database's, so a fresh start lets go of it here and now, before the client is answered.
        if (replaced != null && (replaced.isLocal() || !resumed)) {
            sessionEnded.fire(new SessionEnded(replaced.id(), replaced.username(),
                    resumed ? "resumed by a new link" : "replaced by a new login", resumed, false));
        }
        // Watchers hear of a start, and of a comeback after they were told "offline"; a resume whose
        // old link had not been noticed gone is news only if the user now answers somewhere else.
        if (replaced == null || !replaced.isAttached() || !replaced.address().equals(address)
                || !Objects.equals(replaced.peerPort(), peerPort)) {
            announce(fresh, true);
        }
        LOG.info(() -> fresh.username() + " is online at " + address + (peerPort == null ? " (web)" : ":" + peerPort)
                + (resumed ? " (resumed" + (replaced.isLocal() ? ")" : " from registry node " + replaced.node() + ")")
                        : replaced != null ? " (replacing a dropped session)" : ""));
        return fresh;
    }

    /** Ends a session because its client asked; detach the link first, or it is closed as for an ended session. */
    public void logout(String sessionId) {
        Session s = remove(sessionId);
        if (s != null) {
            LOG.info(() -> s.username() + " logged out");
            sessionEnded.fire(new SessionEnded(s.id(), s.username(), "logged out", false, false));
            if (s.isAttached()) {
                announce(s, false);
            }
        }
    }

    /** The session's link closed: offline now, resumable for one session timeout. */
    public void linkClosed(String sessionId) {
        Session s = byId.get(sessionId);
        if (s != null && s.isAttached()) {
            synchronized (this) {
                s.detach(System.nanoTime() + settings.sessionTimeout().toNanos());
                cluster.publish(new SessionSeen(s.card(null)));
            }
            LOG.info(() -> s.username() + " is offline (link closed)");
            announce(s, false);
        }
    }

    /**
     * Replaces the users this session watches. Names follow the username rules and are matched
     * regardless of case; repeats count once; the session's own name is dropped (a client knows when
     * it comes and goes); names of no account are kept (they simply never come online).
     *
     * @return how many users are watched now, and which of them are online
     */
    public Watching watch(String sessionId, List<String> names) {
        if (names.size() > Limits.MAX_WATCHED_USERS) {
            throw new RequestRefused(Status.BAD_REQUEST, "at most " + Limits.MAX_WATCHED_USERS
                    + " users can be watched; the list has " + names.size());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            int at = i;
            Credentials.usernameProblem(names.get(i)).ifPresent(p -> {
                throw new RequestRefused(Status.BAD_REQUEST, "users[" + at + "]: " + p);
            });
            keys.add(Names.key(names.get(i)));
        }
        synchronized (this) {
            Session s = byId.get(sessionId);
            if (s == null || !s.isAttached()) {
                throw new RequestRefused(Status.UNAUTHORIZED, "log in first");
            }
            keys.remove(Names.key(s.username()));
            unindex(s);
            index(s, keys);
        }
        List<Session> online = new ArrayList<>();
        for (String k : keys) {
            online(k).ifPresent(online::add);
        }
        return new Watching(keys.size(), online);
    }

    /**
     * A keepalive over the TLS link, for clients whose UDP keepalives are blocked: holds the session
     * as a datagram would.
     *
     * @return whether UDP keepalives of this session arrive now (one came within the last
     *     {@link #SILENT_INTERVALS_REPORTED} intervals), so the client can go back to UDP alone
     */
    public boolean keepaliveOverLink(String sessionId) {
        Session s = byId.get(sessionId);
        if (s == null || !s.isAttached()) {
            throw new RequestRefused(Status.UNAUTHORIZED, "log in first");
        }
        long now = System.nanoTime();
        s.keptAliveOverLink(now + settings.sessionTimeout().toNanos());
        return s.datagramsArriving(now, silenceReported());
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

    /** Sessions this node serves that are online now (their link is open), of every transport. */
    public long sessionsOnline() {
        return byId.values().stream().filter(Session::isAttached).count();
    }

    /** Sessions this node serves whose link closed, waiting for their client to resume them (until they expire). */
    public long sessionsResumable() {
        return byId.values().stream().filter(s -> !s.isAttached()).count();
    }

    /** The online session of this user (any letter case), if there is one. */
    public Optional<Session> online(String username) {
        Session s = byUser.get(Names.key(username));
        return s != null && s.isAttached() ? Optional.of(s) : Optional.empty();
    }

    /**
     * True while this user (any letter case) has a session, online or waiting to be resumed: what
     * holds their rooms. A session that ended is gone; so is every session of an earlier run.
     */
    public boolean hasSession(String username) {
        return byUser.containsKey(Names.key(username));
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

    /**
     * Ends sessions whose keepalives stopped, and forgets detached ones nobody resumed.
     * Every second ({@code RegistryTimers}).
     */
    public void expire() {
        long now = System.nanoTime();
        forgetOrphans(now);
        for (Session s : byId.values()) {
            if (now - s.deadlineNanos() < 0) {
                reportSilence(s, now);
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
            sessionEnded.fire(new SessionEnded(s.id(), s.username(), reason, false, wasOnline));
            if (wasOnline) {
                announce(s, false); // a detached session's watchers heard "offline" when its link closed
            }
        }
    }

    /**
     * Ends the sessions of departed nodes that nobody resumed in time. Every node forgets them; the
     * coordinator alone says so ({@link SessionEnded}), so their users leave their rooms once.
     */
    private void forgetOrphans(long now) {
        if (!orphansWaiting) {
            return;
        }
        List<Session> ended = new ArrayList<>();
        synchronized (this) {
            boolean stillWaiting = false;
            for (Session s : byUser.values()) {
                if (!s.isOrphan()) {
                    continue;
                }
                if (now - s.deadlineNanos() >= 0 && byUser.remove(Names.key(s.username()), s)) {
                    ended.add(s);
                } else {
                    stillWaiting = true;
                }
            }
            orphansWaiting = stillWaiting;
        }
        if (ended.isEmpty() || !cluster.coordinator()) {
            return;
        }
        for (Session s : ended) {
            String reason = "registry node " + s.node() + " left and the session was not resumed within "
                    + settings.sessionTimeout().toSeconds() + " s";
            LOG.info(() -> s.username() + " session ended (" + reason + ")");
            sessionEnded.fire(new SessionEnded(s.id(), s.username(), reason, false, false));
        }
    }

    /** Tells the client of an online session once that its UDP keepalives stopped arriving. */
    private void reportSilence(Session s, long now) {
        long silent = s.reportMissingDatagrams(now, silenceReported(), settings.keepaliveInterval().toNanos());
        if (silent < 0) {
            return;
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(silent);
        LOG.info(() -> s.username() + "'s UDP keepalives have not arrived for " + seconds + " s (from "
                + s.address() + "); telling the client to keep the session alive over its link");
        keepalivesMissing.fire(new KeepalivesMissing(s.id(), s.username(), seconds));
    }

    private long silenceReported() {
        return settings.keepaliveInterval().toNanos() * SILENT_INTERVALS_REPORTED;
    }

    /** Tells the sessions watching this user that it is now online (with this session) or offline. */
    private void announce(Session s, boolean online) {
        Set<String> to = watchers.get(Names.key(s.username()));
        if (to != null && !to.isEmpty()) {
            presenceChanged.fire(new PresenceChanged(s, online, Set.copyOf(to)));
        }
    }

    /** Call holding this object's lock. */
    private void index(Session s, Collection<String> keys) {
        for (String k : keys) {
            watchers.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(s.id());
        }
        s.watching(Set.copyOf(keys));
    }

    /** Call holding this object's lock. */
    private void unindex(Session s) {
        for (String k : s.watching()) {
            watchers.computeIfPresent(k, (x, ids) -> {
                ids.remove(s.id());
                return ids.isEmpty() ? null : ids;
            });
        }
        s.watching(Set.of());
    }

    /** Ends a session's record and its watch list. */
    private synchronized Session remove(String sessionId) {
        Session s = byId.remove(sessionId);
        if (s != null) {
            byUser.remove(Names.key(s.username()), s);
            unindex(s);
            cluster.publish(new SessionGone(s.username(), s.id()));
        }
        return s;
    }

    private Session newSession(String username, String identityKey, String address, Integer peerPort) {
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

    /** This service's side of the cluster: what the other nodes say of their sessions, and the sessions served here. */
    private final class Shared implements SharedPresence {

        @Override
        public void sessionsServedHere(Consumer<List<SessionCard>> handOver) {
            synchronized (PresenceService.this) {
                handOver.accept(byId.values().stream().map(s -> s.card(null)).toList());
            }
        }

        @Override
        public void heard(String node, ClusterMessage message) {
            switch (message) {
                case Sessions all -> sessionsOf(node, all.sessions());
                case SessionSeen seen -> seen(node, seen.session());
                case SessionGone gone -> gone(node, gone.username(), gone.sessionId());
                default -> throw new IllegalArgumentException("not presence: " + message);
            }
        }

        @Override
        public void nodeLeft(String node) {
            long until = System.nanoTime() + settings.sessionTimeout().toNanos();
            List<Session> wentOffline = new ArrayList<>();
            synchronized (PresenceService.this) {
                for (Session s : byUser.values()) {
                    if (node.equals(s.node()) && !s.isOrphan()) {
                        if (s.isAttached()) {
                            wentOffline.add(s);
                        }
                        byUser.put(Names.key(s.username()), s.orphaned(until));
                        orphansWaiting = true;
                    }
                }
            }
            wentOffline.forEach(s -> announce(s, false));
        }
    }

    /** What {@code node} serves now, all of it: sessions of that node not among them are over. */
    private void sessionsOf(String node, List<SessionCard> cards) {
        Set<String> still = new java.util.HashSet<>();
        cards.forEach(c -> still.add(c.id()));
        for (Session s : byUser.values()) {
            if (node.equals(s.node()) && !s.isOrphan() && !still.contains(s.id())) {
                gone(node, s.username(), s.id());
            }
        }
        cards.forEach(c -> seen(node, c));
    }

    /**
     * A session {@code node} serves started or changed. If this node serves a session of the same
     * user, the one that took over ends here (its link is closed): the card says which it replaces,
     * and two fresh logins at once on two nodes keep the later one.
     */
    private void seen(String node, SessionCard card) {
        String key = Names.key(card.username());
        Session remote = Session.servedBy(node, card);
        Session before;
        Session endedHere = null;
        synchronized (this) {
            before = byUser.get(key);
            if (before != null && before.isLocal()) {
                if (!before.id().equals(card.replaces()) && !laterThan(node, card, before)) {
                    return; // ours is the later one; that node ends its own when it hears of ours
                }
                byId.remove(before.id());
                unindex(before);
                endedHere = before;
            }
            byUser.put(key, remote);
        }
        if (endedHere != null) {
            Session ended = endedHere;
            LOG.info(() -> ended.username() + " carries on through registry node " + node);
            sessionEnded.fire(new SessionEnded(ended.id(), ended.username(),
                    "logged in again through another registry node", true, false));
        }
        if (remote.isAttached() && (before == null || !before.isAttached() || !before.address().equals(remote.address())
                || !Objects.equals(before.peerPort(), remote.peerPort()))) {
            announce(remote, true);
        } else if (!remote.isAttached() && before != null && before.isAttached()) {
            announce(remote, false);
        }
    }

    /** A session {@code node} served is over. */
    private void gone(String node, String username, String sessionId) {
        Session s;
        synchronized (this) {
            s = byUser.get(Names.key(username));
            if (s == null || !node.equals(s.node()) || s.isOrphan() || !s.id().equals(sessionId)) {
                return; // replaced meanwhile, or never heard of
            }
            byUser.remove(Names.key(username), s);
        }
        if (s.isAttached()) {
            announce(s, false);
        }
    }

    /** Whether a session on {@code node} started after this node's {@code local} one (by start time, then node name). */
    private boolean laterThan(String node, SessionCard card, Session local) {
        int c = card.since().compareTo(local.since());
        return c != 0 ? c > 0 : node.compareTo(cluster.localNode()) > 0;
    }
}
