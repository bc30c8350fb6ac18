package dev.parley.protocol;

import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * The cipher suites every Parley TLS link offers (registry links and peer links, both ends):
 * authenticated encryption only. TLS 1.3 has nothing else; for TLS 1.2 that leaves ECDHE (forward
 * secrecy) with AES-GCM or ChaCha20-Poly1305, and drops the CBC suites with their padding-oracle
 * history and the suites without forward secrecy that the JDK still enables by default.
 */
public final class TlsPolicy {
    /** In order of preference; ECDSA first (the registry's own key is EC), RSA for an operator's RSA key store. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** Those of {@link #CIPHER_SUITES} this Java supports, in that order: what to enable on a socket. */
    public static String[] cipherSuites(String[] supported) {
        List<String> available = Arrays.asList(supported);
        String[] suites = CIPHER_SUITES.stream().filter(available::contains).toArray(String[]::new);
        if (suites.length == 0) {
            throw new IllegalStateException("this Java supports none of the TLS cipher suites Parley allows: " + CIPHER_SUITES);
        }
        return suites;
    }

    /** Enables only {@link #CIPHER_SUITES} on a socket, before its handshake. */
    public static void apply(SSLSocket socket) {
        socket.setEnabledCipherSuites(cipherSuites(socket.getSupportedCipherSuites()));
    }
}
