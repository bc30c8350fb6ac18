package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import dev.parley.registry.account.Account;
import dev.parley.registry.account.AccountRepository;
import dev.parley.registry.account.LoginStamps;
import dev.parley.registry.account.IdentityKeyMismatch;
import jakarta.ejb.EJB;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identity keys against a real registry: given at registration or enrolled at a first login,
 * returned by LOGIN and SEARCH_USER, and a login from a computer with another key refused.
 */
@ExtendWith(ArquillianExtension.class)
class IdentityKeyIT {
    private static final String PASSWORD = RegistryFlowIT.PASSWORD;
    private static final String RULE = "identityKey must be an EC P-256 public key (X.509 SubjectPublicKeyInfo, base64)";

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @PersistenceContext(unitName = "parley")
    private EntityManager em;
    @EJB
    private AccountRepository accounts;
    @EJB
    private LoginStamps stamps;

    /** A fresh identity public key as a client makes one: EC P-256, X.509 SubjectPublicKeyInfo, base64. */
    static String newKey() throws Exception {
        return Base64.getEncoder().encodeToString(ecKey("secp256r1"));
    }

    private static byte[] ecKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair().getPublic().getEncoded();
    }

    private static SearchUserAnswer search(TestLink link, String user) throws Exception {
        Frame found = link.request(new SearchUser(user));
        assertEquals(Status.OK, found.status(), found.message());
        return found.as(SearchUserAnswer.class);
    }

    private String storedKey(String user) {
        return stored(user).getIdentityKey();
    }

    private Account stored(String user) {
        return em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                .setParameter("usernameKey", Names.key(user)).getSingleResult();
    }

    private static void awaitOffline(TestLink observer, String user) throws Exception {
        long start = System.nanoTime();
        while (search(observer, user).online()) {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, user + " still online 2 s after the link closed");
            Thread.sleep(50);
        }
    }

    @Test
    void aKeyGivenAtRegistrationIsStoredReturnedAtLoginAndFoundOfflineAndOnline() throws Exception {
        String owner = TestLink.uniqueName("ika");
        String key = newKey();
        try (TestLink link = TestLink.open(); TestLink observer = RegistryFlowIT.loggedIn(TestLink.uniqueName("ikb"))) {
            link.hello();
            assertEquals(Status.CREATED, link.register(owner, PASSWORD, key).status());
            assertEquals(key, storedKey(owner));

            SearchUserAnswer offline = search(observer, owner);
            assertFalse(offline.online());
            assertEquals(key, offline.identityKey());

            Frame login = link.login(owner, PASSWORD, 40120, key);
            assertEquals(Status.OK, login.status(), login.message());
            assertEquals(key, login.as(LoginAnswer.class).identityKey());

            SearchUserAnswer online = search(observer, owner);
            assertTrue(online.online());
            assertEquals(key, online.identityKey());
        }
    }

    @Test
    void aLoginOfferingNoKeyProceedsAndIsToldTheAccountsKey() throws Exception {
        String owner = TestLink.uniqueName("ikc");
        String key = newKey();
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(owner, PASSWORD, key);

            Frame login = link.login(owner, PASSWORD, 40121);

            assertEquals(Status.OK, login.status(), login.message());
            assertEquals(key, login.as(LoginAnswer.class).identityKey());
        }
    }

    @Test
    void keysThatAreNotEcP256PublicKeysAreRefusedAndNoAccountIsMade() throws Exception {
        byte[] offCurve = ecKey("secp256r1");
        offCurve[offCurve.length - 1] ^= 1;
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> bad = List.of("not base64!", b64.encodeToString(new byte[91]),
                b64.encodeToString(rsa.generateKeyPair().getPublic().getEncoded()),
                b64.encodeToString(ecKey("secp384r1")), b64.encodeToString(offCurve),
                b64.encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
        String prefix = TestLink.uniqueName("ikd");
        try (TestLink link = TestLink.open(); TestLink observer = RegistryFlowIT.loggedIn(prefix + "obs")) {
            link.hello();
            for (int i = 0; i < bad.size(); i++) {
                Frame refused = link.register(prefix + i, PASSWORD, bad.get(i));

                assertEquals(Status.BAD_REQUEST, refused.status(), bad.get(i));
                assertEquals(RULE, refused.message());
                Frame none = observer.request(new SearchUser(prefix + i));
                assertEquals(Status.NOT_FOUND, none.status(), "no account for a refused registration");
            }

            Frame login = link.login(prefix + "obs", PASSWORD, 40122, bad.get(3));
            assertEquals(Status.BAD_REQUEST, login.status());
            assertEquals(RULE, login.message());
        }
    }

    @Test
    void anotherKeyAtLoginIsRefusedWithoutASessionOrAFailedAttempt() throws Exception {
        String owner = TestLink.uniqueName("ike");
        String key = newKey();
        String other = newKey();
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(owner, PASSWORD, key);

            // More refusals than the failed logins one address may have in a minute (10): none counts as one.
            for (int i = 0; i < 12; i++) {
                Frame refused = link.login(owner, PASSWORD, 40123, other);

                assertEquals(Status.FORBIDDEN, refused.status(), refused.message());
                assertEquals("this computer's identity key for " + owner + " is not the one the registry holds",
                        refused.message());
                assertEquals(new Refusal(null, true, null), refused.as(Refusal.class));
                assertThrows(InvalidFieldException.class, () -> refused.as(LoginAnswer.class), "no session in a refusal");
            }
            assertEquals(Status.UNAUTHORIZED, link.request(new Whoami()).status(), "no session was made");
            assertEquals(key, storedKey(owner), "the held key is kept");

            Frame login = link.login(owner, PASSWORD, 40123, key);
            assertEquals(Status.OK, login.status(), login.message());
            assertEquals(key, login.as(LoginAnswer.class).identityKey());
            assertEquals(Status.OK, link.request(new Logout()).status());

            Frame wrongPassword = link.login(owner, "not the password", 40123, other);
            assertEquals(Status.UNAUTHORIZED, wrongPassword.status(), "without the password the key is not even checked");
            assertNull(wrongPassword.as(Refusal.class).identityKeyMismatch());
        }
    }

    @Test
    void anAccountWithoutAKeyTakesTheFirstOneOfferedAtLoginAndHoldsItFromThen() throws Exception {
        String owner = TestLink.uniqueName("ikf");
        String key = newKey();
        try (TestLink observer = RegistryFlowIT.loggedIn(TestLink.uniqueName("ikg"))) {
            try (TestLink link = TestLink.open()) {
                link.hello();
                link.register(owner, PASSWORD);
                assertNull(search(observer, owner).identityKey());
                Frame plain = link.login(owner, PASSWORD, 40124);
                assertEquals(Status.OK, plain.status(), plain.message());
                assertNull(plain.as(LoginAnswer.class).identityKey(), "no key offered, none held");
                assertNull(storedKey(owner));
                link.request(new Logout());

                Frame enrolled = link.login(owner, PASSWORD, 40124, key);

                assertEquals(Status.OK, enrolled.status(), enrolled.message());
                assertEquals(key, enrolled.as(LoginAnswer.class).identityKey());
                assertEquals(key, storedKey(owner));
                SearchUserAnswer online = search(observer, owner);
                assertTrue(online.online());
                assertEquals(key, online.identityKey());
            }
            awaitOffline(observer, owner);
            assertEquals(key, search(observer, owner).identityKey());

            try (TestLink again = TestLink.open()) {
                again.hello();
                Frame refused = again.login(owner, PASSWORD, 40125, newKey());
                assertEquals(Status.FORBIDDEN, refused.status());
                assertEquals(Boolean.TRUE, refused.as(Refusal.class).identityKeyMismatch());
            }
        }
    }

    /**
     * A login reads the account before its password hash and records itself after: a key enrolled
     * by another login in between is what this one is told, and checked against, not the key it
     * read. The usual login, same key as read, is stamped too.
     */
    @Test
    void aLoginIsCheckedAgainstAKeyEnrolledSinceItReadTheAccount() throws Exception {
        String owner = TestLink.uniqueName("ikr");
        String key = newKey();
        try (TestLink link = TestLink.open()) {
            link.hello();
            link.register(owner, PASSWORD);
            Account readBefore = stored(owner);
            assertNull(readBefore.getIdentityKey());
            assertNull(readBefore.getLastLoginAt());
            assertEquals(Status.OK, link.login(owner, PASSWORD, 40126, key).status(), "another login enrols a key");
            link.request(new Logout());

            Instant at = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MICROS);
            assertEquals(key, accounts.recordLogin(readBefore.getId(), null, at, null, null),
                    "offering no key, the login is told the key enrolled since it read the account");
            assertEquals(at, stored(owner).getLastLoginAt());

            Instant later = at.plusSeconds(60);
            assertThrows(IdentityKeyMismatch.class,
                    () -> accounts.recordLogin(readBefore.getId(), null, later, null, newKey()),
                    "a key of its own is refused: the account holds one now");
            assertEquals(at, stored(owner).getLastLoginAt(), "a refused login is not recorded");

            assertEquals(key, accounts.recordLogin(readBefore.getId(), key, later, null, key));
            assertEquals(later, stored(owner).getLastLoginAt(), "the usual login, the key as read, is stamped");
        }
    }

    /**
     * The usual login (the account's key offered again) is not written by itself: its time goes
     * with the next batch, within about a second, and a batch never moves a time back.
     */
    @Test
    void theUsualLoginIsStampedWithTheNextBatchAndNeverMovedBack() throws Exception {
        String owner = TestLink.uniqueName("iks");
        String key = newKey();
        try (TestLink link = TestLink.open()) {
            link.hello();
            assertEquals(Status.CREATED, link.register(owner, PASSWORD, key).status());
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
            assertEquals(Status.OK, link.login(owner, PASSWORD, 40127, key).status());
            link.request(new Logout());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (stored(owner).getLastLoginAt() == null) {
                assertTrue(System.nanoTime() < deadline, "the login's time was written within 5 s");
                Thread.sleep(50);
                em.clear();
            }
            Instant written = stored(owner).getLastLoginAt();
            assertFalse(written.isBefore(before.minusSeconds(1)), written + " is the login's time");

            long id = stored(owner).getId();
            Instant later = written.plusSeconds(3600);
            stamps.record(id, later);
            stamps.flush();
            em.clear();
            assertEquals(later, stored(owner).getLastLoginAt());
            stamps.record(id, written); // a batch holding an older time, say a node's that was slow to write
            stamps.flush();
            em.clear();
            assertEquals(later, stored(owner).getLastLoginAt(), "a later time is not overwritten by an earlier one");
        }
    }
}
