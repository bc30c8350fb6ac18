package dev.parley.client.peer;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Mutual TLS 1.3 for peer links. Each side presents its identity certificate; at the TLS layer any
 * single certificate is accepted, because trust is decided afterwards by comparing the key the
 * other side proved it holds with the registry's record and the local pin ({@code IdentityCheck}),
 * which a CA chain or host name could not express.
 */
public final class PeerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private final SSLContext context;

    public PeerTls(Identity identity) {
        try {
            char[] secret = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("identity", identity.privateKey(), secret, new Certificate[] {identity.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, secret);
            context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), new X509ExtendedTrustManager[] {new AnyOneCertificate()}, new SecureRandom());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with the identity key: " + e.getMessage(), e);
        }
    }

    /** Connects to a peer and completes the handshake within {@code timeout}. */
    public SSLSocket connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket raw = new Socket();
        try {
            raw.connect(address, (int) timeout.toMillis());
            return handshake(raw, true, timeout);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Wraps a socket a peer opened to us and completes the handshake (with its certificate) within {@code timeout}. */
    public SSLSocket accept(Socket raw, Duration timeout) throws IOException {
        return handshake(raw, false, timeout);
    }

    private SSLSocket handshake(Socket raw, boolean client, Duration timeout) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, null, raw.getPort(), true);
        try {
            tls.setEnabledProtocols(PROTOCOLS);
            TlsPolicy.apply(tls);
            tls.setUseClientMode(client);
            if (!client) {
                tls.setNeedClientAuth(true);
            }
            tls.setTcpNoDelay(true);
            tls.setSoTimeout((int) timeout.toMillis());
            tls.startHandshake();
            tls.setSoTimeout(0);
            return tls;
        } catch (IOException | RuntimeException e) {
            tls.close();
            throw e;
        }
    }

    /** The key the other side proved it holds in the handshake. */
    public static PublicKey peerKey(SSLSocket socket) throws SSLPeerUnverifiedException {
        Certificate[] chain = socket.getSession().getPeerCertificates();
        return chain[0].getPublicKey();
    }

    /** Accepts exactly one certificate: the identity is checked after the handshake, against the registry and pins. */
    private static final class AnyOneCertificate extends X509ExtendedTrustManager {
        private static void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length != 1) {
                throw new CertificateException("a peer presents exactly one identity certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
