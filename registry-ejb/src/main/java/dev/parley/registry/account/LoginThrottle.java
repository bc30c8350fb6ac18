package dev.parley.registry.account;

import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.config.RegistrySettings;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Limits password guessing and registration spam. Failed logins and wrong room passwords are
 * limited per address, failed logins also per account; the per-account limit does not apply to
 * addresses that have logged into that account before, so an attacker elsewhere cannot lock the
 * owner out.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// In memory only: no transaction to begin and commit for every keepalive or check.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LoginThrottle {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final int KNOWN_ADDRESSES_PER_ACCOUNT = 16;

    @Inject
    private RegistrySettings settings;

    private final Map<String, AttemptWindow> failuresByAddress = new ConcurrentHashMap<>();
    private final Map<String, AttemptWindow> failuresByAccount = new ConcurrentHashMap<>();
    private final Map<String, AttemptWindow> registrationsByAddress = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> knownAddresses = new ConcurrentHashMap<>();

    /** Refuses with 429 if this address or account has failed too often to try now. */
    public void checkLogin(String username, String address) {
        long now = System.nanoTime();
        long wait = waitNanos(failuresByAddress, address, now);
        if (!isKnown(username, address)) {
            wait = Math.max(wait, waitNanos(failuresByAccount, Names.key(username), now));
        }
        if (wait > 0) {
            throw tooMany("too many failed logins", wait);
        }
    }

    public void recordFailure(String username, String address) {
        long now = System.nanoTime();
        record(failuresByAddress, address, settings.loginFailuresPerMinutePerAddress(), MINUTE, now);
        if (!isKnown(username, address)) {
            record(failuresByAccount, Names.key(username), settings.loginFailuresPerHourPerAccount(), HOUR, now);
        }
    }

    public void recordSuccess(String username, String address) {
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
        record(failuresByAddress, address, settings.loginFailuresPerMinutePerAddress(), MINUTE, System.nanoTime());
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
        for (Map<String, AttemptWindow> map : java.util.List.of(failuresByAddress, failuresByAccount,
                registrationsByAddress)) {
            map.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty(now);
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
