package dev.parley.client.peer;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityCheck;
import dev.parley.client.identity.IdentityException;
import dev.parley.client.registry.UserPresence;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * This client's side of the peer network while logged in: accepts links on the peer listener and
 * opens links to other users, and lets a link exist only after both sides proved who they are
 * (mutual TLS with the identity keys, then HELLO naming the user, checked against the registry
 * and the local pins). Caps the links a stranger can open and how long they may take.
 */
public final class PeerNode implements AutoCloseable {
    /** What the node tells the user about on its own. */
    public interface Observer {
        /** An incoming link was refused; {@code claimed} is the name it gave, or null before it gave one. */
        void refusedLink(String claimed, String from, String reason);

        /**
         * {@code from} keeps opening connections that do not prove who they are; extra ones are being
         * refused. Said at most once per address in a while; by default as a refused link.
         */
        default void flooded(String from) {
            refusedLink(null, from, "it keeps opening connections without saying who it is; the extra ones are"
                    + " being closed");
        }
    }

    /** How long we wait for a peer we call to answer; our own calls, so a slow network is given time. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a caller may wait in line behind others from its address before its greeting starts:
     * as long as an honest client waits for its handshake (ours give up after this), no longer.
     */
    static final Duration LINE_LIMIT = HANDSHAKE_TIMEOUT;
    /**
     * How long a caller has, from the moment its greeting starts, to complete TLS and send its
     * HELLO: the part the caller controls. A real client needs tens of milliseconds; a
     * caller that dawdles (an idle connection, a ClientHello sent a byte at a time) is closed then,
     * whatever it sends meanwhile, so it cannot hold its place at the door for long. Checking the
     * HELLO with the registry is ours to wait for and is bounded by the registry call's own timeout.
     */
    static final Duration GREETING_DEADLINE = Duration.ofSeconds(5);
    /** The wire type of the first frame on a link, to tell a bad HELLO from another request. */
    private static final String HELLO = RecordCodec.of(PeerRequest.Hello.class).wireType();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** Room members each hold a link to every other member, so a 500-member room needs about as many. */
    private static final int MAX_LINKS = 1024;
    /** Generous because a campus NAT or one test machine puts many users behind one address. */
    private static final int MAX_LINKS_PER_ADDRESS = 256;

    private final String me;
    private final PeerTls tls;
    private final ServerSocket listener;
    private final PeerDirectory directory;
    private final IdentityCheck identityCheck;
    private final PeerLink.Handler handler;
    private final Observer observer;
    private final Set<PeerLink> links = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final UnverifiedCallers<Greeting> unverified = new UnverifiedCallers<>();
    /** One thread that closes callers past {@link #GREETING_DEADLINE}; a per-read socket timeout cannot, as every byte resets it. */
    private final ScheduledThreadPoolExecutor deadlines;
    private volatile boolean closed;

    public PeerNode(Identity identity, ServerSocket listener, PeerDirectory directory, IdentityCheck identityCheck,
            PeerLink.Handler handler, Observer observer) {
        this.me = identity.username();
        this.tls = new PeerTls(identity);
        this.listener = listener;
        this.directory = directory;
        this.identityCheck = identityCheck;
        this.handler = handler;
        this.observer = observer;
        this.deadlines = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("peer-greeting-deadlines " + me).factory());
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Starts accepting links. */
    public void start() {
        Thread.ofVirtual().name("peer-accept " + me).start(this::acceptLinks);
    }

    /** The user this node speaks for. */
    public String me() {
        return me;
    }

    /**
     * Opens an authenticated link to {@code username}'s client.
     *
     * @throws ClientException no such user, offline, unreachable, refused, or not who they claim to be
     */
    public PeerLink connect(String username) throws ClientException {
        if (closed) {
            throw new ClientException("not logged in — /login first");
        }
        UserPresence user = directory.lookup(username)
                .orElseThrow(() -> new PeerUnavailableException("no user named " + username, false));
        if (user.username().equalsIgnoreCase(me)) {
            throw new ClientException("that is you — chat with someone else");
        }
        if (!user.online()) {
            throw PeerUnavailableException.offline(user.username());
        }
        if (user.peerPort() == 0) {
            // A browser cannot accept links: the registry carries everything to it, sealed.
            throw PeerUnavailableException.theirAnswer(user.username() + " is on the web and takes no direct links");
        }
        String where = user.address() + ":" + user.peerPort();
        SSLSocket socket;
        try {
            socket = tls.connect(new InetSocketAddress(user.address(), user.peerPort()), HANDSHAKE_TIMEOUT);
        } catch (IOException e) {
            Diagnostics.trace("connecting to " + user.username() + " at " + where, e);
            throw new PeerUnavailableException("cannot reach " + user.username() + " at " + where + ": "
                    + Diagnostics.reason(e), true);
        }
        try {
            identityCheck.verify(user.username(), PeerTls.peerKey(socket), user.identityKey());
            socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES).write(Frame.request("hello",
                    new PeerRequest.Hello(ProtocolVersion.CURRENT, me)));
            Frame answer = new FrameReader(socket.getInputStream(), Limits.MAX_FRAME_BYTES).read();
            if (answer == null || !answer.isAnswer()) {
                throw new ClientException(user.username() + "'s client closed the link without answering");
            }
            if (!answer.status().isSuccess()) {
                throw new ClientException(user.username() + "'s client refused the link: "
                        + PeerLink.printable(answer.message()));
            }
            String answered;
            try {
                answered = answer.as(PeerAnswer.HelloAnswer.class).username();
            } catch (InvalidFieldException e) {
                throw new IdentityException("the client at " + where + " did not say who it is ("
                        + PeerLink.printable(e.getMessage()) + "); link refused");
            }
            if (!answered.equalsIgnoreCase(user.username())) {
                throw new IdentityException("the client at " + where + " says it is '" + PeerLink.printable(answered)
                        + "', not " + user.username() + "; link refused");
            }
            return adopt(socket, user.username(), null);
        } catch (ClientException e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            Diagnostics.trace("greeting " + user.username() + " at " + where, e);
            throw new PeerUnavailableException("lost " + user.username() + " while greeting: " + Diagnostics.reason(e), true);
        }
    }

    /**
     * Stops accepting, gives links already closing a moment to send their last frames (a
     * CHAT_CLOSE), then closes every link; their handler hears each close.
     */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            Diagnostics.trace("closing the peer listener", e);
        }
        // Callers still greeting are closed now rather than when their deadline would have come.
        for (Runnable expire : deadlines.shutdownNow()) {
            expire.run();
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (!links.isEmpty() && System.nanoTime() < deadline) {
            pause(10);
        }
        for (PeerLink link : links) {
            link.close("logged out");
        }
    }

    /** Starts a verified link; {@code incomingFrom} is the address whose count it holds, null for one we opened. */
    private PeerLink adopt(SSLSocket socket, String peer, String incomingFrom) throws IOException {
        PeerLink link = new PeerLink(socket, peer, new Tracked(incomingFrom));
        links.add(link);
        if (closed) {
            link.close("logged out");
        }
        // The handler knows the link before its first frame is read: an answer to that frame
        // tells the other side this side will use the link too.
        handler.opened(link);
        link.start();
        return link;
    }

    private void acceptLinks() {
        while (!closed && !listener.isClosed()) {
            Socket raw;
            try {
                raw = listener.accept();
            } catch (IOException e) {
                if (!closed && !listener.isClosed()) {
                    Diagnostics.trace("accepting a peer link", e);
                    pause(100);
                }
                continue;
            }
            admit(raw);
        }
    }

    /**
     * Decides at once what becomes of a caller: greeted on its own thread, put in line behind
     * others from its address (holding only its socket, for {@link #LINE_LIMIT} at most), or closed.
     * The accept loop never waits on a caller, and over a cap a connection is closed before TLS, so
     * a flood costs no handshakes and leaves no thread behind.
     */
    private void admit(Socket raw) {
        String address = raw.getInetAddress().getHostAddress();
        if (links.size() >= MAX_LINKS) {
            closeQuietly(raw);
            return;
        }
        if (perAddress.merge(address, 1, Integer::sum) > MAX_LINKS_PER_ADDRESS) {
            release(address);
            closeQuietly(raw);
            return;
        }
        Greeting caller = new Greeting(raw, address);
        UnverifiedCallers.Admission admission = unverified.admit(address, caller);
        switch (admission) {
            case GREET -> {
                if (scheduleExpiry(caller, GREETING_DEADLINE)) {
                    startGreeting(caller);
                }
            }
            case WAIT -> scheduleExpiry(caller, LINE_LIMIT);
            case REFUSED, REFUSED_NOTIFY -> {
                release(address);
                closeQuietly(raw);
                if (admission == UnverifiedCallers.Admission.REFUSED_NOTIFY) {
                    observer.flooded(address);
                }
            }
        }
    }

    /** Closes the caller after {@code limit} unless it settles first; false if the node closed meanwhile (closed now). */
    private boolean scheduleExpiry(Greeting caller, Duration limit) {
        ScheduledFuture<?> earlier = caller.expiry;
        if (earlier != null) {
            earlier.cancel(false);
        }
        try {
            caller.expiry = deadlines.schedule(() -> expire(caller), limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            expire(caller);
            return false;
        }
    }

    private void startGreeting(Greeting caller) {
        Thread.ofVirtual().name("peer-greet " + caller.address).start(() -> greet(caller));
    }

    /** The deadline passed (or the node closed): the caller is closed, and taken out of line if it waited. */
    private void expire(Greeting caller) {
        if (caller.settled.compareAndSet(false, true)) {
            closeQuietly(caller.raw);
            if (unverified.withdraw(caller.address, caller)) {
                release(caller.address);
            }
            // One being greeted fails on its closed socket, and its thread cleans up.
        }
    }

    /** A caller between accept and its HELLO; whoever settles it first (HELLO read, or the deadline) wins. */
    private static final class Greeting {
        final Socket raw;
        final String address;
        final AtomicBoolean settled = new AtomicBoolean();
        volatile ScheduledFuture<?> expiry;

        Greeting(Socket raw, String address) {
            this.raw = raw;
            this.address = address;
        }

        /** True if the caller did its part in time; the deadline can no longer close the socket. */
        boolean finish() {
            ScheduledFuture<?> e = expiry;
            if (e != null) {
                e.cancel(false);
            }
            return settled.compareAndSet(false, true);
        }
    }

    private void greet(Greeting caller) {
        Socket raw = caller.raw;
        String address = caller.address;
        SSLSocket socket = null;
        boolean adopted = false;
        try {
            socket = tls.accept(raw, GREETING_DEADLINE);
            socket.setSoTimeout((int) GREETING_DEADLINE.toMillis());
            Frame hello = new FrameReader(socket.getInputStream(), Limits.MAX_FRAME_BYTES).read();
            if (!caller.finish()) {
                return; // the deadline came first and closed the socket; whatever was read is not used
            }
            FrameWriter writer = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
            String id = hello == null ? null : hello.id().orElse(null);
            String problem;
            String claimed = null;
            if (hello == null) {
                problem = "closed before saying HELLO";
            } else if (!HELLO.equals(hello.type()) || hello.id().isEmpty()) {
                problem = "the first frame must be a HELLO request";
            } else {
                try {
                    PeerRequest.Hello greeting = (PeerRequest.Hello) PeerRequest.CATALOG.read(hello);
                    claimed = greeting.username();
                    problem = helloProblem(greeting);
                } catch (InvalidFieldException e) {
                    problem = e.getMessage();
                }
            }
            String peer = null;
            if (problem == null) {
                try {
                    peer = verify(claimed, socket);
                } catch (ClientException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                if (hello != null) {
                    writer.write(Frame.answer(id, Status.FORBIDDEN, problem));
                }
                observer.refusedLink(claimed == null ? null : PeerLink.printable(claimed), address, problem);
                return;
            }
            writer.write(Frame.answer(id, Status.OK, "hello " + peer, new PeerAnswer.HelloAnswer(ProtocolVersion.CURRENT, me)));
            adopt(socket, peer, address);
            adopted = true;
        } catch (ProtocolException e) {
            observer.refusedLink(null, address, "sent a bad first frame: " + e.getMessage());
        } catch (IOException e) {
            // TLS failures, garbage instead of TLS, silence: nothing a user needs to hear about.
            Diagnostics.trace("greeting a peer from " + address, e);
        } catch (RuntimeException e) {
            Diagnostics.trace("greeting a peer from " + address, e);
        } finally {
            if (!adopted) {
                caller.finish();
                closeQuietly(socket != null ? socket : raw);
                release(address);
            }
            Greeting next = unverified.finished(address);
            // Its time in line is over; its greeting gets the full deadline. One whose line limit
            // passed just now has a closed socket and finishes at once.
            if (next != null && scheduleExpiry(next, GREETING_DEADLINE)) {
                startGreeting(next);
            }
        }
    }

    /** What is wrong with a HELLO that reads, or null. */
    private String helloProblem(PeerRequest.Hello hello) {
        String incompatible = ProtocolVersion.incompatibility(hello.version());
        if (incompatible != null) {
            return incompatible;
        }
        String claimed = hello.username();
        Optional<String> bad = Credentials.usernameProblem(claimed);
        if (bad.isPresent()) {
            return bad.get();
        }
        if (Names.key(claimed).equals(Names.key(me))) {
            return "a peer claimed to be you";
        }
        return null;
    }

    /** Checks that the caller is who it claims: logged in now, holding that user's key. Returns the registered name. */
    private String verify(String claimed, SSLSocket socket) throws ClientException {
        UserPresence user = directory.lookup(claimed)
                .orElseThrow(() -> new ClientException("there is no user named " + claimed));
        if (!user.online()) {
            throw new ClientException(user.username() + " is not logged in at the registry");
        }
        try {
            identityCheck.verify(user.username(), PeerTls.peerKey(socket), user.identityKey());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new ClientException("presented no identity certificate");
        }
        return user.username();
    }

    /** How many callers are still proving who they are (for tests: a flood must not pile them up). */
    int unverifiedCallers() {
        return unverified.count();
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            Diagnostics.trace("closing a peer socket", e);
        }
    }

    /** Keeps the set of open links and the per-address counts true, then tells the real handler. */
    private final class Tracked implements PeerLink.Handler {
        private final String incomingFrom;

        Tracked(String incomingFrom) {
            this.incomingFrom = incomingFrom;
        }

        @Override
        public void request(PeerLink link, Frame request) {
            handler.request(link, request);
        }

        @Override
        public void chatClosed(PeerLink link, PeerEvent.ChatClose close) {
            handler.chatClosed(link, close);
        }

        @Override
        public void closed(PeerLink link, String reason) {
            if (links.remove(link) && incomingFrom != null) {
                release(incomingFrom);
            }
            handler.closed(link, reason);
        }
    }
}
