package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.ListOnlineAnswer;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.OnlineUser;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WhoamiAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.protocol.registry.RegistryRequest.ListOnline;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import dev.parley.registry.account.Account;
import dev.parley.registry.gateway.Gateway;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a user does against a real registry on WildFly and PostgreSQL: register, log in, search,
 * list, keep alive, go offline, come back. Everything goes over the real TLS and UDP listeners.
 */
@ExtendWith(ArquillianExtension.class)
class RegistryFlowIT {
    static final String PASSWORD = "correct horse battery";

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @EJB
    private Gateway gateway;
    @PersistenceContext(unitName = "parley")
    private EntityManager em;
    @Resource
    private UserTransaction tx;

    static TestLink loggedIn(String user) throws Exception {
        TestLink link = TestLink.open();
        link.hello();
        assertEquals(Status.CREATED, link.register(user, PASSWORD).status());
        Frame login = link.login(user, PASSWORD, 40000);
        assertEquals(Status.OK, login.status(), login.message());
        return link;
    }

    @Test
    void aUserWhoStopsKeepalivesGoesOfflineWithinThreeIntervalsAndCanLogInAgain() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = TestLink.open(); TestLink b = loggedIn(bob)) {
            assertEquals(Status.OK, a.hello().status());
            Frame registered = a.register(alice, PASSWORD);
            assertEquals(Status.CREATED, registered.status());
            assertEquals("account " + alice + " created", registered.message());
            Frame login = a.login(alice, PASSWORD, 40211);
            assertEquals(Status.OK, login.status());
            long interval = login.as(LoginAnswer.class).keepaliveIntervalSeconds();

            Frame found = b.request(new SearchUser(alice));
            assertEquals(alice + " is online", found.message());
            assertEquals(40211, found.as(SearchUserAnswer.class).peerPort());
            assertEquals(login.as(LoginAnswer.class).address(), found.as(SearchUserAnswer.class).address());
            assertTrue(onlineNames(b).contains(alice));

            // Keepalives hold the session well past three intervals...
            Thread.sleep(4500L * interval);
            assertTrue(onlineNames(b).contains(alice), "keepalives keep alice online");

            a.stopKeepalives();
            // ...and their absence ends it within three intervals (plus the once-a-second sweep).
            long stopped = System.nanoTime();
            while (onlineNames(b).contains(alice)) {
                assertTrue(System.nanoTime() - stopped < (3L * interval + 2) * 1_000_000_000L, "alice still online");
                Thread.sleep(200);
            }
            assertEquals(alice + " is offline",
                    b.request(new SearchUser(alice)).message());
            Frame bye = a.awaitClose(5000);
            assertNotNull(bye, "alice's client is told why its link closes");
            assertEquals(Status.UNAUTHORIZED, bye.status());
            assertTrue(bye.message().startsWith("session expired: no keepalive"), bye.message());
        }
        try (TestLink again = TestLink.open()) {
            again.hello();
            assertEquals(Status.OK, again.login(alice, PASSWORD, 40212).status());
        }
    }

    @Test
    void searchTellsOnlineOfflineAndUnknownApart() throws Exception {
        String carol = TestLink.uniqueName("carol");
        String dave = TestLink.uniqueName("dave");
        try (TestLink c = loggedIn(carol); TestLink d = TestLink.open()) {
            d.hello();
            d.register(dave, PASSWORD);

            Frame offline = c.request(new SearchUser(dave.toUpperCase()));
            Frame unknown = c.request(new SearchUser("nobody" + dave));

            assertEquals(Status.OK, offline.status());
            assertFalse(offline.as(SearchUserAnswer.class).online());
            assertEquals(dave, offline.as(SearchUserAnswer.class).username(), "the name as registered");
            assertEquals(Status.NOT_FOUND, unknown.status());
            assertEquals("no user named nobody" + dave, unknown.message());
        }
    }

    @Test
    void listOnlineIsSortedPagedAndDetailedOnRequest() throws Exception {
        String prefix = TestLink.uniqueName("l");
        try (TestLink x = loggedIn(prefix + "x"); TestLink y = loggedIn(prefix + "y"); TestLink z = loggedIn(prefix + "z")) {
            Frame all = x.request(new ListOnline(true, null, 500));
            List<OnlineUser> ours = all.as(ListOnlineAnswer.class).users().stream()
                    .filter(u -> u.username().startsWith(prefix)).toList();
            assertEquals(List.of(prefix + "x", prefix + "y", prefix + "z"),
                    ours.stream().map(OnlineUser::username).toList());
            assertEquals(40000, ours.get(0).peerPort());

            ListOnlineAnswer plain = x.request(new ListOnline(null, 0, 1)).as(ListOnlineAnswer.class);
            assertEquals(1, plain.users().size());
            assertNull(plain.users().get(0).address());
            assertNull(plain.users().get(0).peerPort());
            assertTrue(plain.total() >= 3);
        }
    }

    @Test
    void secondLoginOfAnOnlineAccountIsRefused() throws Exception {
        String erin = TestLink.uniqueName("erin");
        try (TestLink first = loggedIn(erin); TestLink second = TestLink.open()) {
            second.hello();
            Frame refused = second.login(erin, PASSWORD, 40001);

            assertEquals(Status.CONFLICT, refused.status());
            assertEquals(erin + " is already logged in from another client", refused.message());
        }
    }

    @Test
    void theSameClientResumesWithItsTokenAndTheOldLinkIsToldWhy() throws Exception {
        String frank = TestLink.uniqueName("frank");
        try (TestLink old = TestLink.open(); TestLink fresh = TestLink.open()) {
            old.hello();
            old.register(frank, PASSWORD);
            String token = old.login(frank, PASSWORD, 40002).as(LoginAnswer.class).resumeToken();
            fresh.hello();

            Frame resumed = fresh.request(new Login(frank, PASSWORD, 40003, token, null));

            assertEquals(Status.OK, resumed.status());
            Frame bye = old.awaitClose(5000);
            assertEquals("resumed by a new link", bye.message());
            Frame who = fresh.request(new Whoami());
            assertEquals(40003, who.as(WhoamiAnswer.class).peerPort());
        }
    }

    @Test
    void closingTheLinkTakesTheUserOfflineAtOnce() throws Exception {
        String gina = TestLink.uniqueName("gina");
        String hank = TestLink.uniqueName("hank");
        try (TestLink h = loggedIn(hank)) {
            TestLink g = loggedIn(gina);
            g.close();
            long start = System.nanoTime();
            while (onlineNames(h).contains(gina)) {
                assertTrue(System.nanoTime() - start < 2_000_000_000L, "gina still listed 2 s after her link closed");
                Thread.sleep(50);
            }
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        String ivan = TestLink.uniqueName("ivan");
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(ivan, PASSWORD);

            Frame wrong = link.login(ivan, "not the password", 40004);
            Frame unknown = link.login("nobody" + ivan, PASSWORD, 40004);

            assertEquals(Status.UNAUTHORIZED, wrong.status());
            assertEquals(Status.UNAUTHORIZED, unknown.status());
            assertEquals("wrong username or password", wrong.message());
            assertEquals(wrong.message(), unknown.message());
        }
    }

    @Test
    void registeringATakenNameInAnyCaseIsRefused() throws Exception {
        String judy = TestLink.uniqueName("judy");
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(judy, PASSWORD);

            Frame again = link.register(judy.toUpperCase(), PASSWORD);

            assertEquals(Status.CONFLICT, again.status());
            assertEquals("the username " + judy.toUpperCase() + " is taken", again.message());
        }
    }

    @Test
    void aNameIsCheckedBeforeLoginWithTheAnswersRegisterWouldGive() throws Exception {
        String kate = TestLink.uniqueName("kate");
        try (TestLink link = TestLink.open()) {
            link.hello();
            Frame free = link.request(new RegistryRequest.UsernameCheck(kate));
            assertEquals(Status.OK, free.status());
            assertEquals("the username " + kate + " is free", free.message());

            link.register(kate, PASSWORD);
            Frame taken = link.request(new RegistryRequest.UsernameCheck(kate.toUpperCase()));
            assertEquals(Status.CONFLICT, taken.status());
            assertEquals(link.register(kate.toUpperCase(), PASSWORD).message(), taken.message(),
                    "the same words as REGISTER's refusal");

            Frame invalid = link.request(new RegistryRequest.UsernameCheck("ab"));
            assertEquals(Status.BAD_REQUEST, invalid.status());
            assertEquals("a username has 3 to 32 characters", invalid.message());
        }
    }

    @Test
    void outOfBoundsUsernamesAndPasswordsAreRefusedWithTheRule() throws Exception {
        try (TestLink link = TestLink.open()) {
            link.hello();

            assertEquals("a username has 3 to 32 characters", link.register("ab", PASSWORD).message());
            assertEquals("a username uses only letters, digits, '.', '_' and '-', and starts with a letter or digit",
                    link.register("bad\u001bname", PASSWORD).message());
            assertEquals("a password has 8 to 128 characters", link.register(TestLink.uniqueName("k"), "short").message());
            assertEquals(Status.BAD_REQUEST,
                    link.register(TestLink.uniqueName("k"), "x".repeat(129)).status());
        }
    }

    @Test
    void theStoredPasswordIsAnArgon2idHash() throws Exception {
        String kim = TestLink.uniqueName("kim");
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(kim, PASSWORD);
        }

        Account stored = em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                .setParameter("usernameKey", Names.key(kim)).getSingleResult();

        assertTrue(stored.getPasswordHash().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertFalse(stored.getPasswordHash().contains(PASSWORD));
        assertNotNull(stored.getCreatedAt());
    }

    @Test
    void theDatabaseItselfRefusesANameThatDiffersOnlyInCase() throws Exception {
        String lee = TestLink.uniqueName("lee");
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(lee, PASSWORD);
        }

        tx.begin();
        try {
            assertThrows(Exception.class, () -> em.createNativeQuery(
                    "insert into account (username, username_key, password_hash, created_at) values (?, ?, 'x', current_timestamp)")
                    .setParameter(1, lee.toUpperCase()).setParameter(2, lee.toLowerCase()).executeUpdate());
        } finally {
            tx.rollback();
        }
    }

    @Test
    void theCertificatePresentedIsTheOneWhoseFingerprintTheRegistryLogs() throws Exception {
        try (TestLink link = TestLink.open()) {
            link.hello();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(link.serverCertificate.getEncoded());

            assertEquals(gateway.fingerprint(), HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        }
    }

    @Test
    void logoutEndsTheSessionButKeepsTheLink() throws Exception {
        String mia = TestLink.uniqueName("mia");
        try (TestLink link = loggedIn(mia)) {
            assertEquals("you are " + mia, link.request(new Whoami()).message());

            assertEquals("logged out", link.request(new Logout()).message());

            Frame who = link.request(new Whoami());
            assertEquals(Status.UNAUTHORIZED, who.status());
            assertEquals("log in first", who.message());
            assertEquals(Status.OK, link.login(mia, PASSWORD, 40005).status());
        }
    }

    static List<String> onlineNames(TestLink link) throws Exception {
        Frame page = link.request(new ListOnline(null, null, 500));
        assertEquals(Status.OK, page.status(), page.message());
        return page.as(ListOnlineAnswer.class).users().stream().map(OnlineUser::username).toList();
    }
}
