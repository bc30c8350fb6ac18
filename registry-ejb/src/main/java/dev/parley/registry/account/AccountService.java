package dev.parley.registry.account;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Registration, password checks and identity keys. Hashing runs outside any transaction so a slow
 * Argon2id computation never holds a database connection.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final String WRONG_CREDENTIALS = "wrong username or password";

    @EJB
    private AccountRepository accounts;
    @EJB
    private LoginThrottle throttle;
    @EJB
    private LoginStamps stamps;
    @Inject
    private PasswordHasher hasher;

    private final Clock clock = Clock.systemUTC();

    /** Creates an account with an optional identity key; returns the username as stored. */
    public String register(String username, char[] password, String identityKey, String fromAddress) {
        Credentials.usernameProblem(username).ifPresent(AccountService::badRequest);
        Credentials.passwordProblem(new String(password)).ifPresent(AccountService::badRequest);
        String key = canonicalKey(identityKey);
        throttle.admitRegistration(fromAddress);
        // A taken name is refused before the hash (19 MiB and most of a core's 25 ms): the answer is
        // the same 409. Two registrations of one free name at once still both hash, and the
        // database's unique index decides between them.
        requireFree(username);
        Account created = accounts.create(new Account(username, hasher.hash(password), key, clock.instant()));
        LOG.info(() -> "registered account " + created.getUsername() + " from " + fromAddress);
        return created.getUsername();
    }

    /**
     * Refuses a name REGISTER would refuse for the name alone: 400 with the rule it breaks, 409
     * when an account has it in any case. Account names are not secret (any account can look
     * them up), so saying this before login tells nothing REGISTER would not.
     */
    public void requireFree(String username) {
        Credentials.usernameProblem(username).ifPresent(AccountService::badRequest);
        if (accounts.findByUsername(username).isPresent()) {
            throw AccountRepository.taken(username);
        }
    }

    /**
     * Checks a password, then the identity key if one is offered. Unknown user and wrong password
     * give the same answer after the same work. An account without a key takes the offered one
     * (trust on first use); an account with a key refuses a different one with
     * {@link IdentityKeyMismatch}, which is not a failed password attempt. Returns the account's
     * name as registered and its key after this login (null if it has none).
     */
    public AccountIdentity authenticate(String username, char[] password, String identityKey, String fromAddress,
            DeviceProof device) {
        String offeredKey = canonicalKey(identityKey);
        if (Credentials.usernameProblem(username).isPresent()) {
            // No account can have such a name; answering now keeps odd text out of the logs and the throttle.
            throw new RequestRefused(Status.UNAUTHORIZED, WRONG_CREDENTIALS);
        }
        LoginAttempt attempt = new LoginAttempt(username, device);
        throttle.checkLogin(username, fromAddress, attempt);
        Optional<Account> account = attempt.account();
        PasswordHasher.Match match = hasher.match(password, account.map(Account::getPasswordHash).orElse(null));
        if (match == PasswordHasher.Match.NONE) {
            throttle.recordFailure(username, fromAddress, attempt);
            LOG.info(() -> "failed login for " + username + " from " + fromAddress);
            throw new RequestRefused(Status.UNAUTHORIZED, WRONG_CREDENTIALS);
        }
        Account a = account.orElseThrow();
        throttle.recordSuccess(username, fromAddress);
        // A hash of the password as sent (from before normalising) or with weaker parameters is replaced now.
        String rehash = match == PasswordHasher.Match.SENT_FORM || hasher.needsRehash(a.getPasswordHash())
                ? hasher.hash(password) : null;
        String key;
        try {
            key = usualLogin(a, rehash, offeredKey)
                    ? stamped(a)
                    : accounts.recordLogin(a.getId(), a.getIdentityKey(), Instant.now(clock), rehash, offeredKey);
        } catch (IdentityKeyMismatch e) {
            LOG.warning(() -> "refused login for " + a.getUsername() + " from " + fromAddress
                    + ": the identity key offered is not the account's");
            throw e;
        }
        if (offeredKey != null && a.getIdentityKey() == null) {
            LOG.info(() -> "identity key enrolled for " + a.getUsername() + " at login from " + fromAddress);
        }
        return new AccountIdentity(a.getUsername(), key);
    }

    /**
     * A login that changes nothing but the time of the last login: the account holds a key, which
     * is offered again or not at all (a held key is never replaced), and the hash stays. Its time
     * goes with the next batch ({@link LoginStamps}); every other login records itself now.
     */
    private static boolean usualLogin(Account a, String rehash, String offeredKey) {
        return rehash == null && a.getIdentityKey() != null && (offeredKey == null || offeredKey.equals(a.getIdentityKey()));
    }

    private String stamped(Account a) {
        stamps.record(a.getId(), Instant.now(clock));
        return a.getIdentityKey();
    }

    /**
     * One login's account, read from the database once, and whether its device proof holds: worked
     * out at most once, and only when the throttle asks (the account is being slowed, or a password
     * failed), so that a login carrying a proof costs one signature check only then. On the calling
     * thread only.
     */
    private final class LoginAttempt implements BooleanSupplier {
        private final String username;
        private final DeviceProof device;
        private Optional<Account> account;
        private Boolean proven;

        LoginAttempt(String username, DeviceProof device) {
            this.username = username;
            this.device = device;
        }

        Optional<Account> account() {
            if (account == null) {
                account = accounts.findByUsername(username);
            }
            return account;
        }

        /** Whether the login proved it holds the account's identity key. */
        @Override
        public boolean getAsBoolean() {
            if (proven == null) {
                proven = device != null && device.provenBy(account().map(Account::getIdentityKey).orElse(null), username);
                if (proven) {
                    LOG.info(() -> "login for " + username + " proved by the account's identity key");
                }
            }
            return proven;
        }
    }

    /** The account of this name (any case), if one exists: its name as registered and its identity key. */
    public Optional<AccountIdentity> registered(String username) {
        return accounts.findByUsername(username).map(a -> new AccountIdentity(a.getUsername(), a.getIdentityKey()));
    }

    /** The canonical form of an offered key; null when none is offered; 400 when it is not an EC P-256 key. */
    private static String canonicalKey(String identityKey) {
        if (identityKey == null) {
            return null;
        }
        return IdentityKeys.canonical(identityKey).orElseThrow(() -> new RequestRefused(Status.BAD_REQUEST, IdentityKeys.RULE));
    }

    private static void badRequest(String reason) {
        throw new RequestRefused(Status.BAD_REQUEST, reason);
    }
}
