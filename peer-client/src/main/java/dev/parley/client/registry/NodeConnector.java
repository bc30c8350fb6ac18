package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.client.ParleyVersion;
import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.protocol.TlsPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import jdk.net.ExtendedSocketOptions;

/**
 * Opens a link to one address of the registry: TCP connect, TLS 1.3/1.2 with the certificate
 * pinned in {@code known_registries} (the address's own pin, else the one of another address of
 * the same registry: see {@link KnownRegistries}), then the HELLO handshake.
 *
 * <p>What goes wrong with the node itself (no answer, no TLS, a refused or failed HELLO) is a
 * {@link Failure}: the error a person reads, and a few words for a list of nodes, so that the
 * {@link RegistryConnector} can try the next address. A certificate that does not match its pin,
 * or a pin file that cannot be used, is thrown as it is: no other node would cure that.
 */
final class NodeConnector {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final RegistryAddresses registry;
    private final KnownRegistries knownRegistries;
    private final SessionObserver observer;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    NodeConnector(RegistryAddresses registry, KnownRegistries knownRegistries, SessionObserver observer,
            Duration connectTimeout, Duration requestTimeout) {
        this.registry = registry;
        this.knownRegistries = knownRegistries;
        this.observer = observer;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** The node failed; {@code error} says so in full, {@code brief} in a few words without the address. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final RegistryException error;
        private final String brief;

        Failure(RegistryException error, String brief) {
            super(error.getMessage(), error, false, false);
            this.error = error;
            this.brief = brief;
        }

        RegistryException error() {
            return error;
        }

        String brief() {
            return brief;
        }
    }

    /** A link to {@code node} that has said HELLO and is ready for requests. */
    RegistryLink connect(RegistryAddress node, LinkObserver linkObserver) throws Failure, RegistryException {
        Optional<RegistryPin> pin = readPin(node);
        PinningTrustManager trust = new PinningTrustManager(pin.map(RegistryPin::fingerprint));
        Socket tcp = openTcp(node);
        SSLSocket tls;
        try {
            tls = handshake(tcp, node, trust);
        } catch (SSLException e) {
            closeQuietly(tcp);
            if (trust.mismatch()) {
                throw new CertificateChangedException(node, pin.orElseThrow(), trust.presented(),
                        knownRegistries.file());
            }
            throw new Failure(new RegistryUnreachableException("cannot set up TLS with the registry at " + node + ": "
                    + Diagnostics.reason(e) + " — is that a Parley registry? (--registry host:port)", e),
                    "no TLS (" + Diagnostics.reason(e) + ")");
        } catch (IOException e) {
            closeQuietly(tcp);
            throw new Failure(new RegistryUnreachableException("lost the registry at " + node
                    + " during the TLS handshake: " + Diagnostics.reason(e), e), "lost during the TLS handshake");
        }
        if (pin.isEmpty()) {
            recordPin(tls, node, trust.presented());
            observer.pinned(node, trust.presented());
        } else if (pin.get().inheritedBy(node)) {
            // Nothing for the user to check: it is the certificate already trusted for this registry.
            recordPin(tls, node, trust.presented());
            Diagnostics.note("pinned " + node + " with the certificate of " + pin.get().pinnedFor());
        }
        RegistryLink link;
        try {
            tls.setSoTimeout(0); // the reader waits for events as long as the link lives
            link = new RegistryLink(tls, node, linkObserver);
        } catch (IOException e) {
            closeQuietly(tls);
            throw new Failure(new RegistryUnreachableException("lost the registry at " + node + ": "
                    + Diagnostics.reason(e), e), "lost at once");
        }
        link.start();
        hello(link, node);
        return link;
    }

    private Optional<RegistryPin> readPin(RegistryAddress node) throws RegistryException {
        try {
            return knownRegistries.pinFor(node, registry);
        } catch (IOException e) {
            throw new RegistryException("cannot read the pinned registry certificates in " + knownRegistries.file()
                    + ": " + Diagnostics.reason(e), e);
        }
    }

    private void recordPin(SSLSocket tls, RegistryAddress node, String fingerprint) throws RegistryException {
        try {
            knownRegistries.pin(node, fingerprint);
        } catch (IOException e) {
            closeQuietly(tls);
            throw new RegistryException("cannot record the registry's certificate in " + knownRegistries.file()
                    + ": " + Diagnostics.reason(e), e);
        }
    }

    /** Seconds of silence on a link before the system starts probing the other end. */
    static final int PROBE_AFTER_SECONDS = 10;
    static final int PROBE_EVERY_SECONDS = 3;
    static final int PROBES = 3;

    /**
     * TCP keepalives, soon enough to notice a registry node whose machine vanished (power, network)
     * without closing the link, within 19 s: well inside the 30 s a session waits to be resumed on
     * another node. The system's default would wait two hours. A dead process needs none of this:
     * its system resets the link at once.
     */
    static void probeWhenSilent(Socket tcp) throws IOException {
        tcp.setKeepAlive(true);
        if (tcp.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            tcp.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, PROBE_AFTER_SECONDS);
            tcp.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, PROBE_EVERY_SECONDS);
            tcp.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        }
    }

    private Socket openTcp(RegistryAddress node) throws Failure {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(node.host(), node.port()), (int) connectTimeout.toMillis());
            probeWhenSilent(tcp);
            tcp.setTcpNoDelay(true);
            return tcp;
        } catch (IOException e) {
            closeQuietly(tcp);
            throw new Failure(new RegistryUnreachableException("cannot reach the registry at " + node + ": "
                    + why(e, node), e), brief(e));
        }
    }

    private String why(IOException e, RegistryAddress node) {
        String hint = " — is it running? (--registry host:port)";
        if (e instanceof UnknownHostException) {
            return "unknown host " + node.host() + " — check the name (--registry host:port)";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host — check the network and the address (--registry host:port)";
        }
        return brief(e) + hint;
    }

    private String brief(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + connectTimeout.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return Diagnostics.reason(e);
    }

    private SSLSocket handshake(Socket tcp, RegistryAddress node, PinningTrustManager trust) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides TLS", e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, node.host(), node.port(), true);
        tls.setUseClientMode(true);
        List<String> supported = Arrays.asList(tls.getSupportedProtocols());
        tls.setEnabledProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        TlsPolicy.apply(tls);
        tls.setSoTimeout((int) requestTimeout.toMillis());
        tls.startHandshake();
        return tls;
    }

    private void hello(RegistryLink link, RegistryAddress node) throws Failure {
        Frame answer;
        try {
            answer = link.call(new RegistryRequest.Hello(ProtocolVersion.CURRENT, ParleyVersion.agent()), requestTimeout);
        } catch (RegistryException e) {
            link.close();
            throw new Failure(e, "no HELLO (" + e.getMessage() + ")");
        }
        if (!answer.status().isSuccess()) {
            link.close();
            throw new Failure(new RegistryRefusedException(answer.status(), "the registry at " + node
                    + " refused the handshake: " + answer.message(), 0), "refused the handshake: " + answer.message());
        }
        String problem;
        try {
            RegistryAnswer.HelloAnswer hello = answer.as(RegistryAnswer.HelloAnswer.class);
            problem = ProtocolVersion.incompatibility(hello.version());
            link.loginChallenge(hello.loginChallenge());
        } catch (InvalidFieldException e) {
            link.close();
            throw new Failure(new RegistryException("the registry at " + node + " answered HELLO unusably: "
                    + e.getMessage() + " — use a parley of the registry's version"), "an unusable HELLO answer");
        }
        if (problem != null) {
            link.close();
            throw new Failure(new RegistryException("the registry at " + node + " speaks another protocol: " + problem
                    + " — use a parley of the registry's version"), "another protocol (" + problem + ")");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            Diagnostics.trace("closing a registry socket", e);
        }
    }
}
