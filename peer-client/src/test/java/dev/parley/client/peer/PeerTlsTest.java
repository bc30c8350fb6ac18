package dev.parley.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.TlsPolicy;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Peer links use the same cipher suite policy as the registry: authenticated encryption only. */
class PeerTlsTest {

    @Test
    void bothEndsOfAPeerLinkEnableOnlyTheAllowedSuites() throws Exception {
        PeerTls callee = new PeerTls(Identity.create("callee"));
        PeerTls caller = new PeerTls(Identity.create("caller"));
        TlsPair pair = TlsPair.connect(caller, callee);
        try (SSLSocket out = pair.caller(); SSLSocket in = pair.callee()) {
            for (SSLSocket end : List.of(out, in)) {
                List<String> enabled = Arrays.asList(end.getEnabledCipherSuites());
                assertTrue(TlsPolicy.CIPHER_SUITES.containsAll(enabled), "not allowed: " + enabled);
                assertTrue(TlsPolicy.CIPHER_SUITES.contains(end.getSession().getCipherSuite()));
                assertEquals("TLSv1.3", end.getSession().getProtocol());
            }
        }
    }
}
