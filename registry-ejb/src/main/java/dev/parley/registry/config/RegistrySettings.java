package dev.parley.registry.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every operator-tunable knob of the registry in one place, read from system properties (set by
 * wildfly-config from PARLEY_* environment variables). Defaults are the documented ones.
 */
public record RegistrySettings(
        String bindAddress,
        int registryPort,
        int keepalivePort,
        Duration keepaliveInterval,
        int maxLinksPerAddress,
        int maxLinks,
        Duration idleTimeout,
        Duration frameTimeout,
        Duration writeTimeout,
        int requestsPerSecond,
        int requestBurst,
        int registrationsPerMinutePerAddress,
        int loginFailuresPerMinutePerAddress,
        int loginFailuresBeforeDelay,
        Duration loginDelayMax,
        Duration roomRejoinGrace,
        int mailQuotaMessages,
        int mailQuotaMib,
        int mailDepositsPerSecond,
        int mailDepositBurst,
        Duration mailExpiry,
        String keyStorePath,
        String keyStorePassword,
        String webOrigins) {

    /** Missed keepalive intervals after which a session is offline. */
    public static final int MISSED_KEEPALIVES = 3;

    /**
     * After a start, how long room memberships from before it are kept for members who have not
     * logged in again yet (sessions are in memory and die with the process; the rooms are in the
     * database and survive it). See {@code room.RoomSweep}.
     */
    public Duration roomRejoinGrace() {
        return roomRejoinGrace;
    }

    /** The most sealed bytes one mailbox holds. */
    public long mailQuotaBytes() {
        return mailQuotaMib * 1024L * 1024L;
    }

    /**
     * The pages besides the registry's own that may open the browser client's WebSocket, as origins
     * ({@code https://chat.example.org}), from parley.web.origins, comma-separated. The registry's
     * own page (the origin the upgrade request is addressed to) may always.
     */
    public Set<String> allowedWebOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        for (String o : webOrigins.split(",")) {
            if (!o.isBlank()) {
                origins.add(o.trim().toLowerCase(Locale.ROOT));
            }
        }
        return origins;
    }

    public Duration sessionTimeout() {
        return keepaliveInterval.multipliedBy(MISSED_KEEPALIVES);
    }

    public static RegistrySettings fromSystemProperties() {
        return new RegistrySettings(
                text("parley.registry.bind", "0.0.0.0"),
                number("parley.registry.port", 15600, 0, 65535),
                number("parley.keepalive.port", 15500, 0, 65535),
                Duration.ofSeconds(number("parley.keepalive.interval-seconds", 10, 1, 3600)),
                number("parley.gateway.max-links-per-address", 32, 1, 1_000_000),
                number("parley.gateway.max-links", 20_000, 1, 1_000_000),
                Duration.ofSeconds(number("parley.gateway.idle-timeout-seconds", 30, 1, 86_400)),
                Duration.ofSeconds(number("parley.gateway.frame-timeout-seconds", 10, 1, 3600)),
                Duration.ofSeconds(number("parley.gateway.write-timeout-seconds", 30, 1, 3600)),
                number("parley.gateway.requests-per-second", 20, 1, 1_000_000),
                number("parley.gateway.request-burst", 40, 1, 1_000_000),
                number("parley.limits.registrations-per-minute", 30, 1, 1_000_000),
                number("parley.limits.login-failures-per-minute", 10, 1, 1_000_000),
                // Then the account waits 1 s, 2 s, 4 s ... up to the maximum after each failure from strangers.
                number("parley.limits.login-failures-before-delay", 10, 0, 1_000_000),
                Duration.ofSeconds(number("parley.limits.login-delay-max-seconds", 60, 1, 86_400)),
                // Twice the default session timeout: a registry back up finds its clients still backing
                // off (at most 30 s between attempts), and they must log in again before it runs out.
                Duration.ofSeconds(number("parley.rooms.rejoin-grace-seconds", 60, 0, 86_400)),
                // The mail the database can be made to hold is at most the accounts times the byte quota.
                number("parley.mail.quota-messages", 1000, 1, 1_000_000),
                number("parley.mail.quota-mib", 10, 1, 100_000),
                number("parley.mail.deposits-per-second", 10, 1, 1_000_000),
                number("parley.mail.deposit-burst", 100, 1, 1_000_000),
                Duration.ofDays(number("parley.mail.expiry-days", 30, 1, 3650)),
                text("parley.tls.keystore", ""),
                text("parley.tls.keystore-password", ""),
                text("parley.web.origins", ""));
    }

    private static String text(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int number(String name, int fallback, int min, int max) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalStateException(name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, got '" + v + "'", e);
        }
    }
}
