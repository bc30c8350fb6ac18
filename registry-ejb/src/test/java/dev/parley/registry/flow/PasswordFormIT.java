package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.registry.account.Account;
import dev.parley.registry.account.UnnormalisedHashes;
import jakarta.annotation.Resource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A password is the same whichever Unicode form a client sends it in, and older hashes keep working. */
@ExtendWith(ArquillianExtension.class)
class PasswordFormIT {
    /** "crème brûlée" with each accented letter as one character (NFC), as most keyboards type it. */
    private static final String NFC = "cr\u00e8me br\u00fbl\u00e9e 42";
    /** The same letters as a base letter and a combining accent (NFD), as some systems send them. */
    private static final String NFD = "cre\u0300me bru\u0302le\u0301e 42";

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @PersistenceContext(unitName = "parley")
    private EntityManager em;
    @Resource
    private UserTransaction tx;

    private String storedHash(String user) {
        return em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                .setParameter("usernameKey", Names.key(user)).getSingleResult().getPasswordHash();
    }

    private void storeHash(String user, String hash) throws Exception {
        tx.begin();
        try {
            em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                    .setParameter("usernameKey", Names.key(user)).getSingleResult().rehashPassword(hash);
            tx.commit();
        } catch (Exception e) {
            tx.rollback();
            throw e;
        }
    }

    private static Frame logIn(String user, String password) throws Exception {
        try (TestLink link = TestLink.open()) {
            link.hello();
            return link.loginWithoutUdp(user, password, 40000);
        }
    }

    @Test
    void registeredInOneFormTheAccountLogsInWithTheOther() throws Exception {
        String user = TestLink.uniqueName("nfc");
        try (TestLink link = TestLink.open()) {
            link.hello();
            assertEquals(Status.CREATED, link.register(user, NFC).status());
        }

        Frame login = logIn(user, NFD);

        assertEquals(Status.OK, login.status(), login.message());
    }

    @Test
    void anAccountHashedFromThePasswordAsSentLogsInAndGetsTheNormalFormHash() throws Exception {
        String user = TestLink.uniqueName("olderhash");
        try (TestLink link = TestLink.open()) {
            link.hello();
            assertEquals(Status.CREATED, link.register(user, "placeholder password").status());
        }
        // As the registry stored it before it normalised passwords: a hash of the NFD text as sent.
        String before = UnnormalisedHashes.of(NFD);
        storeHash(user, before);

        Frame login = logIn(user, NFD);

        assertEquals(Status.OK, login.status(), login.message());
        assertNotEquals(before, storedHash(user), "the login replaced the hash");
        Frame other = logIn(user, NFC);
        assertEquals(Status.OK, other.status(), "after the new hash, the other form works too: " + other.message());
    }
}
