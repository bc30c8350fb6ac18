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
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Registration and password checks. Hashing runs outside any transaction so a slow Argon2id
 * computation never holds a database connection.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final int MAX_IDENTITY_KEY_CHARS = 200;
    private static final String WRONG_CREDENTIALS = "wrong username or password";

    @EJB
    private AccountRepository accounts;
    @EJB
    private LoginThrottle throttle;
    @Inject
    private PasswordHasher hasher;

    private final Clock clock = Clock.systemUTC();

    /** Creates an account; returns the username as stored. */
    public String register(String username, char[] password, String identityKey, String fromAddress) {
        Credentials.usernameProblem(username).ifPresent(AccountService::badRequest);
        Credentials.passwordProblem(new String(password)).ifPresent(AccountService::badRequest);
        if (identityKey != null && !isBase64(identityKey)) {
            badRequest("identityKey must be base64 of at most " + MAX_IDENTITY_KEY_CHARS + " characters");
        }
        throttle.admitRegistration(fromAddress);
        Account created = accounts.create(new Account(username, hasher.hash(password), identityKey, clock.instant()));
        LOG.info(() -> "registered account " + created.getUsername() + " from " + fromAddress);
        return created.getUsername();
    }

    /**
     * Checks a password. Unknown user and wrong password give the same answer after the same work.
     * Returns the account's name as registered.
     */
    public String authenticate(String username, char[] password, String fromAddress) {
        if (Credentials.usernameProblem(username).isPresent()) {
            // No account can have such a name; answering now keeps odd text out of the logs and the throttle.
            throw new RequestRefused(Status.UNAUTHORIZED, WRONG_CREDENTIALS);
        }
        throttle.checkLogin(username, fromAddress);
        Optional<Account> account = accounts.findByUsername(username);
        boolean ok = hasher.verify(password, account.map(Account::getPasswordHash).orElse(null));
        if (!ok) {
            throttle.recordFailure(username, fromAddress);
            LOG.info(() -> "failed login for " + username + " from " + fromAddress);
            throw new RequestRefused(Status.UNAUTHORIZED, WRONG_CREDENTIALS);
        }
        Account a = account.orElseThrow();
        throttle.recordSuccess(username, fromAddress);
        String rehash = hasher.needsRehash(a.getPasswordHash()) ? hasher.hash(password) : null;
        accounts.recordLogin(a.getId(), Instant.now(clock), rehash);
        return a.getUsername();
    }

    /** True if an account of this name (any case) exists; returns its name as registered. */
    public Optional<String> registeredName(String username) {
        return accounts.findByUsername(username).map(Account::getUsername);
    }

    private static boolean isBase64(String s) {
        if (s.isEmpty() || s.length() > MAX_IDENTITY_KEY_CHARS) {
            return false;
        }
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void badRequest(String reason) {
        throw new RequestRefused(Status.BAD_REQUEST, reason);
    }
}
