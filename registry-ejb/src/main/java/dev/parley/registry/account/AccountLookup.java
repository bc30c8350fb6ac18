package dev.parley.registry.account;

import dev.parley.protocol.Names;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/**
 * Finding an account by name, in any letter case, in the caller's transaction if it has one: the one query
 * every repository uses. A plain class rather than a static method on an EJB, which the container
 * warns about.
 */
public final class AccountLookup {
    private AccountLookup() {
    }

    public static Optional<Account> find(EntityManager em, String username) {
        return em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                .setParameter("usernameKey", Names.key(username))
                .getResultStream()
                .findFirst();
    }
}
