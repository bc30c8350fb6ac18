package dev.parley.registry.account;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * When each account last logged in ({@code account.last_login_at}), written once a second for all
 * the logins since, in one batch and one commit, instead of a transaction of its own per login.
 *
 * <p>Why it can wait: nothing the registry answers depends on it (it is the operator's record of
 * an account's use), so a crash loses at most the last second's stamps, and a database that is
 * down keeps them here, the latest per account, until it is back. What it saves is most of a
 * login's database work beside reading the account: a pool check, a transaction's begin and
 * commit with its WAL flush, per login.
 *
 * <p>Only the usual login goes this way: an account that holds an identity key, offered again or
 * not offered, and no password hash to replace ({@link AccountService}). The others (a key to
 * enrol, a keyless account, a new hash) still record themselves in their own transaction, as they
 * must check the row they change ({@link AccountRepository#recordLogin}). A batched stamp never
 * moves a time back, so a later login recorded that way is not overwritten by an earlier one.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LoginStamps {
    private static final Logger LOG = Logger.getLogger(LoginStamps.class.getName());
    private static final String STAMP = "UPDATE account SET last_login_at = ? WHERE id = ?"
            + " AND (last_login_at IS NULL OR last_login_at < ?)";

    @Resource(lookup = "java:jboss/datasources/ParleyDS")
    private DataSource database;

    /** Account id to the time of its latest login not yet written. */
    private final Map<Long, Instant> pending = new ConcurrentHashMap<>();

    /** A usual login of this account, at {@code at}: written with the next batch. */
    public void record(long accountId, Instant at) {
        pending.merge(accountId, at, LoginStamps::later);
    }

    /**
     * Writes every stamp waiting, in one batch and one commit; what could not be written waits for
     * the next run. Returns how many were written.
     *
     * @throws IllegalStateException when the database took none of them
     */
    public synchronized int flush() { // one at a time: a flush that returns has written what it took, and what came before
        if (pending.isEmpty()) {
            return 0;
        }
        Map<Long, Instant> batch = new HashMap<>();
        for (Long id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(STAMP)) {
                for (Map.Entry<Long, Instant> e : batch.entrySet()) {
                    var at = e.getValue().atOffset(ZoneOffset.UTC);
                    update.setObject(1, at);
                    update.setLong(2, e.getKey());
                    update.setObject(3, at);
                    update.addBatch();
                }
                update.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            batch.forEach(this::record); // kept, merged with what came since, for the next run
            throw new IllegalStateException("the database took none of " + batch.size() + " login times: "
                    + e.getMessage(), e);
        }
        return batch.size();
    }

    /**
     * A stop in good order writes what waits, so only a crash loses the last second's stamps. The
     * links are closed by then: the gateway, which takes logins, depends on this bean.
     */
    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // its own commit, on a connection in no JTA transaction
    void writeWhatWaits() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warning(() -> pending.size() + " login times could not be written at the stop: " + e.getMessage());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
