package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
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
 *
 * <p>A registry of several nodes (a cluster sharing the sessions) is one registry here: the
 * {@link RegistryConnector} picks the node, so winning a session back after its node died is the
 * ordinary reconnect, which reaches another node and resumes the session there with its token.
 * Everything that belongs to a node (where UDP keepalives go, the host named in notices) is taken
 * from the link in use and the LOGIN answer of that node, never from the address first given.
 *
 * <p>One method per request, with typed arguments and the answer's record (or a small value of
 * this package) as its result; the rooms' requests are those of {@link RoomRegistry}. A refusal is
 * a {@link RegistryRefusedException}, an answer that does not read a {@link RegistryException}.
 */
public final class RegistrySession implements RoomRegistry, MailDrop, AutoCloseable {
    /** Refusals that trying again cannot cure: reconnecting stops and the user is told. */
    private static final Set<Status> FINAL_REFUSALS = Set.of(Status.BAD_REQUEST, Status.UNAUTHORIZED,
            Status.FORBIDDEN, Status.NOT_FOUND, Status.CONFLICT);
    private static final Duration LOGOUT_ON_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final RegistryConnector connector;
    private final SessionObserver observer;
    private final Backoff backoff;
    private final int wantedPeerPort;
    /** The local address the peer listener binds; null for all of them. */
    private volatile java.net.InetAddress peerBind;
    /** Where UDP keepalives go instead of the port the registry announces; 0 for the announced one. */
    private final int keepalivePort;
    private final Duration requestTimeout;

    private final Object lock = new Object();
    /** Held while a link is being made, outside {@link #lock} (connecting takes a network round trip). */
    private final Object connecting = new Object();
    /** The open link, or null: none yet, lost, or replaced. Guarded by {@link #lock}. */
    private RegistryLink link;
    /** The session while logged in (also while reconnecting), else null. Guarded by {@link #lock}. */
    private LoggedIn loggedIn;
    /** Non-null while a lost session is being won back. Guarded by {@link #lock}. */
    private Thread reconnector;
    /** Non-null while a registry that could not be reached at start is tried again. Guarded by {@link #lock}. */
    private Thread reacher;
    private boolean closed;
    /** Where registry events (room changes, invitations) go; runs on the link's reader thread, must not block. */
    private volatile Consumer<RegistryEvent> events = e -> Diagnostics.note("ignored registry event " + e);
    /** Where presence changes of watched users go; nothing is shown unless the chat layer decides so. */
    private volatile Consumer<PresenceChange> presence = c -> Diagnostics.note(c.user() + " is "
            + (c.online() ? "online" : "offline"));
    /** Told of each session won back after a loss, once its link is usable (on the reconnecting thread). */
    private volatile java.util.function.Consumer<SessionGrant> renewals = g -> { };

    private final LinkObserver linkObserver = new LinkObserver() {
        @Override
        public void event(RegistryLink from, RegistryEvent event) {
            // What belongs to the session itself is handled here; the rest (rooms) goes to the listener.
            switch (event) {
                case RegistryEvent.Presence presence ->
                        PresenceChange.fromEvent(presence).ifPresent(RegistrySession.this::tellPresence);
                case RegistryEvent.KeepaliveMissing missing -> keepalivesMissing(from);
                case RegistryEvent.Bye bye -> { } // the link keeps it and reports it with its close
                case RegistryEvent.RoomJoined e -> events.accept(e);
                case RegistryEvent.RoomLeft e -> events.accept(e);
                case RegistryEvent.RoomHost e -> events.accept(e);
                case RegistryEvent.RoomUpdated e -> events.accept(e);
                case RegistryEvent.RoomInvitation e -> events.accept(e);
                case RegistryEvent.RoomInvitationAnswer e -> events.accept(e);
                case RegistryEvent.Mail e -> events.accept(e);
                case RegistryEvent.Receipt e -> events.accept(e);
            }
        }

        @Override
        public void closed(RegistryLink from, RegistryEvent.Bye bye) {
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

    /** The registry's address in use: of several, the node this client talks to now (or last did). */
    public RegistryAddress registry() {
        return connector.registry();
    }

    /** Every address of the registry, as configured (a cluster's nodes). */
    public RegistryAddresses addresses() {
        return connector.addresses();
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

    /** True while the registry could not be reached and connecting is being tried again in the background. */
    public boolean isWaitingForRegistry() {
        synchronized (lock) {
            return reacher != null;
        }
    }

    /** Peers are listened for on this local address only (a computer with several), from the next login. */
    public void listenForPeersOn(java.net.InetAddress address) {
        this.peerBind = address;
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

    /**
     * Sends the registry's room events (every event but BYE, PRESENCE and KEEPALIVE_MISSING, which
     * the session handles) to {@code listener}, which must not block.
     */
    public void onEvent(Consumer<RegistryEvent> listener) {
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
            Frame answer = sessionRequest(new RegistryRequest.Watch(names));
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

    /** Connects now if not connected, so a command learns the registry is unreachable before asking for a password. */
    public void connect() throws RegistryException {
        openLink();
    }

    /**
     * Connects now (the start of the interactive shell); a registry that cannot be reached is
     * reported to the observer and then tried again in the background, backing off up to about
     * 8 s, until it answers or a command connects first; either way the observer hears that it is
     * reached. Other failures (a changed certificate, another protocol) are thrown: trying again
     * would not cure them.
     */
    public void connectOrKeepTrying() throws RegistryException {
        try {
            openLink();
        } catch (RegistryUnreachableException e) {
            Thread started;
            synchronized (lock) {
                if (closed || reacher != null) {
                    return;
                }
                reacher = Thread.ofVirtual().name("registry-connect").unstarted(this::keepTrying);
                started = reacher;
            }
            observer.registryUnreachable(e.getMessage());
            started.start();
        }
    }

    private static final int REACH_ATTEMPT_CAP = 5; // backoff ceiling 0.5 s × 2^4 = 8 s

    private void keepTrying() {
        for (int attempt = 1; ; attempt++) {
            try {
                Thread.sleep(backoff.delay(Math.min(attempt, REACH_ATTEMPT_CAP)));
            } catch (InterruptedException e) {
                return; // reached by a command, or closed
            }
            synchronized (lock) {
                if (reacher != Thread.currentThread()) {
                    return;
                }
            }
            try {
                openLink(); // on success it ends this thread's turn and tells the observer
                return;
            } catch (RegistryUnreachableException e) {
                Diagnostics.trace("connect attempt " + attempt + " to " + registry(), e);
            } catch (RegistryException e) {
                boolean mine;
                synchronized (lock) {
                    mine = reacher == Thread.currentThread();
                    if (mine) {
                        reacher = null;
                    }
                }
                if (mine) {
                    observer.registryRefused(e.getMessage());
                }
                return;
            }
        }
    }

    /**
     * Refuses (409, 400 with the rule) a name REGISTER would refuse for the name alone; works
     * before login, so a taken name is said before any password is asked.
     */
    public void checkUsername(String username) throws RegistryException {
        request(new RegistryRequest.UsernameCheck(username));
    }

    /** Creates an account holding this identity key (base64, may be null); returns the name as registered. */
    public String register(String username, char[] password, String identityKey) throws RegistryException {
        Frame answer = request(new RegistryRequest.Register(username, new String(password), identityKey));
        return readAnswer(() -> answer.as(RegistryAnswer.RegisterAnswer.class).username());
    }

    /**
     * Logs in, opening the peer listener and starting keepalives.
     *
     * @param device this computer's identity key, or null; the registry refuses a login whose key
     *     differs from the account's ({@link RegistryRefusedException#identityKeyMismatch()}), and lets
     *     a login that proves it holds the account's key through while the account is being guessed at
     */
    public SessionGrant login(String username, char[] password, DeviceKey device) throws RegistryException {
        return login(username, password, device, null);
    }

    /**
     * As {@link #login(String, char[], DeviceKey)}, taking back the session of an earlier run of this
     * client: with {@code resumeToken} (that session's, or null) a session the registry still keeps
     * for it, its link gone, is resumed with its rooms instead of being replaced by a new one.
     */
    public SessionGrant login(String username, char[] password, DeviceKey device, String resumeToken)
            throws RegistryException {
        synchronized (lock) {
            if (loggedIn != null) {
                throw new RegistryException("already logged in as " + loggedIn.username + " — /logout first");
            }
        }
        PeerListener peers;
        try {
            peers = PeerListener.open(peerBind, wantedPeerPort);
        } catch (IOException e) {
            throw new RegistryException(e.getMessage(), e);
        }
        LoggedIn session = null;
        try {
            RegistryLink l = openLink();
            Frame answer = l.call(loginRequest(l, username, password, device, peers.port(), resumeToken), requestTimeout);
            // A node too busy to hash is passed over for the next address: one attempt per address at most.
            for (int other = 1; answer.status() == Status.UNAVAILABLE && other < connector.addresses().size(); other++) {
                connector.passOver();
                l.close();
                l = openLink();
                answer = l.call(loginRequest(l, username, password, device, peers.port(), resumeToken), requestTimeout);
            }
            requireSuccess(answer);
            SessionGrant grant = SessionGrant.from(answer);
            session = new LoggedIn(grant.username(), password.clone(), device, peers, grant);
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
        Frame answer = sessionRequest(new RegistryRequest.Whoami());
        RegistryAnswer.WhoamiAnswer who = readAnswer(() -> answer.as(RegistryAnswer.WhoamiAnswer.class));
        return new SessionInfo(who.username(), who.address(), port(who.peerPort()), who.since());
    }

    /** Looks one user up; empty when there is no such user. */
    @Override
    public Optional<UserPresence> search(String username) throws RegistryException {
        Frame answer;
        try {
            answer = sessionRequest(new RegistryRequest.SearchUser(username));
        } catch (RegistryRefusedException e) {
            if (e.status() == Status.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(readAnswer(() -> {
            RegistryAnswer.SearchUserAnswer found = answer.as(RegistryAnswer.SearchUserAnswer.class);
            return new UserPresence(found.username(), found.online(), orEmpty(found.address()),
                    port(found.peerPort()), Optional.ofNullable(found.identityKey()));
        }));
    }

    /** Everyone online, sorted by name, fetched page by page until the registry's total is reached. */
    public List<OnlineUser> listOnline(boolean detailed) throws RegistryException {
        List<OnlineUser> everyone = new ArrayList<>();
        while (true) {
            int offset = everyone.size();
            Frame answer = sessionRequest(new RegistryRequest.ListOnline(detailed, offset, Limits.MAX_PAGE_SIZE));
            RegistryAnswer.ListOnlineAnswer page = readAnswer(() -> answer.as(RegistryAnswer.ListOnlineAnswer.class));
            for (RegistryAnswer.OnlineUser u : page.users()) {
                everyone.add(readAnswer(() -> new OnlineUser(u.username(), orEmpty(u.address()), port(u.peerPort()))));
            }
            // An empty page ends the loop even if the total says more: the list shrank while we paged.
            if (page.users().isEmpty() || everyone.size() >= page.total()) {
                return everyone;
            }
        }
    }

    // ---- rooms ----

    @Override
    public RoomAnswer createRoom(String name, String password, Integer capacity, String description)
            throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.RoomCreate(name, password, capacity, description)));
    }

    @Override
    public RoomAnswer joinRoom(String name, String password) throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.RoomJoin(name, password)));
    }

    @Override
    public RoomAnswer leaveRoom(String name) throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.RoomLeave(name)));
    }

    @Override
    public RoomListAnswer listRooms(boolean detailed, int offset, int limit) throws RegistryException {
        // Without the total: "more" says when to stop, and counting every room costs the registry.
        Frame answer = sessionRequest(new RegistryRequest.RoomList(detailed, offset, limit, false));
        return readAnswer(() -> answer.as(RoomListAnswer.class));
    }

    @Override
    public RoomAnswer roomMembers(String name) throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.RoomMembers(name)));
    }

    @Override
    public void kick(String room, String username) throws RegistryException {
        sessionRequest(new RegistryRequest.RoomKick(room, username));
    }

    @Override
    public void ban(String room, String username) throws RegistryException {
        sessionRequest(new RegistryRequest.RoomBan(room, username));
    }

    @Override
    public RoomAnswer updateRoom(String name, String description, String password, boolean clearPassword)
            throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.RoomUpdate(name, description, password,
                clearPassword ? Boolean.TRUE : null)));
    }

    @Override
    public RoomAnswer createGroup(List<String> usernames) throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.GroupCreate(List.copyOf(usernames))));
    }

    @Override
    public RoomAnswer answerInvitation(String room, boolean accept) throws RegistryException {
        return roomAnswer(sessionRequest(new RegistryRequest.RoomInviteAnswer(room, accept)));
    }

    // ---- mail ----

    @Override
    public RegistryAnswer.MailDepositAnswer deposit(Envelope envelope) throws RegistryException {
        Frame answer = sessionRequest(new RegistryRequest.MailDeposit(envelope));
        return readAnswer(() -> answer.as(RegistryAnswer.MailDepositAnswer.class));
    }

    @Override
    public RegistryAnswer.MailFetchAnswer fetchMail() throws RegistryException {
        Frame answer = sessionRequest(new RegistryRequest.MailFetch(Limits.MAX_MAIL_PAGE));
        return readAnswer(() -> answer.as(RegistryAnswer.MailFetchAnswer.class));
    }

    @Override
    public void acknowledgeMail(List<RegistryRequest.MailRef> mail) throws RegistryException {
        sessionRequest(new RegistryRequest.MailAck(List.copyOf(mail)));
    }

    @Override
    public RegistryAnswer.ReceiptFetchAnswer fetchReceipts() throws RegistryException {
        Frame answer = sessionRequest(new RegistryRequest.ReceiptFetch(Limits.MAX_MAIL_PAGE));
        return readAnswer(() -> answer.as(RegistryAnswer.ReceiptFetchAnswer.class));
    }

    @Override
    public void acknowledgeReceipts(List<RegistryRequest.ReceiptRef> receipts) throws RegistryException {
        sessionRequest(new RegistryRequest.ReceiptAck(List.copyOf(receipts)));
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
            if (reacher != null) {
                reacher.interrupt();
                reacher = null;
            }
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

    /** A request that needs a session; the answer when it is a success. */
    private Frame sessionRequest(RegistryRequest request) throws RegistryException {
        synchronized (lock) {
            if (loggedIn == null) {
                throw new RegistryException("log in first — /login NAME");
            }
        }
        return request(request);
    }

    /** A request on the open link (connecting first); the answer when it is a success, else the refusal. */
    private Frame request(RegistryRequest request) throws RegistryException {
        Frame answer = openLink().call(request, requestTimeout);
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
        // One connection attempt at a time: the start's background connect and the first command
        // would otherwise both connect (and both announce the pin), one link thrown away.
        synchronized (connecting) {
            synchronized (lock) {
                RegistryLink usable = usableLink();
                if (usable != null) {
                    return usable;
                }
            }
            RegistryLink fresh = connector.connect(linkObserver);
            Thread waited;
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
                waited = reacher;
                reacher = null;
            }
            if (waited != null) {
                if (waited != Thread.currentThread()) {
                    waited.interrupt();
                }
                observer.registryReached();
            }
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

    private void linkClosed(RegistryLink from, RegistryEvent.Bye bye) {
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
        if (bye != null && RegistryEvent.Bye.KEEPALIVE_TIMEOUT.equals(bye.reason())) {
            observer.sessionExpired(bye.message(), from.registry().host(), udpPort);
        } else if (bye != null) {
            observer.registryClosedLink(bye.message().isBlank() ? "status " + bye.status() : bye.message());
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

    /**
     * Wins the session back: backing off between attempts, each through the connector, which
     * tries every address of the registry. The first attempt comes within half a second with the
     * standard backoff, so when a node is killed its sessions resume on another node well within
     * the registry's session timeout, while a lone registry that is down is not hammered.
     */
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
                Frame answer = fresh.call(loginRequest(fresh, session.username, session.password, session.device,
                        session.peers.port(), session.grant.resumeToken()), requestTimeout);
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
                if (e.status() == Status.UNAVAILABLE) {
                    connector.passOver(); // too busy: the next attempt tries the next node first
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
                Frame answer = l.call(new RegistryRequest.Watch(names), requestTimeout);
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
        String host = from.registry().host();
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

    /** The UDP port keepalives go to: {@code --keepalive-port} for every node, else the one its LOGIN answer names. */
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

    /** Keepalives to the node of this link (the host it reached), at the port that node's grant names. */
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
            l.call(new RegistryRequest.Logout(), timeout);
        } catch (RegistryException e) {
            Diagnostics.trace("telling the registry we log out", e);
        }
    }

    /** A LOGIN on {@code link}: with {@code device}, its key offered and the link's challenge signed. */
    private static RegistryRequest.Login loginRequest(RegistryLink link, String username, char[] password,
            DeviceKey device, int peerPort, String resumeToken) {
        return new RegistryRequest.Login(username, new String(password), peerPort, resumeToken,
                device == null ? null : device.publicKeyText(),
                device == null ? null : device.prove(link.loginChallenge(), username));
    }

    /** The online users of a WATCH answer; an entry without a usable user is skipped, an unusable address left out. */
    private static List<PresenceChange> onlineWatched(Frame answer) {
        List<RegistryAnswer.WatchedUser> online = answer.as(RegistryAnswer.WatchAnswer.class).online();
        List<PresenceChange> changes = new ArrayList<>(online.size());
        for (RegistryAnswer.WatchedUser u : online) {
            if (Credentials.usernameProblem(u.user()).isEmpty()) {
                changes.add(new PresenceChange(u.user(), true, PresenceChange.address(u.address(), u.peerPort(), u.user())));
            } else {
                Diagnostics.note("ignoring an entry of the WATCH answer without a usable user: " + u);
            }
        }
        return changes;
    }

    private static void requireSuccess(Frame answer) throws RegistryRefusedException {
        if (!answer.status().isSuccess()) {
            throw RegistryRefusedException.of(answer);
        }
    }

    /** A room answer, read. */
    private static RoomAnswer roomAnswer(Frame answer) throws RegistryException {
        return readAnswer(() -> answer.as(RoomAnswer.class));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A peer port the registry sent: 0 for none, else 1 to 65535. */
    private static int port(Integer peerPort) {
        if (peerPort == null) {
            return 0;
        }
        if (peerPort < 0 || peerPort > 65535) {
            throw new InvalidFieldException("a peer port must be between 0 and 65535, not " + peerPort);
        }
        return peerPort;
    }

    /** Reading an answer the registry sent is the registry's fault if it fails: say so in one line. */
    private static <T> T readAnswer(AnswerReader<T> reader) throws RegistryException {
        try {
            return reader.read();
        } catch (InvalidFieldException e) {
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
        final DeviceKey device;
        final PeerListener peers;
        volatile SessionGrant grant;
        volatile KeepaliveSender keepalive;
        /** Keepalives over the link while UDP ones do not arrive; survives reconnects. Guarded by this. */
        private LinkKeepalive linkKeepalive;
        /** The users watched, re-sent after each reconnect. Written under {@link #watchLock}. */
        volatile List<String> watched = List.of();
        final Object watchLock = new Object();

        LoggedIn(String username, char[] password, DeviceKey device, PeerListener peers, SessionGrant grant) {
            this.username = username;
            this.password = password;
            this.device = device;
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
