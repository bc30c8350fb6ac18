package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import dev.parley.protocol.TlsPolicy;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry's TLS: authenticated encryption only, and no handshake again on an open TLS 1.2 link. */
@ExtendWith(ArquillianExtension.class)
class RegistryTlsIT {
    private static final String[] CBC_SUITES = {
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"};

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    /** A TLS 1.2 client socket to the registry, not yet handshaken; this test trusts any certificate. */
    private static SSLSocket tls12Client() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new AnyCertificate()}, new SecureRandom());
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress(TestLink.HOST, TestLink.PORT), 5000);
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        return socket;
    }

    @Test
    void aClientOfferingOnlyCbcSuitesCannotConnect() throws Exception {
        try (SSLSocket socket = tls12Client()) {
            socket.setEnabledCipherSuites(CBC_SUITES);

            assertThrows(SSLHandshakeException.class, socket::startHandshake);
        }
    }

    @Test
    void aTls12ClientGetsAnAeadSuite() throws Exception {
        try (SSLSocket socket = tls12Client()) {
            socket.startHandshake();

            String suite = socket.getSession().getCipherSuite();
            assertTrue(TlsPolicy.CIPHER_SUITES.contains(suite), suite);
            assertTrue(suite.startsWith("TLS_ECDHE_"), suite);
        }
    }

    @Test
    void aTls12ClientThatStartsAnotherHandshakeLosesTheLink() throws Exception {
        try (SSLSocket socket = tls12Client()) {
            socket.startHandshake();
            FrameWriter out = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
            FrameReader in = new FrameReader(socket.getInputStream(), Limits.MAX_ANSWER_BYTES);
            out.write(Frame.request("1", new Hello(ProtocolVersion.CURRENT, "renegotiation test")));
            assertEquals(Status.OK, in.read().status(), "the link works before");

            socket.startHandshake(); // a renegotiation: the JDK client sends a new ClientHello

            // Refused by the registry with a fatal alert; with renegotiation allowed, WHOAMI would be answered.
            IOException refused = assertThrows(IOException.class, () -> {
                out.write(Frame.request("2", new Whoami()));
                Frame answer = in.read();
                if (answer == null) {
                    throw new IOException("link closed");
                }
            });
            assertTrue(refused instanceof SSLHandshakeException || "link closed".equals(refused.getMessage()),
                    refused.toString());
        }
    }

    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // The certificate itself is not what these tests are about.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
