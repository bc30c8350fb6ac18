package dev.parley.registry.account;

import dev.parley.protocol.Credentials;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.PasswordConverter;

/**
 * Argon2id password hashing with the OWASP minimum (19 MiB, t=2, p=1), stored as a PHC string.
 * At most one hash per core runs at once: each needs 19 MiB, and a login flood must not turn into
 * an out-of-memory error. A finished hash leaves its {@link Argon2id}, and so its 19 MiB, for the
 * next one, last in first out: the registry holds as many as hashes ever ran at once, at most one
 * per core, and logins one at a time keep reusing the same one.
 *
 * <p>The one place passwords are normalised: every password is hashed and checked in its Unicode
 * NFKC form (NIST SP 800-63B, 5.1.1.2), so "é" typed as one character or as "e" and a combining
 * accent, or a full-width digit, is the same password whichever keyboard or client sent it.
 * Hashes made before that (of the password as sent) still match the password in the form it was
 * sent in; {@link #match} says so, and the account's next login replaces the hash.
 */
@ApplicationScoped
public class PasswordHasher {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore slots;
    /** Hashers with their memory, made when a slot found none here; the last one put back is taken first. */
    private final Deque<Argon2id> hashers = new ConcurrentLinkedDeque<>();
    /** Verified against when the user does not exist, so both cases cost the same time; made once, see {@link #makeDecoy}. */
    private volatile String decoy;

    public PasswordHasher() {
        this(Runtime.getRuntime().availableProcessors());
    }

    PasswordHasher(int concurrentHashes) {
        this(new Semaphore(Math.max(1, concurrentHashes), true));
    }

    /** With the slots a hash must take one of (a test holds them to see a waiting hash). */
    PasswordHasher(Semaphore slots) {
        this.slots = slots;
    }

    /** How a password matched a stored hash. */
    public enum Match {
        /** It does not. */
        NONE,
        /** Its normal form does: the hash is as {@link #hash} makes it today. */
        NORMAL_FORM,
        /** Only the password as sent does, not its normal form: a hash from before normalising, to be replaced. */
        SENT_FORM
    }

    /** A new PHC string for this password (in its normal form) with a fresh salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(Credentials.normalizedPassword(password), salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Makes the decoy when the container creates the bean, which is at the first call of any kind
     * (a login, a registration, a room's password), so that it is not an unknown name's login that
     * pays for it. Not in the constructor: the container's client proxy of this bean runs the
     * constructor too, and its decoy hash would be one more, done for nothing.
     */
    @PostConstruct
    void makeDecoy() {
        decoy();
    }

    private String decoy() {
        String made = decoy;
        if (made == null) { // two threads may both make one: either serves
            made = hash("decoy password that matches nothing".toCharArray());
            decoy = made;
        }
        return made;
    }

    /** True if the password matches the stored PHC string, in either form {@link #match} accepts. */
    public boolean verify(char[] password, String stored) {
        return match(password, stored) != Match.NONE;
    }

    /**
     * Whether and how the password matches the stored PHC string: its normal form first, then, when
     * that differs and did not match, the password as sent (a hash made before normalising). A null
     * {@code stored} (no such user) is checked against a decoy the same way, so the answer takes as
     * long as for a real account.
     */
    public Match match(char[] password, String stored) {
        boolean real = stored != null;
        Matcher m = PHC.matcher(real ? stored : decoy());
        if (!m.matches()) {
            throw new IllegalStateException("stored password hash is not an Argon2id PHC string");
        }
        char[] normal = Credentials.normalizedPassword(password);
        if (matches(normal, m)) {
            return real ? Match.NORMAL_FORM : Match.NONE;
        }
        if (!Arrays.equals(normal, password) && matches(password, m)) {
            return real ? Match.SENT_FORM : Match.NONE;
        }
        return Match.NONE;
    }

    private boolean matches(char[] password, Matcher phc) {
        byte[] salt = B64D.decode(phc.group(4));
        byte[] expected = B64D.decode(phc.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)),
                Integer.parseInt(phc.group(3)));
        return MessageDigest.isEqual(expected, actual);
    }

    /** True when the stored hash uses weaker parameters than today's and should be replaced at next login. */
    public boolean needsRehash(String stored) {
        Matcher m = PHC.matcher(stored);
        return !m.matches() || Integer.parseInt(m.group(1)) < MEMORY_KIB || Integer.parseInt(m.group(2)) < ITERATIONS;
    }

    private byte[] derive(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        // The password's UTF-8 bytes exactly as BouncyCastle's Argon2 made them for the hashes already stored.
        byte[] utf8 = PasswordConverter.UTF8.convert(password);
        try {
            takeSlot();
            try {
                Argon2id hasher = hashers.pollFirst();
                if (hasher == null) {
                    hasher = new Argon2id();
                }
                byte[] hash = hasher.hash(utf8, salt, memoryKib, iterations, parallelism, HASH_BYTES);
                if (memoryKib <= MEMORY_KIB) { // one that grew for an odd stored cost is not kept at that size
                    hashers.offerFirst(hasher);
                }
                return hash;
            } finally {
                slots.release();
            }
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /** Hashers kept with their memory, waiting for the next hash. */
    int hashersKept() {
        return hashers.size();
    }

    private void takeSlot() {
        try {
            if (!slots.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new HasherBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HasherBusyException();
        }
    }

    /** All hashing slots stayed taken for too long: the registry is overloaded (answered 503, not logged as a failure). */
    @jakarta.ejb.ApplicationException
    public static final class HasherBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HasherBusyException() {
            super("password hashing is saturated", null, false, false);
        }
    }
}
