package dev.parley.registry.account;

import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.cluster.ClusterMessage;
import dev.parley.registry.cluster.RegistryCluster;
import dev.parley.registry.config.RegistrySettings;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Limits password guessing and registration spam. Failed logins and wrong room passwords are
 * limited per address (a sliding window). Failed logins also slow down their account: after a few
 * failures from addresses that never logged into it, each further one makes the account wait
 * longer before it is checked again from such addresses ({@link GuessingDelay}: 1 s, 2 s, 4 s ...
 * up to a minute). A wait, not a lockout: an attacker guessing from many addresses gets about one
 * check a minute, and the owner on a new network gets in once the wait after the last failure is
 * over. In a cluster, every node counts the failures and known addresses of all (see
 * {@link #heard}). Addresses that have logged into the account before are not slowed by it at all, and their
 * failures do not count against it. Logins that prove they come from a computer holding the
 * account's identity key ({@link DeviceProof}) wait only on the failures of such logins: an attack
 * by strangers does not keep the owner's computer out, and the key without the password gets a
 * budget of guesses of its own, the same size as the strangers'.
 */
@Singleton
@Startup // from the start, it counts what other registry nodes tell of their password checks
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// In memory only: no transaction to begin and commit for every keepalive or check.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LoginThrottle {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** An account's failures are forgotten after this long without one. */
    private static final long ACCOUNT_QUIET = TimeUnit.HOURS.toNanos(1);
    private static final int KNOWN_ADDRESSES_PER_ACCOUNT = 16;

    @Inject
    private RegistrySettings settings;
    @Inject
    private RegistryCluster cluster;

    private final Map<String, AttemptWindow> failuresByAddress = new ConcurrentHashMap<>();
    /** Failed logins from addresses that never logged into the account (strangers), by account. */
    private final Map<String, GuessingDelay> failuresByAccount = new ConcurrentHashMap<>();
    /** Failed logins that proved the account's identity key ({@link DeviceProof}), from such addresses, by account. */
    private final Map<String, GuessingDelay> provenFailuresByAccount = new ConcurrentHashMap<>();
    private final Map<String, AttemptWindow> registrationsByAddress = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> knownAddresses = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        cluster.sharePasswordChecks(this::heard);
    }

    /**
     * Refuses with 429 if this address has failed too often, or this account, for an address that
     * never logged into it, is waiting after failures; otherwise the check may go ahead (and, when
     * the account is being slowed, takes its turn). {@code provenDevice} (asked only while the
     * account is being slowed) says the login proved it holds the account's identity key: it waits
     * only on the failures of such logins, not on those of strangers, so an attack from elsewhere
     * does not keep the owner's computer out, and a stolen key alone has a budget of guesses of its own,
     * the same size as the strangers'.
     */
    public void checkLogin(String username, String address, BooleanSupplier provenDevice) {
        long now = System.nanoTime();
        long wait = waitNanos(failuresByAddress, address, now);
        if (wait == 0 && !isKnown(username, address)) {
            String key = Names.key(username);
            GuessingDelay strangers = failuresByAccount.get(key);
            GuessingDelay devices = provenFailuresByAccount.get(key);
            if (isSlowing(strangers, now) || isSlowing(devices, now)) {
                GuessingDelay delay = provenDevice.getAsBoolean() ? devices : strangers;
                if (delay != null) {
                    synchronized (delay) {
                        wait = delay.admit(now);
                    }
                }
            }
        }
        if (wait > 0) {
            throw tooMany("too many failed logins", wait);
        }
    }

    private static boolean isSlowing(GuessingDelay delay, long now) {
        if (delay == null) {
            return false;
        }
        synchronized (delay) {
            return delay.isSlowing(now);
        }
    }

    /**
     * A wrong password: counted against the address, and, unless it came from an address that
     * logged into the account before, against the account: among the failures of logins that
     * proved the account's key, or among those of strangers.
     */
    public void recordFailure(String username, String address, BooleanSupplier provenDevice) {
        String account = isKnown(username, address) ? null : username;
        boolean proven = account != null && provenDevice.getAsBoolean();
        failed(address, account, proven);
        cluster.publish(new ClusterMessage.PasswordFailed(address, account, proven));
    }

    /**
     * A wrong password from {@code address}, here or on another node; with {@code account}, it
     * counts against that account too ({@code proven}: among the failures of logins that proved its key).
     */
    private void failed(String address, String account, boolean proven) {
        long now = System.nanoTime();
        record(failuresByAddress, address, settings.loginFailuresPerMinutePerAddress(), MINUTE, now);
        if (account != null) {
            GuessingDelay delay = (proven ? provenFailuresByAccount : failuresByAccount).computeIfAbsent(
                    Names.key(account), k -> new GuessingDelay(settings.loginFailuresBeforeDelay(),
                            settings.loginDelayMax().toNanos(), ACCOUNT_QUIET));
            synchronized (delay) {
                delay.recordFailure(now);
            }
        }
    }

    public void recordSuccess(String username, String address) {
        known(username, address);
        cluster.publish(new ClusterMessage.LoginSucceeded(username, address));
    }

    /**
     * What another registry node tells of its password checks: counted here as if made here, so
     * the limits hold for the cluster, not per node. Its turns are not shared: while an account
     * waits, each node lets one check through per wait, and the failure of either restarts the
     * wait on both.
     */
    private void heard(ClusterMessage m) {
        switch (m) {
            case ClusterMessage.PasswordFailed f -> failed(f.address(), f.account(), f.proven());
            case ClusterMessage.LoginSucceeded l -> known(l.username(), l.address());
            default -> { }
        }
    }

    private void known(String username, String address) {
        Set<String> known = knownAddresses.computeIfAbsent(Names.key(username), k -> Collections.synchronizedSet(
                Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > KNOWN_ADDRESSES_PER_ACCOUNT;
                    }
                })));
        known.add(address);
    }

    /**
     * Refuses with 429 (reason {@code throttled}) when this address has failed too many passwords
     * lately. Room passwords share the per-address window with logins: a guess is a guess, whatever
     * it guards.
     */
    public void checkAddress(String address) {
        long wait = waitNanos(failuresByAddress, address, System.nanoTime());
        if (wait > 0) {
            RequestRefused r = tooMany("too many wrong passwords from your address", wait);
            throw new RequestRefused(r.status(), r.getMessage(), r.retryAfterSeconds(), "throttled");
        }
    }

    /** Counts a wrong password that guards no account (a room's) against the address alone. */
    public void recordAddressFailure(String address) {
        failed(address, null, false);
        cluster.publish(new ClusterMessage.PasswordFailed(address, null, false));
    }

    /** Counts a registration from this address, refusing with 429 when it registers too often. */
    public void admitRegistration(String address) {
        long now = System.nanoTime();
        AttemptWindow w = registrationsByAddress.computeIfAbsent(address,
                a -> new AttemptWindow(settings.registrationsPerMinutePerAddress(), MINUTE));
        synchronized (w) {
            long wait = w.waitNanos(now);
            if (wait > 0) {
                throw tooMany("too many registrations from your address", wait);
            }
            w.record(now);
        }
    }

    /**
     * Forgets windows with nothing left in them, so the maps stay as small as the current attack.
     * Every minute ({@code RegistryTimers}).
     */
    public void forgetExpired() {
        long now = System.nanoTime();
        for (Map<String, AttemptWindow> map : java.util.List.of(failuresByAddress, registrationsByAddress)) {
            map.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty(now);
                }
            });
        }
        for (Map<String, GuessingDelay> map : java.util.List.of(failuresByAccount, provenFailuresByAccount)) {
            map.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isForgotten(now);
                }
            });
        }
    }

    private boolean isKnown(String username, String address) {
        Set<String> known = knownAddresses.get(Names.key(username));
        return known != null && known.contains(address);
    }

    private static long waitNanos(Map<String, AttemptWindow> map, String key, long now) {
        AttemptWindow w = map.get(key);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            return w.waitNanos(now);
        }
    }

    private static void record(Map<String, AttemptWindow> map, String key, int limit, long window, long now) {
        AttemptWindow w = map.computeIfAbsent(key, k -> new AttemptWindow(limit, window));
        synchronized (w) {
            w.record(now);
        }
    }

    private static RequestRefused tooMany(String what, long waitNanos) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        return new RequestRefused(Status.TOO_MANY_REQUESTS, what + "; try again in " + seconds + " s", seconds);
    }
}
