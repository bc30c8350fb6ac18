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

/**
 * Opens registry links: TCP connect, TLS 1.3/1.2 with the certificate pinned in
 * {@code known_registries}, then the HELLO handshake. Every failure becomes one sentence that
 * names the registry and what to do.
 */
public final class RegistryConnector {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final RegistryAddress registry;
    private final KnownRegistries knownRegistries;
    private final SessionObserver observer;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public RegistryConnector(RegistryAddress registry, KnownRegistries knownRegistries, SessionObserver observer,
            Duration connectTimeout, Duration requestTimeout) {
        this.registry = registry;
        this.knownRegistries = knownRegistries;
        this.observer = observer;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    public RegistryAddress registry() {
        return registry;
    }

    /** A link that has said HELLO and is ready for requests. */
    public RegistryLink connect(LinkObserver linkObserver) throws RegistryException {
        Optional<String> pinned = readPin();
        PinningTrustManager trust = new PinningTrustManager(pinned);
        Socket tcp = openTcp();
        SSLSocket tls;
        try {
            tls = handshake(tcp, trust);
        } catch (SSLException e) {
            closeQuietly(tcp);
            if (trust.mismatch()) {
                throw new CertificateChangedException(registry, pinned.orElseThrow(), trust.presented(),
                        knownRegistries.file());
            }
            throw new RegistryUnreachableException("cannot set up TLS with the registry at " + registry + ": "
                    + Diagnostics.reason(e) + " — is that a Parley registry? (--registry host:port)", e);
        } catch (IOException e) {
            closeQuietly(tcp);
            throw new RegistryUnreachableException("lost the registry at " + registry + " during the TLS handshake: "
                    + Diagnostics.reason(e), e);
        }
        if (pinned.isEmpty()) {
            recordPin(tls, trust.presented());
        }
        RegistryLink link;
        try {
            tls.setSoTimeout(0); // the reader waits for events as long as the link lives
            link = new RegistryLink(tls, registry, linkObserver);
        } catch (IOException e) {
            closeQuietly(tls);
            throw new RegistryUnreachableException("lost the registry at " + registry + ": " + Diagnostics.reason(e), e);
        }
        link.start();
        hello(link);
        return link;
    }

    private Optional<String> readPin() throws RegistryException {
        try {
            return knownRegistries.pinnedFingerprint(registry);
        } catch (IOException e) {
            throw new RegistryException("cannot read the pinned registry certificates in " + knownRegistries.file()
                    + ": " + Diagnostics.reason(e), e);
        }
    }

    private void recordPin(SSLSocket tls, String fingerprint) throws RegistryException {
        try {
            knownRegistries.pin(registry, fingerprint);
        } catch (IOException e) {
            closeQuietly(tls);
            throw new RegistryException("cannot record the registry's certificate in " + knownRegistries.file()
                    + ": " + Diagnostics.reason(e), e);
        }
        observer.pinned(registry, fingerprint);
    }

    private Socket openTcp() throws RegistryUnreachableException {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(registry.host(), registry.port()), (int) connectTimeout.toMillis());
            tcp.setKeepAlive(true);
            tcp.setTcpNoDelay(true);
            return tcp;
        } catch (IOException e) {
            closeQuietly(tcp);
            throw new RegistryUnreachableException("cannot reach the registry at " + registry + ": " + why(e), e);
        }
    }

    private String why(IOException e) {
        String hint = " — is it running? (--registry host:port)";
        if (e instanceof UnknownHostException) {
            return "unknown host " + registry.host() + " — check the name (--registry host:port)";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + connectTimeout.toSeconds() + " s" + hint;
        }
        if (e instanceof ConnectException) {
            return "connection refused" + hint;
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host — check the network and the address (--registry host:port)";
        }
        return Diagnostics.reason(e) + hint;
    }

    private SSLSocket handshake(Socket tcp, PinningTrustManager trust) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides TLS", e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, registry.host(), registry.port(), true);
        tls.setUseClientMode(true);
        List<String> supported = Arrays.asList(tls.getSupportedProtocols());
        tls.setEnabledProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        TlsPolicy.apply(tls);
        tls.setSoTimeout((int) requestTimeout.toMillis());
        tls.startHandshake();
        return tls;
    }

    private void hello(RegistryLink link) throws RegistryException {
        Frame answer;
        try {
            answer = link.call(new RegistryRequest.Hello(ProtocolVersion.CURRENT, ParleyVersion.agent()), requestTimeout);
        } catch (RegistryException e) {
            link.close();
            throw e;
        }
        if (!answer.status().isSuccess()) {
            link.close();
            throw new RegistryRefusedException(answer.status(), "the registry at " + registry
                    + " refused the handshake: " + answer.message(), 0);
        }
        String problem;
        try {
            problem = ProtocolVersion.incompatibility(answer.as(RegistryAnswer.HelloAnswer.class).version());
        } catch (InvalidFieldException e) {
            link.close();
            throw new RegistryException("the registry at " + registry + " answered HELLO unusably: " + e.getMessage()
                    + " — use a parley of the registry's version");
        }
        if (problem != null) {
            link.close();
            throw new RegistryException("the registry at " + registry + " speaks another protocol: " + problem
                    + " — use a parley of the registry's version");
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
