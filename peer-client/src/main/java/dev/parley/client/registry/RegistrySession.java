package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This client's conversation with the registry: connects on first need, logs in and out, asks
 * who is where, and while logged in keeps the session alive (UDP keepalives, the peer listener)
 * and gets it back after losing the link (backoff, then LOGIN with the resume token).
 *
 * <p>The password is kept in memory only while logged in, because re-login after a lost link
 * needs it; it is wiped at logout, when reconnecting gives up, and at close.
 *
 * <p>While logged in it also follows the users the chat layer watches ({@link #watch}, re-sent
 * after every reconnect, so a restarted registry learns the list again) and reports them coming
 * and going ({@link #onPresence}); and when the registry says our UDP keepalives do not arrive, it
 * keeps the session alive with keepalives over the TLS link until they do.
 */
public final class RegistrySession implements AutoCloseable {
    /** Refusals that trying again cannot cure: reconnecting stops and the user is told. */
    private static final Set<Status> FINAL_REFUSALS = Set.of(Status.BAD_REQUEST, Status.UNAUTHORIZED,
            Status.FORBIDDEN, Status.NOT_FOUND, Status.CONFLICT);
    private static final Duration LOGOUT_ON_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final RegistryConnector connector;
    private final SessionObserver observer;
    private final Backoff backoff;
    private final int wantedPeerPort;
    /** Where UDP keepalives go instead of the port the registry announces; 0 for the announced one. */
    private final int keepalivePort;
    private final Duration requestTimeout;

    private final Object lock = new Object();
    /** The open link, or null: none yet, lost, or replaced. Guarded by {@link #lock}. */
    private RegistryLink link;
    /** The session while logged in (also while reconnecting), else null. Guarded by {@link #lock}. */
    private LoggedIn loggedIn;
    /** Non-null while a lost session is being won back. Guarded by {@link #lock}. */
    private Thread reconnector;
    private boolean closed;
    /** Where registry events (room changes, invitations) go; runs on the link's reader thread, must not block. */
    private volatile java.util.function.Consumer<Frame> events = e -> Diagnostics.note("ignored registry event " + e.type());
    /** Where presence changes of watched users go; nothing is shown unless the chat layer decides so. */
    private volatile Consumer<PresenceChange> presence = c -> Diagnostics.note(c.user() + " is "
            + (c.online() ? "online" : "offline"));
    /** Told of each session won back after a loss, once its link is usable (on the reconnecting thread). */
    private volatile java.util.function.Consumer<SessionGrant> renewals = g -> { };

    private final LinkObserver linkObserver = new LinkObserver() {
        @Override
        public void event(RegistryLink from, Frame event) {
            // What belongs to the session itself is handled here; the rest (rooms) goes to the listener.
            if (MessageType.PRESENCE.name().equals(event.type())) {
                PresenceChange.fromEvent(event).ifPresent(RegistrySession.this::tellPresence);
            } else if (MessageType.KEEPALIVE_MISSING.name().equals(event.type())) {
                keepalivesMissing(from);
            } else {
                events.accept(event);
            }
        }

        @Override
        public void closed(RegistryLink from, Frame bye) {
            linkClosed(from, bye);
        }
    };

    /**
     * @param peerPort the port for the peer listener at login; 0 picks a free one
     */
    public RegistrySession(RegistryConnector connector, SessionObserver observer, Backoff backoff, int peerPort,
            Duration requestTimeout) {
        this(connector, observer, backoff, peerPort, 0, requestTimeout);
    }

    /**
     * @param peerPort the port for the peer listener at login; 0 picks a free one
     * @param keepalivePort the UDP port keepalives go to on the registry's host (a forwarded port that
     *     differs from the registry's own); 0 uses the one the registry announces
     */
    public RegistrySession(RegistryConnector connector, SessionObserver observer, Backoff backoff, int peerPort,
            int keepalivePort, Duration requestTimeout) {
        if (keepalivePort < 0 || keepalivePort > 65535) {
            throw new IllegalArgumentException("a keepalive port is 1 to 65535 (0: the registry's), got " + keepalivePort);
        }
        this.connector = connector;
        this.observer = observer;
        this.backoff = backoff;
        this.wantedPeerPort = peerPort;
        this.keepalivePort = keepalivePort;
        this.requestTimeout = requestTimeout;
    }

    public RegistryAddress registry() {
        return connector.registry();
    }

    /** The logged-in user (also while reconnecting), or empty. */
    public Optional<String> username() {
        synchronized (lock) {
            return loggedIn == null ? Optional.empty() : Optional.of(loggedIn.username);
        }
    }

    /** True while a link to the registry is open. */
    public boolean isConnected() {
        synchronized (lock) {
            return link != null && link.isOpen();
        }
    }

    /** True while a lost link is being won back. */
    public boolean isReconnecting() {
        synchronized (lock) {
            return reconnector != null;
        }
    }

    /** The port of the peer listener while logged in. */
    public OptionalInt peerPort() {
        synchronized (lock) {
            return loggedIn == null ? OptionalInt.empty() : OptionalInt.of(loggedIn.peers.port());
        }
    }

    /** The listener peers connect to while logged in; it closes when the session ends. */
    public Optional<PeerListener> peerListener() {
        synchronized (lock) {
            return loggedIn == null ? Optional.empty() : Optional.of(loggedIn.peers);
        }
    }

    /** Sends registry events (frames without an id, other than BYE) to {@code listener}, which must not block. */
    public void onEvent(java.util.function.Consumer<Frame> listener) {
        this.events = listener;
    }

    /**
     * Sends presence changes of the watched users to {@code listener}: a PRESENCE event when one
     * comes online (with where to reach them, if the registry said so) or goes offline, and after
     * every reconnect an online change for each watched user online then, since they may have come
     * while the link was down. Runs on the registry link's reader thread (or the reconnecting
     * thread): it must not block, so hand slow work (resending an outbox) to another thread. A
     * listener that throws loses that one change, nothing else.
     */
    public void onPresence(Consumer<PresenceChange> listener) {
        this.presence = listener;
    }

    /**
     * Replaces the users whose coming and going this session hears of ({@link #onPresence}). The
     * list lasts until logout and is sent again after every reconnect; an empty one watches nobody.
     * The registry matches names regardless of case and leaves out your own.
     *
     * @return the watched users online now, with where to reach them
     * @throws IllegalArgumentException more than {@link Limits#MAX_WATCHED_USERS} names, or one that is
     *     not a username
     * @throws RegistryException not logged in, or the registry could not be asked now (the list is
     *     kept all the same, and sent when the session next wins a link back)
     */
    public List<PresenceChange> watch(Collection<String> users) throws RegistryException {
        List<String> names = List.copyOf(new LinkedHashSet<>(users));
        if (names.size() > Limits.MAX_WATCHED_USERS) {
            throw new IllegalArgumentException("at most " + Limits.MAX_WATCHED_USERS + " users can be watched, not "
                    + names.size());
        }
        for (String name : names) {
            Credentials.usernameProblem(name).ifPresent(p -> {
                throw new IllegalArgumentException("cannot watch '" + name + "': " + p);
            });
        }
        LoggedIn session;
        synchronized (lock) {
            session = loggedIn;
        }
        if (session == null) {
            throw new RegistryException("log in first — /login NAME");
        }
        // One WATCH at a time per session, so a re-watch after reconnecting never overtakes a newer list.
        synchronized (session.watchLock) {
            session.watched = names;
            Frame answer = sessionRequest(MessageType.WATCH, watchFields(names));
            return readAnswer(() -> onlineWatched(answer));
        }
    }

    /**
     * Runs {@code listener} with the LOGIN answer each time a lost session is won back, after the
     * user is told and the link is usable: the session may be a new one that kept nothing (its
     * rooms say what it has). It may call the registry.
     */
    public void onRenewal(java.util.function.Consumer<SessionGrant> listener) {
        this.renewals = listener;
    }

    /**
     * A request that needs a session, for the services built on the registry (rooms); the answer
     * when it is a success.
     *
     * @throws RegistryRefusedException the registry refused, with its status, message and reason
     */
    public Frame call(MessageType type, JsonObjectBuilder fields) throws RegistryException {
        return sessionRequest(type, fields);
    }

    /** Connects now if not connected, so a command learns the registry is unreachable before asking for a password. */
    public void connect() throws RegistryException {
        openLink();
    }

    /** Creates an account holding this identity key (base64, may be null); returns the name as registered. */
    public String register(String username, char[] password, String identityKey) throws RegistryException {
        JsonObjectBuilder fields = Frame.object().add("username", username).add("password", new String(password));
        if (identityKey != null) {
            fields.add("identityKey", identityKey);
        }
        Frame answer = request(MessageType.REGISTER, fields);
        return readAnswer(() -> answer.optionalString("username").orElse(username));
    }

    /**
     * Logs in, opening the peer listener and starting keepalives.
     *
     * @param identityKey this computer's public identity key (base64), or null; the registry refuses a
     *     login whose key differs from the account's ({@link RegistryRefusedException#identityKeyMismatch()})
     */
    public SessionGrant login(String username, char[] password, String identityKey) throws RegistryException {
        synchronized (lock) {
            if (loggedIn != null) {
                throw new RegistryException("already logged in as " + loggedIn.username + " — /logout first");
            }
        }
        RegistryLink l = openLink();
        PeerListener peers;
        try {
            peers = PeerListener.open(wantedPeerPort);
        } catch (IOException e) {
            throw new RegistryException(e.getMessage(), e);
        }
        LoggedIn session = null;
        try {
            Frame answer = l.call(MessageType.LOGIN, loginFields(username, password, identityKey, peers.port(), null),
                    requestTimeout);
            requireSuccess(answer);
            SessionGrant grant = SessionGrant.from(answer);
            session = new LoggedIn(grant.username(), password.clone(), identityKey, peers, grant);
            session.keepalive = startKeepalive(l, grant);
            Thread lostAlready;
            synchronized (lock) {
                if (closed) {
                    throw new RegistryException("parley is shutting down");
                }
                loggedIn = session;
                // The link may have dropped between the answer and now; then nobody started reconnecting.
                lostAlready = link == l && l.isOpen() ? null : beginReconnect(session);
            }
            if (lostAlready != null) {
                session.stopKeepalive(); // its session id dies with the link; the won-back session brings its own
                observer.registryLost();
                lostAlready.start();
            }
            return grant;
        } catch (RegistryException | RuntimeException e) {
            if (session != null) {
                session.end();
            } else {
                peers.close();
            }
            throw e;
        }
    }

    /** Ends the session. Locally it always ends, even if the registry cannot be told (it then expires the session). */
    public void logout() throws RegistryException {
        LoggedIn session;
        RegistryLink l;
        synchronized (lock) {
            session = loggedIn;
            if (session == null) {
                throw new RegistryException("not logged in");
            }
            loggedIn = null;
            stopReconnecting();
            l = link;
        }
        session.end();
        tellLogout(l, requestTimeout);
    }

    /** WHOAMI: the registry's record of this session. */
    public SessionInfo whoami() throws RegistryException {
        Frame answer = sessionRequest(MessageType.WHOAMI, null);
        return readAnswer(() -> new SessionInfo(answer.requireString("username"),
                answer.optionalString("address").orElse(""), answer.optionalInt("peerPort", 0, 0, 65535),
                answer.optionalString("since").map(Instant::parse).orElse(null)));
    }

    /** Looks one user up; empty when there is no such user. */
    public Optional<UserPresence> search(String username) throws RegistryException {
        Frame answer;
        try {
            answer = sessionRequest(MessageType.SEARCH_USER, Frame.object().add("username", username));
        } catch (RegistryRefusedException e) {
            if (e.status() == Status.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(readAnswer(() -> {
            boolean online = answer.optionalBoolean("online", false);
            return new UserPresence(answer.optionalString("username").orElse(username), online,
                    answer.optionalString("address").orElse(""), answer.optionalInt("peerPort", 0, 0, 65535),
                    answer.optionalString("identityKey"));
        }));
    }

    /** Everyone online, sorted by name, fetched page by page until the registry's total is reached. */
    public List<OnlineUser> listOnline(boolean detailed) throws RegistryException {
        List<OnlineUser> everyone = new ArrayList<>();
        while (true) {
            int offset = everyone.size();
            Frame answer = sessionRequest(MessageType.LIST_ONLINE, Frame.object()
                    .add("detailed", detailed).add("offset", offset).add("limit", Limits.MAX_PAGE_SIZE));
            List<OnlineUser> page = readAnswer(() -> onlinePage(answer));
            everyone.addAll(page);
            int total = readAnswer(() -> answer.optionalInt("total", everyone.size(), 0, Integer.MAX_VALUE));
            // An empty page ends the loop even if the total says more: the list shrank while we paged.
            if (page.isEmpty() || everyone.size() >= total) {
                return everyone;
            }
        }
    }

    /** Logs out if logged in (briefly waiting for the registry), stops reconnecting, closes the link. */
    @Override
    public void close() {
        LoggedIn session;
        RegistryLink l;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            session = loggedIn;
            loggedIn = null;
            stopReconnecting();
            l = link;
            link = null;
        }
        if (session != null) {
            session.end();
            tellLogout(l, LOGOUT_ON_CLOSE_TIMEOUT);
        }
        if (l != null) {
            l.close();
        }
    }

    private Frame sessionRequest(MessageType type, JsonObjectBuilder fields) throws RegistryException {
        synchronized (lock) {
            if (loggedIn == null) {
                throw new RegistryException("log in first — /login NAME");
            }
        }
        return request(type, fields);
    }

    private Frame request(MessageType type, JsonObjectBuilder fields) throws RegistryException {
        Frame answer = openLink().call(type, fields, requestTimeout);
        requireSuccess(answer);
        return answer;
    }

    /** The open link, connecting first if there is none. */
    private RegistryLink openLink() throws RegistryException {
        synchronized (lock) {
            RegistryLink usable = usableLink();
            if (usable != null) {
                return usable;
            }
        }
        RegistryLink fresh = connector.connect(linkObserver);
        synchronized (lock) {
            RegistryLink usable;
            try {
                usable = usableLink();
            } catch (RegistryException e) {
                fresh.close();
                throw e;
            }
            if (usable != null) {
                fresh.close();
                return usable;
            }
            link = fresh;
            return fresh;
        }
    }

    /** The current link if open; null if one must be made; refuses while closed or reconnecting. Call holding the lock. */
    private RegistryLink usableLink() throws RegistryException {
        if (closed) {
            throw new RegistryException("parley is shutting down");
        }
        if (reconnector != null) {
            throw new RegistryUnreachableException("not connected to the registry (reconnecting)");
        }
        return link != null && link.isOpen() ? link : null;
    }

    private void linkClosed(RegistryLink from, Frame bye) {
        Thread started;
        int udpPort;
        synchronized (lock) {
            if (link != from) {
                return; // a link we already replaced or never used
            }
            link = null;
            if (closed || loggedIn == null) {
                return; // nothing to win back; the next command connects again
            }
            loggedIn.stopKeepalive();
            udpPort = udpTarget(loggedIn.grant);
            started = beginReconnect(loggedIn);
        }
        if (bye != null && bye.json().get("reason") instanceof JsonString r && "keepalive-timeout".equals(r.getString())) {
            observer.sessionExpired(bye.message(), registry().host(), udpPort);
        } else if (bye != null) {
            observer.registryClosedLink(bye.message().isBlank() ? "status " + bye.status().code() : bye.message());
        }
        observer.registryLost();
        started.start();
    }

    /** Prepares (but does not start, so the user hears of the loss first) the thread that wins the session back. */
    private Thread beginReconnect(LoggedIn session) {
        stopReconnecting();
        reconnector = Thread.ofVirtual().name("registry-reconnect " + session.username)
                .unstarted(() -> reconnect(session));
        return reconnector;
    }

    private void stopReconnecting() {
        if (reconnector != null) {
            reconnector.interrupt();
            reconnector = null;
        }
    }

    private boolean stillCurrent(LoggedIn session) {
        synchronized (lock) {
            return loggedIn == session && !closed;
        }
    }

    private void reconnect(LoggedIn session) {
        Duration askedToWait = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Duration wait = backoff.delay(attempt);
            try {
                Thread.sleep(wait.compareTo(askedToWait) >= 0 ? wait : askedToWait);
            } catch (InterruptedException e) {
                return; // logged out or closed meanwhile
            }
            askedToWait = Duration.ZERO;
            if (!stillCurrent(session)) {
                return;
            }
            RegistryLink fresh = null;
            try {
                fresh = connector.connect(linkObserver);
                Frame answer = fresh.call(MessageType.LOGIN, loginFields(session.username, session.password,
                        session.identityKey, session.peers.port(), session.grant.resumeToken()), requestTimeout);
                requireSuccess(answer);
                SessionGrant grant = SessionGrant.from(answer);
                if (resume(session, fresh, grant)) {
                    observer.reconnected(grant.username());
                    rewatch(session, fresh);
                    renewed(grant);
                    return;
                }
                if (!stillCurrent(session)) {
                    tellLogout(fresh, LOGOUT_ON_CLOSE_TIMEOUT); // the user logged out while we were logging in
                    fresh.close();
                    return;
                }
                fresh.close(); // the new link died at once: try again
            } catch (CertificateChangedException e) {
                abandon(session, e.getMessage());
                return;
            } catch (RegistryRefusedException e) {
                closeQuietly(fresh);
                if (FINAL_REFUSALS.contains(e.status())) {
                    abandon(session, "could not log in again: " + e.getMessage() + " — /login to try again");
                    return;
                }
                askedToWait = Duration.ofSeconds(e.retryAfterSeconds());
            } catch (RegistryException e) {
                closeQuietly(fresh);
                Diagnostics.trace("reconnect attempt " + attempt + " to " + registry(), e);
            } catch (RuntimeException e) {
                closeQuietly(fresh);
                Diagnostics.trace("reconnect attempt " + attempt + " to " + registry(), e);
            }
        }
    }

    /** The session is back; what the listener does about it must not undo that (it is outside the attempt). */
    private void renewed(SessionGrant grant) {
        try {
            renewals.accept(grant);
        } catch (RuntimeException e) {
            Diagnostics.trace("after winning the session back", e);
        }
    }

    /** Installs the won-back link and session if the user still wants them and the link is still up. */
    private boolean resume(LoggedIn session, RegistryLink fresh, SessionGrant grant) throws RegistryException {
        KeepaliveSender keepalive = startKeepalive(fresh, grant);
        synchronized (lock) {
            if (loggedIn == session && !closed && fresh.isOpen()) {
                link = fresh;
                session.grant = grant;
                session.keepalive = keepalive;
                reconnector = null;
                return true;
            }
        }
        keepalive.close();
        return false;
    }

    /**
     * Sends the watch list again on a won-back link (the registry may have restarted and know none)
     * and reports who is online now: they may have come while we were away.
     */
    private void rewatch(LoggedIn session, RegistryLink l) {
        synchronized (session.watchLock) {
            List<String> names = session.watched;
            if (names.isEmpty() || !stillCurrent(session)) {
                return;
            }
            try {
                Frame answer = l.call(MessageType.WATCH, watchFields(names), requestTimeout);
                requireSuccess(answer);
                readAnswer(() -> onlineWatched(answer)).forEach(this::tellPresence);
            } catch (RegistryException e) {
                // A link that failed again is won back again, and watched again then.
                Diagnostics.trace("watching " + names.size() + " users again after reconnecting", e);
            }
        }
    }

    private void tellPresence(PresenceChange change) {
        try {
            presence.accept(change);
        } catch (RuntimeException e) {
            Diagnostics.trace("the presence listener failed on " + change, e);
        }
    }

    /**
     * The registry says our UDP keepalives do not arrive: keep the session alive over this link
     * and tell the user once what to check. Called on the reader thread, so it only starts things.
     */
    private void keepalivesMissing(RegistryLink from) {
        LoggedIn session;
        synchronized (lock) {
            if (link != from || loggedIn == null) {
                return;
            }
            session = loggedIn;
        }
        String host = registry().host();
        int port = udpTarget(session.grant);
        boolean started = session.startLinkKeepalive(() -> {
            synchronized (lock) {
                return loggedIn == session && reconnector == null ? link : null;
            }
        }, session.grant.keepaliveInterval(), requestTimeout, () -> {
            if (stillCurrent(session)) {
                observer.keepalivesArriveAgain(host, port);
            }
        });
        if (started) {
            observer.keepalivesNotArriving(host, port);
        }
    }

    private int udpTarget(SessionGrant grant) {
        return keepalivePort > 0 ? keepalivePort : grant.udpPort();
    }

    private void abandon(LoggedIn session, String reason) {
        synchronized (lock) {
            if (loggedIn != session) {
                return;
            }
            loggedIn = null;
            reconnector = null;
        }
        session.end();
        observer.reconnectAbandoned(reason);
    }

    private KeepaliveSender startKeepalive(RegistryLink l, SessionGrant grant) throws RegistryException {
        try {
            return KeepaliveSender.start(new InetSocketAddress(l.remoteAddress(), udpTarget(grant)),
                    grant.keepaliveKey(), grant.sessionId(), grant.keepaliveInterval());
        } catch (SocketException e) {
            tellLogout(l, LOGOUT_ON_CLOSE_TIMEOUT);
            throw new RegistryException("cannot open a UDP socket for keepalives: " + Diagnostics.reason(e), e);
        }
    }

    private static void tellLogout(RegistryLink l, Duration timeout) {
        if (l == null || !l.isOpen()) {
            return;
        }
        try {
            l.call(MessageType.LOGOUT, null, timeout);
        } catch (RegistryException e) {
            Diagnostics.trace("telling the registry we log out", e);
        }
    }

    private static JsonObjectBuilder loginFields(String username, char[] password, String identityKey, int peerPort,
            String resumeToken) {
        JsonObjectBuilder b = Frame.object()
                .add("username", username).add("password", new String(password)).add("peerPort", peerPort);
        if (identityKey != null) {
            b.add("identityKey", identityKey);
        }
        if (resumeToken != null) {
            b.add("resumeToken", resumeToken);
        }
        return b;
    }

    private static JsonObjectBuilder watchFields(List<String> names) {
        JsonArrayBuilder users = Frame.array();
        names.forEach(users::add);
        return Frame.object().add("users", users);
    }

    /** The online users of a WATCH answer; an entry the client cannot use is skipped, not fatal. */
    private static List<PresenceChange> onlineWatched(Frame answer) {
        JsonValue online = answer.json().get("online");
        if (!(online instanceof JsonArray array)) {
            throw new InvalidFieldException("missing field 'online'");
        }
        List<PresenceChange> changes = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (v instanceof JsonObject o && o.get("user") instanceof JsonString u
                    && Credentials.usernameProblem(u.getString()).isEmpty()) {
                changes.add(new PresenceChange(u.getString(), true, PresenceChange.address(new Frame(o), u.getString())));
            } else {
                Diagnostics.note("ignoring an entry of the WATCH answer without a usable user: " + v);
            }
        }
        return changes;
    }

    private static void requireSuccess(Frame answer) throws RegistryRefusedException {
        if (!answer.status().isSuccess()) {
            throw RegistryRefusedException.of(answer);
        }
    }

    private static List<OnlineUser> onlinePage(Frame answer) {
        JsonValue users = answer.json().get("users");
        if (!(users instanceof JsonArray array)) {
            throw new InvalidFieldException("missing field 'users'");
        }
        List<OnlineUser> page = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonObject o)) {
                throw new InvalidFieldException("field 'users' must hold objects");
            }
            Frame user = new Frame(o);
            page.add(new OnlineUser(user.requireString("username"), user.optionalString("address").orElse(""),
                    user.optionalInt("peerPort", 0, 0, 65535)));
        }
        return page;
    }

    /** Reading an answer the registry sent is the registry's fault if it fails: say so in one line. */
    private static <T> T readAnswer(AnswerReader<T> reader) throws RegistryException {
        try {
            return reader.read();
        } catch (InvalidFieldException | DateTimeParseException e) {
            throw new RegistryException("the registry's answer is unusable: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(RegistryLink l) {
        if (l != null) {
            l.close();
        }
    }

    @FunctionalInterface
    private interface AnswerReader<T> {
        T read();
    }

    /** A logged-in session and what it holds: secrets for re-login, the peer listener, the keepalive sender. */
    private static final class LoggedIn {
        final String username;
        final char[] password;
        final String identityKey;
        final PeerListener peers;
        volatile SessionGrant grant;
        volatile KeepaliveSender keepalive;
        /** Keepalives over the link while UDP ones do not arrive; survives reconnects. Guarded by this. */
        private LinkKeepalive linkKeepalive;
        /** The users watched, re-sent after each reconnect. Written under {@link #watchLock}. */
        volatile List<String> watched = List.of();
        final Object watchLock = new Object();

        LoggedIn(String username, char[] password, String identityKey, PeerListener peers, SessionGrant grant) {
            this.username = username;
            this.password = password;
            this.identityKey = identityKey;
            this.peers = peers;
            this.grant = grant;
        }

        void stopKeepalive() {
            KeepaliveSender k = keepalive;
            keepalive = null;
            if (k != null) {
                k.close();
            }
        }

        /** Starts keepalives over the link unless they run already; true if started now. */
        synchronized boolean startLinkKeepalive(java.util.function.Supplier<RegistryLink> link, Duration interval,
                Duration timeout, Runnable udpBack) {
            if (linkKeepalive != null && linkKeepalive.isRunning()) {
                return false;
            }
            linkKeepalive = LinkKeepalive.start(link, interval, timeout, udpBack);
            return true;
        }

        synchronized void stopLinkKeepalive() {
            if (linkKeepalive != null) {
                linkKeepalive.close();
                linkKeepalive = null;
            }
        }

        void end() {
            stopKeepalive();
            stopLinkKeepalive();
            peers.close();
            Arrays.fill(password, '\0');
        }
    }
}
