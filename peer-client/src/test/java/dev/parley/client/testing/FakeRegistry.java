package dev.parley.client.testing;

import dev.parley.client.registry.LinkObserver;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.LoginProof;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A test double of the registry for client-only tests: a real TLS listener on loopback that
 * reads each request as its record ({@link RegistryRequest#CATALOG}) and answers with the answer
 * records, as docs/PROTOCOL.md describes them. Accounts
 * and sessions live in memory. Tests can drop links, say BYE, hold or refuse logins, and cap the
 * LIST_ONLINE page size. The real registry is tested end to end elsewhere.
 */
public final class FakeRegistry implements AutoCloseable {
    /** For a test that reads answers only: events and the link's close go nowhere. */
    public static final LinkObserver IGNORE = new LinkObserver() {
        @Override
        public void event(RegistryLink link, RegistryEvent event) {
        }

        @Override
        public void closed(RegistryLink link, RegistryEvent.Bye bye) {
        }
    };

    /**
     * Ports handed out as down, kept bound but not listening for as long as the tests run: a
     * connection to one is refused, and no server started later, a fake registry among them, is
     * given it (a port merely closed again was, now and then, the next one's).
     */
    private static final List<java.net.Socket> DOWN = new CopyOnWriteArrayList<>();

    /** The address of a registry that is down: a loopback port nobody listens on. */
    public static RegistryAddress nobodyListening() throws IOException {
        java.net.Socket held = new java.net.Socket();
        held.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DOWN.add(held);
        return new RegistryAddress("127.0.0.1", held.getLocalPort());
    }
    private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();

    private final TestCertificate certificate;
    private final SSLServerSocket server;
    private final Thread acceptor;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String[]> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<String[]> othersOnline = new CopyOnWriteArrayList<>();
    /** Every request received that reads as one, in order, from all links. */
    public final LinkedBlockingQueue<RegistryRequest> requests = new LinkedBlockingQueue<>();
    private final Map<RegistryRequest, String> ids = new java.util.IdentityHashMap<>();

    private volatile int pageCap = Limits.MAX_PAGE_SIZE;
    private volatile int udpPort = 15500;
    private volatile int keepaliveIntervalSeconds = 10;
    /** LOGIN refused with this status, message and refusal record; null while logins are accepted. */
    private volatile Status loginRefusalStatus;
    private volatile String loginRefusalMessage;
    private volatile Refusal loginRefusal;
    private volatile CountDownLatch loginGate;
    private volatile boolean answerHello = true;
    private volatile boolean udpKeepalivesArriving;
    private volatile List<String> roomsAtLogin;
    /** Accounts being guessed at, with the key a login must prove it holds to go ahead. */
    private final Map<String, java.security.PublicKey> provenBy = new ConcurrentHashMap<>();

    private FakeRegistry(TestCertificate certificate, InetAddress host, int port) throws IOException {
        this.certificate = certificate;
        this.server = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(port, 50, host);
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.acceptor = Thread.ofVirtual().name("fake-registry-accept").start(this::acceptLinks);
    }

    public static FakeRegistry start() throws IOException {
        return start(TestCertificate.generate("fake-registry"));
    }

    public static FakeRegistry start(TestCertificate certificate) throws IOException {
        return new FakeRegistry(certificate, InetAddress.getLoopbackAddress(), 0);
    }

    /** A registry on this port of the loopback address (one a client was told to use before it ran). */
    public static FakeRegistry startOn(int port) throws IOException {
        return startOn(port, TestCertificate.generate("fake-registry"));
    }

    /** A registry on this port of the loopback address with this certificate (a node of a cluster back again). */
    public static FakeRegistry startOn(int port, TestCertificate certificate) throws IOException {
        return new FakeRegistry(certificate, InetAddress.getLoopbackAddress(), port);
    }

    /**
     * A registry listening on another local address ({@code 127.0.0.2}, say), as a second node of a
     * cluster on its own host would; nodes of one cluster share one certificate.
     */
    public static FakeRegistry startAt(InetAddress host, TestCertificate certificate) throws IOException {
        return new FakeRegistry(certificate, host, 0);
    }

    public TestCertificate certificate() {
        return certificate;
    }

    public int port() {
        return server.getLocalPort();
    }

    public RegistryAddress address() {
        return new RegistryAddress(server.getInetAddress().getHostAddress(), port());
    }

    public FakeRegistry account(String username, String password) {
        accounts.put(key(username), new String[] {username, password});
        return this;
    }

    /** Someone else online, as another client's session would be. */
    public FakeRegistry otherOnline(String username, String address, int peerPort) {
        othersOnline.add(new String[] {username, address, Integer.toString(peerPort)});
        accounts.putIfAbsent(key(username), new String[] {username, "not-a-password"});
        return this;
    }

    public FakeRegistry pageCap(int cap) {
        this.pageCap = cap;
        return this;
    }

    public FakeRegistry udpPort(int port) {
        this.udpPort = port;
        return this;
    }

    public FakeRegistry keepaliveIntervalSeconds(int seconds) {
        this.keepaliveIntervalSeconds = seconds;
        return this;
    }

    /** From now on LOGIN answers say the session is in these rooms (null: they leave the field out). */
    public FakeRegistry roomsAtLogin(List<String> rooms) {
        this.roomsAtLogin = rooms;
        return this;
    }

    public FakeRegistry answerHello(boolean answer) {
        this.answerHello = answer;
        return this;
    }

    /** From now on every LOGIN is refused with this status and message (and retry hint, if above 0). */
    public void refuseLogins(Status status, String message, int retryAfterSeconds) {
        refuse(status, message, new Refusal(retryAfterSeconds > 0 ? retryAfterSeconds : null, null, null));
    }

    /** From now on every LOGIN is refused as the registry refuses a computer whose identity key is not the account's. */
    public void refuseLoginsForTheKey(String username) {
        refuse(Status.FORBIDDEN, "this computer's identity key for " + username + " is not the one the registry holds",
                new Refusal(null, true, null));
    }

    private void refuse(Status status, String message, Refusal refusal) {
        loginRefusalStatus = status;
        loginRefusalMessage = message;
        loginRefusal = refusal;
    }

    public void acceptLogins() {
        loginRefusal = null;
    }

    /**
     * From now on {@code username} is being guessed at: a LOGIN for it is refused with 429, as the
     * registry slows an account under attack, unless it proves it holds {@code key} (a valid
     * {@code LoginProof} over its link's challenge).
     */
    public void slowUnlessProvenBy(String username, java.security.PublicKey key) {
        provenBy.put(key(username), key);
    }

    /** LOGIN requests wait until the returned latch is counted down. */
    public CountDownLatch holdLogins() {
        CountDownLatch gate = new CountDownLatch(1);
        loginGate = gate;
        return gate;
    }

    /** Closes every client link abruptly, as a crash or network cut would. */
    public void dropLinks() {
        for (Link l : links) {
            l.close();
        }
    }

    /** Sends BYE on every link, then closes them, as the registry does when it shuts down. */
    public void sayBye(Status status, String message) {
        sayBye(new RegistryEvent.Bye(status.code(), message, null, null));
    }

    /** Sends this BYE on every link, then closes them. */
    public void sayBye(RegistryEvent.Bye event) {
        Frame bye = Frame.event(event);
        for (Link l : links) {
            l.send(bye);
            l.close();
        }
    }

    /** Sends an event on the link of this user's session, as the registry does on its own. */
    public void sendEvent(String username, RegistryEvent event) {
        sendFrame(username, Frame.event((Record) event));
    }

    /** Sends any frame on the link of this user's session: for events a registry should not send. */
    public void sendFrame(String username, Frame event) {
        Session s = Objects.requireNonNull(sessions.get(key(username)), "no session of " + username);
        Link l = Objects.requireNonNull(s.link, username + " has no link");
        l.send(event);
    }

    /** The users this user's current session watches, as its last WATCH named them. */
    public List<String> watchedBy(String username) {
        Session s = sessions.get(key(username));
        return s == null ? List.of() : s.watched;
    }

    /** What KEEPALIVE answers say about UDP keepalives from now on (not arriving at first). */
    public void udpKeepalivesArriving(boolean arriving) {
        this.udpKeepalivesArriving = arriving;
    }

    /** The next request of this type, waiting up to 5 s. */
    public <R extends RegistryRequest> R nextRequest(Class<R> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            RegistryRequest r = requests.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no " + type.getSimpleName() + " request arrived within 5 s");
            }
            if (type.isInstance(r)) {
                return type.cast(r);
            }
        }
    }

    /** The id the request came with (requests are told apart by identity, not by value). */
    public String idOf(RegistryRequest request) {
        synchronized (ids) {
            return ids.get(request);
        }
    }

    /** How many requests of this type arrived so far. */
    public long count(Class<? extends RegistryRequest> type) {
        return requests.stream().filter(type::isInstance).count();
    }

    /** The keepalive secrets of the user's current session: {sessionId, key}. */
    public byte[][] keepaliveSecrets(String username) {
        Session s = Objects.requireNonNull(sessions.get(key(username)), "no session of " + username);
        return new byte[][] {s.id.clone(), s.key.clone()};
    }

    public boolean isOnline(String username) {
        Session s = sessions.get(key(username));
        return s != null && s.link != null;
    }

    public int openLinks() {
        return (int) links.stream().filter(l -> !l.socket.isClosed()).count();
    }

    /**
     * Stops listening and drops every link, as a killed registry would: once this returns, the
     * port refuses connections (the listening socket is only gone when the accepting thread has
     * left its accept).
     */
    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropLinks();
    }

    private void acceptLinks() {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                Link link = new Link(socket);
                links.add(link);
                Thread.ofVirtual().name("fake-registry-link").start(link::serve);
            } catch (IOException e) {
                return;
            }
        }
    }

    private Frame answer(Link link, String id, RegistryRequest request) {
        if (!link.greeted && !(request instanceof RegistryRequest.Hello)) {
            link.closeAfterAnswer = true;
            return Frame.answer(id, Status.BAD_REQUEST, "say HELLO first");
        }
        return switch (request) {
            case RegistryRequest.Hello hello -> hello(link, id, hello);
            case RegistryRequest.Register register -> register(id, register);
            case RegistryRequest.UsernameCheck check -> usernameCheck(id, check);
            case RegistryRequest.Login login -> login(link, id, login);
            case RegistryRequest.Logout logout -> logout(link, id);
            case RegistryRequest.Whoami whoami -> whoami(link, id);
            case RegistryRequest.SearchUser search -> search(link, id, search);
            case RegistryRequest.ListOnline list -> listOnline(link, id, list);
            case RegistryRequest.Watch watch -> watch(link, id, watch);
            case RegistryRequest.KeepaliveOverLink keepalive -> link.session == null
                    ? Frame.answer(id, Status.UNAUTHORIZED, "log in first")
                    : Frame.answer(id, Status.OK, "session kept alive",
                            new RegistryAnswer.KeepaliveAnswer(udpKeepalivesArriving));
            case RegistryRequest.RoomCreate create ->
                    room(link, id, Status.CREATED, create.name(), create.description(), create.password());
            case RegistryRequest.RoomUpdate update ->
                    room(link, id, Status.OK, update.name(), update.description(), update.password());
            case RegistryRequest.RoomList r -> notHere(id, r);
            case RegistryRequest.RoomJoin r -> notHere(id, r);
            case RegistryRequest.RoomLeave r -> notHere(id, r);
            case RegistryRequest.RoomMembers r -> notHere(id, r);
            case RegistryRequest.RoomKick r -> notHere(id, r);
            case RegistryRequest.RoomBan r -> notHere(id, r);
            case RegistryRequest.GroupCreate r -> notHere(id, r);
            case RegistryRequest.RoomInviteAnswer r -> notHere(id, r);
            // Every client fetches its mail and receipts at login: an empty mailbox.
            case RegistryRequest.MailFetch r -> Frame.answer(id, Status.OK, "0 messages",
                    new RegistryAnswer.MailFetchAnswer(java.util.List.of(), false));
            case RegistryRequest.ReceiptFetch r -> Frame.answer(id, Status.OK, "0 receipts",
                    new RegistryAnswer.ReceiptFetchAnswer(java.util.List.of(), false));
            case RegistryRequest.MailDeposit r -> notHere(id, r);
            case RegistryRequest.MailAck r -> notHere(id, r);
            case RegistryRequest.ReceiptAck r -> notHere(id, r);
        };
    }

    private static Frame notHere(String id, RegistryRequest request) {
        return Frame.answer(id, Status.BAD_REQUEST, "not in this fake: "
                + RecordCodec.of(((Record) request).getClass()).wireType());
    }

    private Frame hello(Link link, String id, RegistryRequest.Hello request) {
        String problem = ProtocolVersion.incompatibility(request.version());
        if (problem != null) {
            link.closeAfterAnswer = true;
            return Frame.answer(id, Status.BAD_REQUEST, problem);
        }
        link.greeted = true;
        link.loginChallenge = LoginProof.newChallenge(random);
        return Frame.answer(id, Status.OK, "welcome to the Parley registry", new RegistryAnswer.HelloAnswer(
                ProtocolVersion.CURRENT, keepaliveIntervalSeconds, udpPort, link.loginChallenge));
    }

    private Frame usernameCheck(String id, RegistryRequest.UsernameCheck request) {
        String problem = Credentials.usernameProblem(request.username()).orElse(null);
        if (problem != null) {
            return Frame.answer(id, Status.BAD_REQUEST, problem);
        }
        if (accounts.containsKey(key(request.username()))) {
            return Frame.answer(id, Status.CONFLICT, "the username " + request.username() + " is taken");
        }
        return Frame.answer(id, Status.OK, "the username " + request.username() + " is free");
    }

    private Frame register(String id, RegistryRequest.Register request) {
        String username = request.username();
        String password = request.password();
        String problem = Credentials.usernameProblem(username).or(() -> Credentials.passwordProblem(password))
                .orElse(null);
        if (problem != null) {
            return Frame.answer(id, Status.BAD_REQUEST, problem);
        }
        if (accounts.putIfAbsent(key(username), new String[] {username, password}) != null) {
            return Frame.answer(id, Status.CONFLICT, "the username " + username + " is taken");
        }
        return Frame.answer(id, Status.CREATED, "account " + username + " created",
                new RegistryAnswer.RegisterAnswer(username));
    }

    private Frame login(Link link, String id, RegistryRequest.Login request) {
        CountDownLatch gate = loginGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Refusal refusal = loginRefusal;
        if (refusal != null) {
            return Frame.answer(id, loginRefusalStatus, loginRefusalMessage, refusal);
        }
        if (link.session != null) {
            return Frame.answer(id, Status.CONFLICT, "this link is already logged in as " + link.session.username
                    + "; log out first");
        }
        String username = request.username();
        java.security.PublicKey deviceKey = provenBy.get(key(username));
        if (deviceKey != null && (request.proof() == null
                || !LoginProof.verify(deviceKey, link.loginChallenge, username, request.proof()))) {
            return Frame.answer(id, Status.TOO_MANY_REQUESTS, "too many failed logins; try again in 60 s",
                    new Refusal(60, null, null));
        }
        String[] account = accounts.get(key(username));
        if (account == null || !account[1].equals(request.password())) {
            return Frame.answer(id, Status.UNAUTHORIZED, "wrong username or password");
        }
        Session existing = sessions.get(key(username));
        if (existing != null && existing.link != null && !existing.link.socket.isClosed()
                && !existing.token.equals(request.resumeToken())) {
            return Frame.answer(id, Status.CONFLICT, account[0] + " is already logged in from another client");
        }
        Session s = new Session(account[0], link.address(), request.peerPort(), link);
        random.nextBytes(s.id);
        random.nextBytes(s.key);
        sessions.put(key(username), s);
        link.session = s;
        List<String> rooms = roomsAtLogin;
        return Frame.answer(id, Status.OK, "logged in as " + s.username, new RegistryAnswer.LoginAnswer(s.username,
                URL64.encodeToString(s.id), Base64.getEncoder().encodeToString(s.key), keepaliveIntervalSeconds, udpPort,
                s.token, s.address, null, rooms == null ? null : List.copyOf(rooms)));
    }

    private Frame logout(Link link, String id) {
        if (link.session == null) {
            return Frame.answer(id, Status.UNAUTHORIZED, "log in first");
        }
        sessions.remove(key(link.session.username), link.session);
        link.session = null;
        return Frame.answer(id, Status.OK, "logged out");
    }

    private Frame whoami(Link link, String id) {
        Session s = link.session;
        if (s == null) {
            return Frame.answer(id, Status.UNAUTHORIZED, "log in first");
        }
        return Frame.answer(id, Status.OK, "you are " + s.username,
                new RegistryAnswer.WhoamiAnswer(s.username, s.address, s.peerPort, s.since));
    }

    /**
     * ROOM_CREATE and ROOM_UPDATE, only as far as plain-mode tests of /create and /lock need: the
     * room, with the session's user as host and only member, locked when a password was sent. No
     * rooms are kept; the requests are in {@link #requests}.
     */
    private Frame room(Link link, String id, Status status, String name, String description, String password) {
        Session s = link.session;
        if (s == null) {
            return Frame.answer(id, Status.UNAUTHORIZED, "log in first");
        }
        RoomMember host = new RoomMember(s.username, Role.HOST, s.since, true, s.address, s.peerPort, null);
        RoomView room = new RoomView(name, description == null ? "" : description, 50, 1, s.username,
                password != null, false, List.of(host), null);
        return Frame.answer(id, status, "room " + name, RegistryAnswer.RoomAnswer.of(room));
    }

    private Frame search(Link link, String id, RegistryRequest.SearchUser request) {
        if (link.session == null) {
            return Frame.answer(id, Status.UNAUTHORIZED, "log in first");
        }
        String username = request.username();
        String[] account = accounts.get(key(username));
        if (account == null) {
            return Frame.answer(id, Status.NOT_FOUND, "no user named " + username);
        }
        String[] where = online().get(key(username));
        return Frame.answer(id, Status.OK, account[0] + (where != null ? " is online" : " is offline"),
                new RegistryAnswer.SearchUserAnswer(account[0], where != null, where == null ? null : where[1],
                        where == null ? null : Integer.parseInt(where[2]), null));
    }

    private Frame listOnline(Link link, String id, RegistryRequest.ListOnline request) {
        if (link.session == null) {
            return Frame.answer(id, Status.UNAUTHORIZED, "log in first");
        }
        boolean detailed = Boolean.TRUE.equals(request.detailed());
        int offset = request.offset() == null ? 0 : request.offset();
        int limit = Math.min(pageCap, request.limit() == null ? 100 : request.limit());
        List<String[]> everyone = new ArrayList<>(online().values());
        List<RegistryAnswer.OnlineUser> users = new ArrayList<>();
        for (String[] u : everyone.subList(Math.min(offset, everyone.size()), Math.min(offset + limit, everyone.size()))) {
            users.add(detailed ? new RegistryAnswer.OnlineUser(u[0], u[1], Integer.parseInt(u[2]))
                    : new RegistryAnswer.OnlineUser(u[0], null, null));
        }
        return Frame.answer(id, Status.OK, everyone.size() + " users online",
                new RegistryAnswer.ListOnlineAnswer(everyone.size(), offset, users));
    }

    /** Stores the list and answers with the watched users online now, as the registry does (without its checks). */
    private Frame watch(Link link, String id, RegistryRequest.Watch request) {
        if (link.session == null) {
            return Frame.answer(id, Status.UNAUTHORIZED, "log in first");
        }
        List<String> names = request.users();
        link.session.watched = names;
        Map<String, String[]> online = online();
        List<RegistryAnswer.WatchedUser> present = new ArrayList<>();
        for (String name : names) {
            String[] u = online.get(key(name));
            if (u != null) {
                present.add(new RegistryAnswer.WatchedUser(u[0], u[1], Integer.parseInt(u[2])));
            }
        }
        return Frame.answer(id, Status.OK, "watching " + names.size() + " users",
                new RegistryAnswer.WatchAnswer(names.size(), present));
    }

    /** Everyone online by lower-case name, sorted: live sessions and the made-up others. */
    private Map<String, String[]> online() {
        Map<String, String[]> all = new TreeMap<>();
        for (String[] o : othersOnline) {
            all.put(key(o[0]), o);
        }
        for (Session s : sessions.values()) {
            if (s.link != null && !s.link.socket.isClosed()) {
                all.put(key(s.username), new String[] {s.username, s.address, Integer.toString(s.peerPort)});
            }
        }
        return all;
    }

    private String newToken() {
        byte[] t = new byte[24];
        random.nextBytes(t);
        return URL64.encodeToString(t);
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private final class Session {
        final String username;
        final String address;
        final int peerPort;
        final byte[] id = new byte[Keepalive.SESSION_ID_BYTES];
        final byte[] key = new byte[Keepalive.KEY_BYTES];
        final String token = newToken();
        final Instant since = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        volatile Link link;
        volatile List<String> watched = List.of();

        Session(String username, String address, int peerPort, Link link) {
            this.username = username;
            this.address = address;
            this.peerPort = peerPort;
            this.link = link;
        }
    }

    private final class Link {
        final SSLSocket socket;
        volatile boolean greeted;
        volatile String loginChallenge;
        volatile boolean closeAfterAnswer;
        volatile Session session;
        private FrameWriter writer;

        Link(SSLSocket socket) {
            this.socket = socket;
        }

        String address() {
            return ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress().getHostAddress();
        }

        void serve() {
            try {
                FrameReader reader = new FrameReader(socket.getInputStream(), Limits.MAX_FRAME_BYTES);
                synchronized (this) {
                    writer = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
                }
                Frame frame;
                while ((frame = reader.read()) != null) {
                    String id = frame.id().orElse(null);
                    RegistryRequest request;
                    try {
                        request = RegistryRequest.CATALOG.read(frame);
                    } catch (InvalidFieldException e) {
                        send(Frame.answer(id, Status.BAD_REQUEST, e.getMessage()));
                        continue;
                    }
                    synchronized (ids) {
                        ids.put(request, id);
                    }
                    requests.add(request);
                    if (!answerHello && request instanceof RegistryRequest.Hello) {
                        continue; // a registry that hangs: the client must time out
                    }
                    send(answer(this, id, request));
                    if (closeAfterAnswer) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the client went away, or a test dropped the link
            } finally {
                close();
            }
        }

        synchronized void send(Frame frame) {
            try {
                if (writer == null) {
                    writer = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
                }
                writer.write(frame);
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            Session s = session;
            if (s != null) {
                s.link = null; // offline, resumable with its token
            }
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
