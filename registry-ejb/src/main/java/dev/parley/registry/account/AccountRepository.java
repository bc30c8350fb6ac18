package dev.parley.registry.account;

import dev.parley.protocol.Status;
import dev.parley.registry.Constraints;
import dev.parley.registry.RequestRefused;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.Optional;

/**
 * Accounts in the database. Each change is its own short transaction, and a read joins the
 * caller's transaction or runs in auto-commit when there is none; no hashing happens inside one.
 */
@Stateless
public class AccountRepository {

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    /**
     * Joins the caller's transaction if there is one; a login calls it with none, so the read
     * costs one statement in auto-commit instead of a transaction's begin and commit around it.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> findByUsername(String username) {
        return AccountLookup.find(em, username);
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
            if (Constraints.violated(e)) {
                // Another registration of the same name committed between our check and our insert.
                throw taken(account.getUsername());
            }
            throw e;
        }
    }

    /**
     * Records a login whose password was right, checking the offered identity key (canonical, or
     * null) against the account's, so two first logins cannot both enrol a key. An account without
     * a key takes the offered one; a different key than the one held is refused with
     * {@link IdentityKeyMismatch} and nothing is recorded. Returns the account's key after this
     * login (null if it has none).
     *
     * <p>{@code heldKey} is the key the account had when the login read it. A login that changes
     * nothing but the time (the same key or none offered, no new hash) is one conditional UPDATE;
     * only when the key is to be enrolled, the hash replaced, or the key changed since that read
     * is the row locked and read again. (The registry's logins to an account that holds a key do
     * not come here when they change nothing else: their times are written in batches, {@link LoginStamps}.)
     */
    public String recordLogin(long accountId, String heldKey, Instant at, String newPasswordHash, String offeredKey) {
        boolean keyUnchanged = offeredKey == null || offeredKey.equals(heldKey);
        if (keyUnchanged && newPasswordHash == null && stampLogin(accountId, heldKey, at)) {
            return heldKey;
        }
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            return null;
        }
        if (offeredKey != null) {
            if (account.getIdentityKey() == null) {
                account.enrolIdentityKey(offeredKey);
            } else if (!account.getIdentityKey().equals(offeredKey)) {
                throw new IdentityKeyMismatch(account.getUsername());
            }
        }
        account.recordLogin(at);
        if (newPasswordHash != null) {
            account.rehashPassword(newPasswordHash);
        }
        return account.getIdentityKey();
    }

    /** Sets the time of the last login if the account still holds {@code heldKey}; false if it does not, or is gone. */
    private boolean stampLogin(long accountId, String heldKey, Instant at) {
        var update = heldKey == null
                ? em.createNamedQuery(Account.STAMP_LOGIN_KEYLESS)
                : em.createNamedQuery(Account.STAMP_LOGIN).setParameter("key", heldKey);
        return update.setParameter("id", accountId).setParameter("at", at).executeUpdate() == 1;
    }

    static RequestRefused taken(String username) {
        return new RequestRefused(Status.CONFLICT, "the username " + username + " is taken");
    }
}
