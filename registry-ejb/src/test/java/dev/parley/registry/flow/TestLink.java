package dev.parley.registry.flow;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Register;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A test's registry link: real TLS socket, real frames. Each link comes from its own loopback
 * address (127.x.y.z) so per-address limits of one test never touch another.
 */
final class TestLink implements AutoCloseable {
    static final String HOST = System.getenv().getOrDefault("SERVER_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getProperty("parley.registry.port",
            System.getenv().getOrDefault("PARLEY_REGISTRY_PORT", "15600")));
    static final int UDP_PORT = Integer.parseInt(System.getProperty("parley.keepalive.port",
            System.getenv().getOrDefault("PARLEY_KEEPALIVE_PORT", "15500")));

    private final SSLSocket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final AtomicInteger ids = new AtomicInteger();
    /** Events read while waiting for something else, oldest first, until a test takes them. */
    private final Deque<Frame> events = new ArrayDeque<>();
    X509Certificate serverCertificate;
    private volatile Thread keepalives;

    private TestLink(String sourceAddress, int receiveBufferBytes) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new RecordingTrust()}, new SecureRandom());
            socket = (SSLSocket) ctx.getSocketFactory().createSocket();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        if (receiveBufferBytes > 0) {
            // Before connecting, so the window the client offers is small from the first byte.
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress(HOST, PORT), 5000);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        // As a client reads the registry: its answers may be larger than a request (a page of mail).
        reader = new FrameReader(socket.getInputStream(), Limits.MAX_ANSWER_BYTES);
        writer = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
    }

    /** A handshaken link from a fresh loopback address. */
    static TestLink open() throws IOException {
        return open(randomLoopback());
    }

    static TestLink open(String sourceAddress) throws IOException {
        return new TestLink(sourceAddress, 0);
    }

    /** A handshaken link from a fresh loopback address that holds at most about this many unread bytes. */
    static TestLink openWithReceiveBuffer(int bytes) throws IOException {
        return new TestLink(randomLoopback(), bytes);
    }

    static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(2, 255);
    }

    /** A username no earlier run used (the database outlives test runs). */
    static String uniqueName(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + ThreadLocalRandom.current().nextInt(100);
    }

    Frame hello() throws IOException {
        return request(new Hello(ProtocolVersion.CURRENT, "registry-ejb tests"));
    }

    Frame register(String user, String password) throws IOException {
        return register(user, password, null);
    }

    /** Registers with an identity key (base64 text sent as given); a null key sends none. */
    Frame register(String user, String password, String identityKey) throws IOException {
        return request(new Register(user, password, identityKey));
    }

    /** Logs in and, like a real client, keeps the session alive with keepalives until {@link #stopKeepalives()}. */
    Frame login(String user, String password, int peerPort) throws IOException {
        return login(user, password, peerPort, null);
    }

    /** Logs in offering an identity key (a null key offers none); keeps the session alive as {@link #login} does. */
    Frame login(String user, String password, int peerPort, String identityKey) throws IOException {
        return loginWithProof(user, password, peerPort, identityKey, null);
    }

    /** Logs in offering an identity key and a device proof ({@code LoginProof}); keeps the session alive as {@link #login} does. */
    Frame loginWithProof(String user, String password, int peerPort, String identityKey, String proof)
            throws IOException {
        Frame answer = request(new Login(user, password, peerPort, null, identityKey, proof));
        if (answer.status() == dev.parley.protocol.Status.OK) {
            startKeepalives(answer);
        }
        return answer;
    }

    /**
     * Logs in and sends no UDP keepalive at all, as a client behind a firewall that drops them;
     * {@link #startKeepalives} lets them through later.
     */
    Frame loginWithoutUdp(String user, String password, int peerPort) throws IOException {
        return request(new Login(user, password, peerPort, null, null));
    }

    /** Sends UDP keepalives for the session of this LOGIN answer, twice an interval, until stopped. */
    void startKeepalives(Frame login) {
        stopKeepalives();
        LoginAnswer answer = login.as(LoginAnswer.class);
        byte[] session = java.util.Base64.getUrlDecoder().decode(answer.sessionId());
        byte[] key = java.util.Base64.getDecoder().decode(answer.keepaliveKey());
        long everyMillis = answer.keepaliveIntervalSeconds() * 1000L / 2;
        keepalives = Thread.ofPlatform().daemon().start(() -> {
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                for (long counter = 1; !Thread.currentThread().isInterrupted(); counter++) {
                    byte[] d = dev.parley.protocol.Keepalive.sign(key, session, counter);
                    udp.send(new java.net.DatagramPacket(d, d.length, InetAddress.getByName(HOST), UDP_PORT));
                    Thread.sleep(everyMillis);
                }
            } catch (IOException | InterruptedException e) {
                // stopped, or the test is over
            }
        });
    }

    /** Falls silent, as a client that crashed or lost its network would. */
    void stopKeepalives() {
        Thread t = keepalives;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Sends a request and returns its response; events that arrive meanwhile are kept for {@link #awaitEvent}. */
    Frame request(RegistryRequest request) throws IOException {
        String id = Integer.toString(ids.incrementAndGet());
        writer.write(Frame.request(id, (Record) request));
        return responseTo(id);
    }

    /**
     * Sends a request of this kind whose fields are JSON text written as given ({@code "users":7}),
     * for what no record can hold: a missing, mistyped or out-of-range field. Returns its answer.
     */
    Frame requestRaw(Class<? extends RegistryRequest> kind, String fields) throws IOException {
        String id = Integer.toString(ids.incrementAndGet());
        String json = "{\"type\":\"" + RecordCodec.of(kind.asSubclass(Record.class)).wireType() + "\",\"id\":\"" + id + "\""
                + (fields.isEmpty() ? "" : "," + fields) + "}";
        byte[] payload = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeRaw(java.nio.ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array());
        return responseTo(id);
    }

    Frame responseTo(String id) throws IOException {
        while (true) {
            Frame f = next();
            if (f == null) {
                throw new IOException("link closed before the answer to " + id);
            }
            if ("RESPONSE".equals(f.type()) && f.id().map(id::equals).orElse(false)) {
                return f;
            }
            events.add(f);
        }
    }

    /** The first event of this type (kept earlier or arriving within 5 s); fails the test if none comes. */
    <E extends RegistryEvent> E awaitEvent(Class<E> type) throws IOException {
        return awaitEvent(type, e -> true);
    }

    /** The first event of this type that also matches {@code which}; others stay kept. */
    <E extends RegistryEvent> E awaitEvent(Class<E> type, Predicate<E> which) throws IOException {
        return awaitEvent(type, which, 5000);
    }

    <E extends RegistryEvent> E awaitEvent(Class<E> type, Predicate<E> which, int millis) throws IOException {
        return pollEvent(type, which, millis).orElseThrow(() -> new AssertionError("no " + type.getSimpleName()
                + " event within " + millis + " ms; kept: " + events));
    }

    /** The first matching event kept or arriving within {@code millis}, taken out of the kept ones. */
    <E extends RegistryEvent> Optional<E> pollEvent(Class<E> type, Predicate<E> which, int millis) throws IOException {
        String wireType = RecordCodec.of(type.asSubclass(Record.class)).wireType();
        for (Iterator<Frame> it = events.iterator(); it.hasNext(); ) {
            Optional<E> e = match(it.next(), wireType, type, which);
            if (e.isPresent()) {
                it.remove();
                return e;
            }
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) left);
                Frame f;
                try {
                    f = reader.read();
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                if (f == null) {
                    throw new IOException("link closed while waiting for " + wireType);
                }
                Optional<E> e = match(f, wireType, type, which);
                if (e.isPresent()) {
                    return e;
                }
                events.add(f);
            }
        } finally {
            socket.setSoTimeout(15_000);
        }
    }

    /** The frame as an event of this type, read as every client reads it, if it is one and matches; an event has no id. */
    private static <E extends RegistryEvent> Optional<E> match(Frame f, String wireType, Class<E> type,
            Predicate<E> which) {
        if (!wireType.equals(f.type())) {
            return Optional.empty();
        }
        if (f.id().isPresent()) {
            throw new AssertionError("an event has no id: " + f);
        }
        E e = type.cast(RegistryEvent.CATALOG.read(f));
        return which.test(e) ? Optional.of(e) : Optional.empty();
    }

    /** Every event kept so far, read as events and taken out. */
    List<RegistryEvent> drainEvents() {
        List<RegistryEvent> all = new ArrayList<>();
        for (Frame f : events) {
            all.add(RegistryEvent.CATALOG.read(f));
        }
        events.clear();
        return all;
    }

    Frame next() throws IOException {
        return reader.read();
    }

    void writeRaw(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    void write(Frame frame) throws IOException {
        writer.write(frame);
    }

    /** Reads until the registry closes the link; returns the BYE it sent, or null if it sent none. */
    Frame awaitClose(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        Frame bye = null;
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                if (RecordCodec.of(RegistryEvent.Bye.class).wireType().equals(f.type())) {
                    bye = f;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the registry did not close the link within " + timeoutMillis + " ms");
        } catch (IOException e) {
            // reset or truncated by the close: the link is gone either way
        }
        return bye;
    }

    boolean isOpenAfter(int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        stopKeepalives();
        socket.close();
    }

    private final class RecordingTrust implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Tests check the fingerprint against the gateway's; pinning itself is tested in the client.
            serverCertificate = chain[0];
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
