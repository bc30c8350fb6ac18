package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The suites Parley's TLS links offer: authenticated encryption only, and what this Java has of them. */
class TlsPolicyTest {

    @Test
    void everyAllowedSuiteIsAeadWithForwardSecrecy() {
        for (String suite : TlsPolicy.CIPHER_SUITES) {
            assertTrue(suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"), suite);
            assertTrue(!suite.contains("_WITH_") || suite.startsWith("TLS_ECDHE_"), suite); // TLS 1.2: ECDHE only
        }
    }

    @Test
    void thisJavaHasThemAllAndNoCbcSuiteIsLeft() throws Exception {
        String[] supported = SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites();

        String[] enabled = TlsPolicy.cipherSuites(supported);

        assertArrayEquals(TlsPolicy.CIPHER_SUITES.toArray(String[]::new), enabled);
    }

    @Test
    void aJavaWithNoneOfThemIsToldSo() {
        assertThrows(IllegalStateException.class,
                () -> TlsPolicy.cipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"}));
    }
}
