package dev.parley.registry.gateway;

import dev.parley.protocol.TlsPolicy;
import dev.parley.registry.config.RegistrySettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The TLS accept loop: one virtual thread per link, counted against the caps of {@link OpenLinks}.
 * Knows nothing of what the frames mean, nor when a link has taken too long ({@link LinkDeadlines}).
 */
final class LinkListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LinkListener.class.getName());
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ServerSocketChannel server;
    private final SSLContext tls;
    private final SSLParameters parameters;
    private final RegistrySettings settings;
    private final LinkHandler handler;
    private final OnlineLinks online;
    private final OpenLinks open;
    private final ClassLoader deploymentLoader;
    private final Thread acceptor;
    private volatile boolean closed;

    private LinkListener(ServerSocketChannel server, SSLContext tls, SSLParameters parameters, RegistrySettings settings,
            LinkHandler handler, OnlineLinks online, OpenLinks open) {
        this.server = server;
        this.tls = tls;
        this.parameters = parameters;
        this.settings = settings;
        this.handler = handler;
        this.online = online;
        this.open = open;
        // A link's thread answers requests: it calls the services and builds JSON, which need the
        // deployment's class loader. Virtual threads cannot come from the container's thread factory.
        this.deploymentLoader = Thread.currentThread().getContextClassLoader();
        this.acceptor = Thread.ofPlatform().name("parley-link-acceptor").daemon().start(this::acceptLoop);
    }

    static LinkListener open(RegistryTls tls, RegistrySettings settings, LinkHandler handler, OnlineLinks online,
            OpenLinks open) throws IOException {
        refuseClientRenegotiation();
        SSLParameters parameters = linkParameters(tls.context());
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.registryPort()), 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new LinkListener(server, tls.context(), parameters, settings, handler, online, open);
    }

    /** Protocols and cipher suites of every link: worked out once, so a JDK without them fails the start, not a link. */
    static SSLParameters linkParameters(SSLContext tls) {
        SSLParameters p = tls.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setCipherSuites(TlsPolicy.cipherSuites(tls.getSupportedSSLParameters().getCipherSuites()));
        p.setNeedClientAuth(false);
        return p;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** Whether new links are taken: not closed, and the acceptor has not given up (see {@link #acceptLoop}). */
    boolean accepting() {
        return !closed && acceptor.isAlive();
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

    private void acceptLoop() {
        while (!closed) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (ClosedChannelException e) {
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

    private void admit(SocketChannel socket) {
        TlsChannel channel;
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SSLEngine engine = tls.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setSSLParameters(parameters);
            channel = new TlsChannel(socket, engine);
        } catch (IOException | RuntimeException e) {
            // The client went already (its socket options cannot be set), or the JDK would not make an engine.
            LOG.fine(() -> "a link not taken: " + e);
            try {
                socket.close();
            } catch (IOException ignored) {
                // it is gone either way
            }
            return;
        }
        String address = channel.address();
        TlsLink link = new TlsLink(channel, handler, online, open, settings);
        String refusal = open.admit(link.link());
        // Nothing inherited: the reader lives as long as the link, and its requests run on threads of their own.
        Thread.ofVirtual().name("parley-link-" + address).inheritInheritableThreadLocals(false).start(() -> {
            Thread.currentThread().setContextClassLoader(deploymentLoader);
            if (refusal != null) {
                LOG.info(() -> "refusing a link: " + refusal);
                link.refuse(refusal);
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

    /** Stops accepting; the links already open are {@link OpenLinks#closeAll()}'s to close. */
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
    }
}
