package dev.parley.registry.account;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Accounts in the database. Each method is its own short transaction; no hashing happens inside one. */
@Stateless
public class AccountRepository {

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    public Optional<Account> findByUsername(String username) {
        return em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                .setParameter("usernameKey", Account.keyOf(username))
                .getResultStream()
                .findFirst();
    }

    /** Stores a new account; a name taken in any letter case is refused with 409 (the database decides races). */
    public Account create(Account account) {
        if (findByUsername(account.getUsername()).isPresent()) {
            throw taken(account.getUsername());
        }
        try {
            em.persist(account);
            em.flush();
            return account;
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                // Another registration of the same name committed between our check and our insert.
                throw taken(account.getUsername());
            }
            throw e;
        }
    }

    public void recordLogin(long accountId, Instant at, String newPasswordHash) {
        Account account = em.find(Account.class, accountId);
        if (account != null) {
            account.recordLogin(at);
            if (newPasswordHash != null) {
                account.rehashPassword(newPasswordHash);
            }
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static RequestRefused taken(String username) {
        return new RequestRefused(Status.CONFLICT, "the username " + username + " is taken");
    }
}
