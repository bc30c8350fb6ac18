package dev.parley.client.registry;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one registry certificate for one connection: the pinned one, or on first use
 * whichever is presented (the caller records it once the handshake has proved the registry holds
 * its key). Pinning replaces CA chains and host name checks, which a self-signed registry cannot
 * pass. Extending {@link X509ExtendedTrustManager} keeps JSSE from wrapping it with those checks.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
    private final Optional<String> pinned;
    private volatile String presented;
    private volatile boolean mismatch;

    PinningTrustManager(Optional<String> pinned) {
        this.pinned = pinned;
    }

    /** The fingerprint of the certificate the registry presented, or null before the handshake got that far. */
    String presented() {
        return presented;
    }

    /** True when the registry presented a certificate other than the pinned one. */
    boolean mismatch() {
        return mismatch;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the registry presented no certificate");
        }
        String fingerprint = KnownRegistries.fingerprint(chain[0]);
        presented = fingerprint;
        // Validity dates are not checked: like an SSH host key, a pinned key is trusted until the user says otherwise.
        if (pinned.isPresent() && !pinned.get().equalsIgnoreCase(fingerprint)) {
            mismatch = true;
            throw new CertificateException("the registry's certificate does not match the pinned one");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the registry link does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
