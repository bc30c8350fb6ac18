package dev.parley.registry.gateway;

import dev.parley.protocol.Status;
import dev.parley.protocol.TlsPolicy;
import dev.parley.registry.config.RegistrySettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The TLS accept loop: one virtual thread per link and caps on links per address and in all. Knows
 * nothing of what the frames mean, nor when a link has taken too long ({@link LinkDeadlines}).
 */
final class LinkListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LinkListener.class.getName());
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLServerSocket server;
    private final RegistrySettings settings;
    private final LinkHandler handler;
    private final OnlineLinks online;
    private final ClassLoader deploymentLoader;
    private final Set<TlsLink> links = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private LinkListener(SSLServerSocket server, RegistrySettings settings, LinkHandler handler, OnlineLinks online) {
        this.server = server;
        this.settings = settings;
        this.handler = handler;
        this.online = online;
        // A link's thread answers requests: it calls the services and builds JSON, which need the
        // deployment's class loader. Virtual threads cannot come from the container's thread factory.
        this.deploymentLoader = Thread.currentThread().getContextClassLoader();
        this.acceptor = Thread.ofPlatform().name("parley-link-acceptor").daemon().start(this::acceptLoop);
    }

    static LinkListener open(RegistryTls tls, RegistrySettings settings, LinkHandler handler, OnlineLinks online)
            throws IOException {
        refuseClientRenegotiation();
        SSLServerSocket server = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.setEnabledProtocols(PROTOCOLS);
        server.setEnabledCipherSuites(TlsPolicy.cipherSuites(server.getSupportedCipherSuites()));
        server.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.registryPort()), 1024);
        return new LinkListener(server, settings, handler, online);
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * A TLS 1.2 client may ask for a new handshake on an open link as often as it likes, each one
     * costing the registry key agreement and signing. The JDK has no per-socket switch against it,
     * only this system property, read once, when the JVM's first server handshake starts.
     * registry-settings.cli sets it for the whole server; it is set here as well for a server
     * configured otherwise, which works as long as no server handshake has happened before. A
     * property set to false on purpose is left alone, with a warning.
     */
    static void refuseClientRenegotiation() {
        String property = "jdk.tls.rejectClientInitiatedRenegotiation";
        String value = System.getProperty(property);
        if (value == null) {
            System.setProperty(property, "true");
        } else if (!Boolean.parseBoolean(value)) {
            LOG.warning(() -> property + " is " + value + ": TLS 1.2 clients may renegotiate as often as they like");
        }
    }

    int openLinks() {
        return links.size();
    }

    private void acceptLoop() {
        while (!closed) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) server.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, "the registry listener failed; no new links are accepted", e);
                }
                return;
            } catch (IOException e) {
                LOG.warning(() -> "accepting a link failed: " + e.getMessage());
                pause(); // e.g. out of file descriptors: retrying at once would only spin
                continue;
            }
            admit(socket);
        }
    }

    private void admit(SSLSocket socket) {
        String address = socket.getInetAddress().getHostAddress();
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        TlsLink link = new TlsLink(socket, handler, online, this, settings);
        String refusal = null;
        if (count.incrementAndGet() > settings.maxLinksPerAddress()) {
            refusal = "too many links from " + address + " (at most " + settings.maxLinksPerAddress() + ")";
        } else if (links.size() >= settings.maxLinks()) {
            refusal = "the registry is full (" + settings.maxLinks() + " links); try again later";
        }
        links.add(link);
        try {
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            LOG.fine(() -> "TCP_NODELAY not set for " + address + ": " + e.getMessage());
        }
        String why = refusal;
        Thread.ofVirtual().name("parley-link-" + address).start(() -> {
            Thread.currentThread().setContextClassLoader(deploymentLoader);
            if (why != null) {
                LOG.info(() -> "refusing a link: " + why);
                link.refuse(why);
            }
            link.run();
        });
    }

    /** A wait on the acceptor's own thread, not a timer: it has nothing else to do until it may accept again. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by a link when it is gone. */
    void closed(TlsLink link) {
        if (links.remove(link)) {
            AtomicInteger count = perAddress.get(link.address());
            if (count != null && count.decrementAndGet() <= 0) {
                perAddress.remove(link.address(), count);
            }
        }
    }

    /** Asks each link's deadlines; the watchdog's round ({@link Gateway#checkDeadlines()}). */
    void checkDeadlines() {
        long now = System.nanoTime();
        for (TlsLink link : links) {
            try {
                link.link().deadlines().check(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "watchdog check of " + link.link().describe() + " failed", e);
            }
        }
    }

    /** Stops accepting, says BYE to every link, gives them a moment to drain, then closes what is left. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing the listener: " + e.getMessage());
        }
        try {
            acceptor.join(1000); // no link may be admitted after the BYEs go out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TlsLink link : links) {
            link.link().bye(Status.UNAVAILABLE, "the registry is shutting down");
        }
        // Undeploy waits here on purpose, at most 3 s, so the BYEs reach the clients before the
        // sockets go; nothing is scheduled, the caller is the one stopping.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!links.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (TlsLink link : links) {
            link.link().abort("shutdown");
        }
    }
}
