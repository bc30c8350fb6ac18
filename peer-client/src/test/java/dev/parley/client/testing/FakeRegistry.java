package dev.parley.client.testing;

import dev.parley.client.registry.RegistryAddress;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
 * answers real frames, made with the shared codec, as docs/PROTOCOL.md describes them. Accounts
 * and sessions live in memory. Tests can drop links, say BYE, hold or refuse logins, and cap the
 * LIST_ONLINE page size. The real registry is tested end to end elsewhere.
 */
public final class FakeRegistry implements AutoCloseable {
    private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();

    private final TestCertificate certificate;
    private final SSLServerSocket server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String[]> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<String[]> othersOnline = new CopyOnWriteArrayList<>();
    /** Every request received, in order, from all links. */
    public final LinkedBlockingQueue<Frame> requests = new LinkedBlockingQueue<>();

    private volatile int pageCap = Limits.MAX_PAGE_SIZE;
    private volatile int udpPort = 15500;
    private volatile int keepaliveIntervalSeconds = 10;
    private volatile Frame loginRefusal;
    private volatile CountDownLatch loginGate;
    private volatile boolean answerHello = true;
    private volatile boolean udpKeepalivesArriving;
    private volatile List<String> roomsAtLogin;

    private FakeRegistry(TestCertificate certificate) throws IOException {
        this.certificate = certificate;
        this.server = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        Thread.ofVirtual().name("fake-registry-accept").start(this::acceptLinks);
    }

    public static FakeRegistry start() throws IOException {
        return start(TestCertificate.generate("fake-registry"));
    }

    public static FakeRegistry start(TestCertificate certificate) throws IOException {
        return new FakeRegistry(certificate);
    }

    public TestCertificate certificate() {
        return certificate;
    }

    public int port() {
        return server.getLocalPort();
    }

    public RegistryAddress address() {
        return new RegistryAddress("127.0.0.1", port());
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
        JsonObjectBuilder extra = retryAfterSeconds > 0
                ? Json.createObjectBuilder().add("retryAfterSeconds", retryAfterSeconds) : null;
        loginRefusal = Frame.response("x", status, message, extra);
    }

    /** From now on every LOGIN is refused as the registry refuses a computer whose identity key is not the account's. */
    public void refuseLoginsForTheKey(String username) {
        loginRefusal = Frame.response("x", Status.FORBIDDEN, "this computer's identity key for " + username
                + " is not the one the registry holds", Json.createObjectBuilder().add("identityKeyMismatch", true));
    }

    public void acceptLogins() {
        loginRefusal = null;
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
        sayBye(status, message, Json.createObjectBuilder());
    }

    /** Sends BYE with these extra fields on every link, then closes them. */
    public void sayBye(Status status, String message, JsonObjectBuilder extra) {
        Frame bye = Frame.event(MessageType.BYE, extra.add("status", status.code()).add("message", message));
        for (Link l : links) {
            l.send(bye);
            l.close();
        }
    }

    /** Sends an event on the link of this user's session, as the registry does on its own. */
    public void sendEvent(String username, Frame event) {
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
    public Frame nextRequest(MessageType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Frame f = requests.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no " + type + " request arrived within 5 s");
            }
            if (f.type().equals(type.name())) {
                return f;
            }
        }
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

    @Override
    public void close() throws IOException {
        server.close();
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

    private Frame answer(Link link, Frame request) {
        String id = request.id().orElse(null);
        try {
            MessageType type = MessageType.fromWire(request.type()).orElse(null);
            if (type == null || type == MessageType.RESPONSE || type == MessageType.BYE) {
                return Frame.response(id, Status.BAD_REQUEST, "unknown message type '" + request.type() + "'", null);
            }
            if (!link.greeted && type != MessageType.HELLO) {
                link.closeAfterAnswer = true;
                return Frame.response(id, Status.BAD_REQUEST, "say HELLO first", null);
            }
            return switch (type) {
                case HELLO -> hello(link, id, request);
                case REGISTER -> register(id, request);
                case LOGIN -> login(link, id, request);
                case LOGOUT -> logout(link, id);
                case WHOAMI -> whoami(link, id);
                case SEARCH_USER -> search(link, id, request);
                case LIST_ONLINE -> listOnline(link, id, request);
                case WATCH -> watch(link, id, request);
                case KEEPALIVE -> link.session == null ? Frame.response(id, Status.UNAUTHORIZED, "log in first", null)
                        : Frame.response(id, Status.OK, "session kept alive", Json.createObjectBuilder()
                                .add("udpKeepalivesArriving", udpKeepalivesArriving));
                case ROOM_CREATE, ROOM_UPDATE -> room(link, id, request);
                case RESPONSE, BYE -> throw new IllegalStateException();
                default -> Frame.response(id, Status.BAD_REQUEST, "not a registry request: " + type, null);
            };
        } catch (InvalidFieldException e) {
            return Frame.response(id, Status.BAD_REQUEST, e.getMessage(), null);
        }
    }

    private Frame hello(Link link, String id, Frame request) {
        String problem = ProtocolVersion.incompatibility(request.requireString("version"));
        if (problem != null) {
            link.closeAfterAnswer = true;
            return Frame.response(id, Status.BAD_REQUEST, problem, null);
        }
        link.greeted = true;
        return Frame.response(id, Status.OK, "welcome to the Parley registry", Json.createObjectBuilder()
                .add("version", ProtocolVersion.CURRENT).add("keepaliveIntervalSeconds", keepaliveIntervalSeconds)
                .add("udpPort", udpPort));
    }

    private Frame register(String id, Frame request) {
        String username = request.requireString("username");
        String password = request.requireString("password");
        String problem = Credentials.usernameProblem(username).or(() -> Credentials.passwordProblem(password))
                .orElse(null);
        if (problem != null) {
            return Frame.response(id, Status.BAD_REQUEST, problem, null);
        }
        if (accounts.putIfAbsent(key(username), new String[] {username, password}) != null) {
            return Frame.response(id, Status.CONFLICT, "the username " + username + " is taken", null);
        }
        return Frame.response(id, Status.CREATED, "account " + username + " created",
                Json.createObjectBuilder().add("username", username));
    }

    private Frame login(Link link, String id, Frame request) {
        CountDownLatch gate = loginGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Frame refusal = loginRefusal;
        if (refusal != null) {
            JsonObjectBuilder extra = Json.createObjectBuilder();
            if (refusal.json().containsKey("retryAfterSeconds")) {
                extra.add("retryAfterSeconds", refusal.json().getInt("retryAfterSeconds"));
            }
            if (refusal.json().containsKey("identityKeyMismatch")) {
                extra.add("identityKeyMismatch", true);
            }
            return Frame.response(id, refusal.status(), refusal.message(), extra);
        }
        if (link.session != null) {
            return Frame.response(id, Status.CONFLICT, "this link is already logged in as " + link.session.username
                    + "; log out first", null);
        }
        String username = request.requireString("username");
        String password = request.requireString("password");
        int peerPort = request.requireInt("peerPort", 1, 65535);
        String token = request.optionalString("resumeToken").orElse(null);
        String[] account = accounts.get(key(username));
        if (account == null || !account[1].equals(password)) {
            return Frame.response(id, Status.UNAUTHORIZED, "wrong username or password", null);
        }
        Session existing = sessions.get(key(username));
        if (existing != null && existing.link != null && !existing.link.socket.isClosed()
                && !existing.token.equals(token)) {
            return Frame.response(id, Status.CONFLICT, account[0] + " is already logged in from another client", null);
        }
        Session s = new Session(account[0], link.address(), peerPort, link);
        random.nextBytes(s.id);
        random.nextBytes(s.key);
        sessions.put(key(username), s);
        link.session = s;
        JsonObjectBuilder answer = Json.createObjectBuilder()
                .add("username", s.username).add("sessionId", URL64.encodeToString(s.id))
                .add("keepaliveKey", Base64.getEncoder().encodeToString(s.key))
                .add("keepaliveIntervalSeconds", keepaliveIntervalSeconds).add("udpPort", udpPort)
                .add("resumeToken", s.token).add("address", s.address);
        List<String> rooms = roomsAtLogin;
        if (rooms != null) {
            JsonArrayBuilder names = Json.createArrayBuilder();
            rooms.forEach(names::add);
            answer.add("rooms", names);
        }
        return Frame.response(id, Status.OK, "logged in as " + s.username, answer);
    }

    private Frame logout(Link link, String id) {
        if (link.session == null) {
            return Frame.response(id, Status.UNAUTHORIZED, "log in first", null);
        }
        sessions.remove(key(link.session.username), link.session);
        link.session = null;
        return Frame.response(id, Status.OK, "logged out", null);
    }

    private Frame whoami(Link link, String id) {
        Session s = link.session;
        if (s == null) {
            return Frame.response(id, Status.UNAUTHORIZED, "log in first", null);
        }
        return Frame.response(id, Status.OK, "you are " + s.username, Json.createObjectBuilder()
                .add("username", s.username).add("address", s.address).add("peerPort", s.peerPort)
                .add("since", s.since.toString()));
    }

    /**
     * ROOM_CREATE and ROOM_UPDATE, only as far as plain-mode tests of /create and /lock need: the
     * room, with the session's user as host and only member, locked when a password was sent. No
     * rooms are kept; the requests are in {@link #requests}.
     */
    private Frame room(Link link, String id, Frame request) {
        if (link.session == null) {
            return Frame.response(id, Status.UNAUTHORIZED, "log in first", null);
        }
        String name = request.requireString("name");
        Session s = link.session;
        JsonObjectBuilder room = Json.createObjectBuilder().add("name", name).add("host", s.username)
                .add("description", request.optionalString("description").orElse(""))
                .add("locked", request.optionalString("password").isPresent()).add("capacity", 50)
                .add("members", Json.createArrayBuilder().add(Json.createObjectBuilder().add("username", s.username)
                        .add("address", s.address).add("peerPort", s.peerPort)));
        return Frame.response(id, request.type().equals("ROOM_CREATE") ? Status.CREATED : Status.OK,
                "room " + name, Json.createObjectBuilder().add("room", room));
    }

    private Frame search(Link link, String id, Frame request) {
        if (link.session == null) {
            return Frame.response(id, Status.UNAUTHORIZED, "log in first", null);
        }
        String username = request.requireString("username");
        String[] account = accounts.get(key(username));
        if (account == null) {
            return Frame.response(id, Status.NOT_FOUND, "no user named " + username, null);
        }
        String[] where = online().get(key(username));
        JsonObjectBuilder b = Json.createObjectBuilder().add("username", account[0]).add("online", where != null);
        if (where != null) {
            b.add("address", where[1]).add("peerPort", Integer.parseInt(where[2]));
        }
        return Frame.response(id, Status.OK, account[0] + (where != null ? " is online" : " is offline"), b);
    }

    private Frame listOnline(Link link, String id, Frame request) {
        if (link.session == null) {
            return Frame.response(id, Status.UNAUTHORIZED, "log in first", null);
        }
        boolean detailed = request.optionalBoolean("detailed", false);
        int offset = request.optionalInt("offset", 0, 0, Integer.MAX_VALUE);
        int limit = Math.min(pageCap, request.optionalInt("limit", 100, 1, Limits.MAX_PAGE_SIZE));
        List<String[]> everyone = new ArrayList<>(online().values());
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (String[] u : everyone.subList(Math.min(offset, everyone.size()), Math.min(offset + limit, everyone.size()))) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("username", u[0]);
            if (detailed) {
                o.add("address", u[1]).add("peerPort", Integer.parseInt(u[2]));
            }
            users.add(o);
        }
        return Frame.response(id, Status.OK, everyone.size() + " users online", Json.createObjectBuilder()
                .add("total", everyone.size()).add("offset", offset).add("users", users));
    }

    /** Stores the list and answers with the watched users online now, as the registry does (without its checks). */
    private Frame watch(Link link, String id, Frame request) {
        if (link.session == null) {
            return Frame.response(id, Status.UNAUTHORIZED, "log in first", null);
        }
        JsonValue users = request.json().get("users");
        if (!(users instanceof JsonArray array)) {
            return Frame.response(id, Status.BAD_REQUEST, "field 'users' must be an array of usernames", null);
        }
        List<String> names = array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        link.session.watched = names;
        Map<String, String[]> online = online();
        JsonArrayBuilder present = Json.createArrayBuilder();
        for (String name : names) {
            String[] u = online.get(key(name));
            if (u != null) {
                present.add(Json.createObjectBuilder().add("user", u[0]).add("address", u[1])
                        .add("peerPort", Integer.parseInt(u[2])));
            }
        }
        return Frame.response(id, Status.OK, "watching " + names.size() + " users", Json.createObjectBuilder()
                .add("watching", names.size()).add("online", present));
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
                Frame request;
                while ((request = reader.read()) != null) {
                    requests.add(request);
                    if (!answerHello && MessageType.HELLO.name().equals(request.type())) {
                        continue; // a registry that hangs: the client must time out
                    }
                    send(answer(this, request));
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
