package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.KeepaliveAnswer;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import dev.parley.protocol.registry.RegistryEvent.KeepaliveMissing;
import dev.parley.protocol.registry.RegistryRequest.KeepaliveOverLink;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client whose UDP keepalives never arrive (a firewall drops them) is told so while its link is
 * open, keeps its session with KEEPALIVE requests over the link, hears when UDP arrives again, and
 * without either expires with a BYE that says why. The test server's interval is 1 s.
 */
@ExtendWith(ArquillianExtension.class)
class KeepaliveFallbackIT {
    private static final String PASSWORD = RegistryFlowIT.PASSWORD;

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    /** A logged-in link whose client sends no UDP keepalive; returns the LOGIN answer in {@code login[0]}. */
    private static TestLink withoutUdp(String user, Frame[] login) throws Exception {
        TestLink link = TestLink.open();
        link.hello();
        ok(link.register(user, PASSWORD), Status.CREATED);
        login[0] = ok(link.loginWithoutUdp(user, PASSWORD, 40000), Status.OK);
        return link;
    }

    private static boolean online(TestLink asker, String user) throws Exception {
        return ok(asker.request(new SearchUser(user)), Status.OK)
                .as(SearchUserAnswer.class).online();
    }

    @Test
    void aClientWithoutUdpIsToldAndKeepsItsSessionOverTheLink() throws Exception {
        String dana = TestLink.uniqueName("dana");
        Frame[] login = new Frame[1];
        try (TestLink watcher = RegistryFlowIT.loggedIn(TestLink.uniqueName("erin")); TestLink d = withoutUdp(dana, login)) {
            int interval = (int) login[0].as(LoginAnswer.class).keepaliveIntervalSeconds();

            KeepaliveMissing missing = d.awaitEvent(KeepaliveMissing.class, e -> true, 4000 * interval);

            assertEquals(TestLink.UDP_PORT, missing.udpPort());
            assertTrue(missing.silentSeconds() >= 2 * interval, missing.toString());
            long start = System.nanoTime();
            while (System.nanoTime() - start < 5_000_000_000L * interval) { // five intervals, more than the three that expire a session
                Frame kept = ok(d.request(new KeepaliveOverLink()), Status.OK);
                assertEquals("session kept alive; UDP keepalives are not arriving", kept.message());
                assertFalse(kept.as(KeepaliveAnswer.class).udpKeepalivesArriving());
                Thread.sleep(400L * interval);
            }
            assertTrue(online(watcher, dana), dana + " stays online on TLS keepalives alone");
            assertEquals(Status.OK, d.request(new Whoami()).status());
            assertTrue(d.pollEvent(KeepaliveMissing.class, e -> true, 0).isEmpty(), "told once, not every sweep");
            assertTrue(watcher.pollEvent(KeepaliveMissing.class, e -> true, 0).isEmpty(),
                    "a client whose UDP keepalives arrive is never told");
        }
    }

    @Test
    void whenUdpArrivesAgainTheKeepaliveAnswerSaysSo() throws Exception {
        Frame[] login = new Frame[1];
        try (TestLink d = withoutUdp(TestLink.uniqueName("dana"), login)) {
            d.awaitEvent(KeepaliveMissing.class, e -> true, 5000);
            ok(d.request(new KeepaliveOverLink()), Status.OK);

            d.startKeepalives(login[0]);

            long start = System.nanoTime();
            Frame kept;
            do {
                assertTrue(System.nanoTime() - start < 3_000_000_000L, "UDP keepalives never reported arriving");
                Thread.sleep(200);
                kept = ok(d.request(new KeepaliveOverLink()), Status.OK);
            } while (!kept.as(KeepaliveAnswer.class).udpKeepalivesArriving());
            assertEquals("session kept alive; UDP keepalives arrive again", kept.message());
        }
    }

    @Test
    void withoutKeepalivesOverTheLinkTheSessionExpiresWithTheReasonAndPort() throws Exception {
        String dana = TestLink.uniqueName("dana");
        Frame[] login = new Frame[1];
        try (TestLink watcher = RegistryFlowIT.loggedIn(TestLink.uniqueName("erin")); TestLink d = withoutUdp(dana, login)) {
            d.awaitEvent(KeepaliveMissing.class, e -> true, 5000);

            Frame bye = d.awaitClose(5000);

            assertNotNull(bye, "the client is told why");
            assertEquals(Status.UNAUTHORIZED, bye.status());
            assertTrue(bye.message().startsWith("session expired: no keepalive for "), bye.message());
            assertEquals(Bye.KEEPALIVE_TIMEOUT, bye.as(Bye.class).reason());
            assertEquals(TestLink.UDP_PORT, bye.as(Bye.class).udpPort());
            assertFalse(online(watcher, dana));
        }
    }

    @Test
    void keepaliveNeedsASession() throws Exception {
        try (TestLink anonymous = TestLink.open()) {
            anonymous.hello();
            Frame refused = anonymous.request(new KeepaliveOverLink());
            assertEquals(Status.UNAUTHORIZED, refused.status());
            assertEquals("log in first", refused.message());
        }
    }
}
