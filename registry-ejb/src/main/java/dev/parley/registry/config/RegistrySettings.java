package dev.parley.registry.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every operator-tunable knob of the registry in one place, read through MicroProfile Config: each
 * from the environment variable of its name in capitals with underscores, or a {@code -D} system
 * property of its name (which wins). Defaults are the documented ones.
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

    /** Every setting at its default: what a registry with no configuration runs with. */
    public static RegistrySettings defaults() {
        return read(name -> Optional.empty());
    }

    /**
     * Reads every setting by its name ({@code parley.keepalive.interval-seconds}) with {@code
     * lookup}: MicroProfile Config in the server, where the environment variable of the same name
     * ({@code PARLEY_KEEPALIVE_INTERVAL_SECONDS}) and a {@code -D} system property both set it.
     *
     * @throws InvalidSettingsException naming every value that is not valid, one line each
     */
    public static RegistrySettings read(Function<String, Optional<String>> lookup) {
        return read(new SettingsReader(lookup));
    }

    /** {@link #read(Function)} with a reader that notes which settings were given, for the start-up log. */
    static RegistrySettings read(SettingsReader r) {
        RegistrySettings settings = new RegistrySettings(
                r.text("parley.bind", "0.0.0.0"),
                r.number("parley.registry.port", 15600, 0, 65535),
                r.number("parley.keepalive.port", 15500, 0, 65535),
                Duration.ofSeconds(r.number("parley.keepalive.interval-seconds", 10, 1, 3600)),
                r.number("parley.gateway.max-links-per-address", 32, 1, 1_000_000),
                r.number("parley.gateway.max-links", 20_000, 1, 1_000_000),
                Duration.ofSeconds(r.number("parley.gateway.idle-timeout-seconds", 30, 1, 86_400)),
                Duration.ofSeconds(r.number("parley.gateway.frame-timeout-seconds", 10, 1, 3600)),
                Duration.ofSeconds(r.number("parley.gateway.write-timeout-seconds", 30, 1, 3600)),
                r.number("parley.gateway.requests-per-second", 20, 1, 1_000_000),
                r.number("parley.gateway.request-burst", 40, 1, 1_000_000),
                r.number("parley.limits.registrations-per-minute", 30, 1, 1_000_000),
                r.number("parley.limits.login-failures-per-minute", 10, 1, 1_000_000),
                // Then the account waits 1 s, 2 s, 4 s ... up to the maximum after each failure from strangers.
                r.number("parley.limits.login-failures-before-delay", 10, 0, 1_000_000),
                Duration.ofSeconds(r.number("parley.limits.login-delay-max-seconds", 60, 1, 86_400)),
                // Twice the default session timeout: a registry back up finds its clients still backing
                // off (at most 30 s between attempts), and they must log in again before it runs out.
                Duration.ofSeconds(r.number("parley.rooms.rejoin-grace-seconds", 60, 0, 86_400)),
                // The mail the database can be made to hold is at most the accounts times the byte quota.
                r.number("parley.mail.quota-messages", 1000, 1, 1_000_000),
                r.number("parley.mail.quota-mib", 10, 1, 100_000),
                r.number("parley.mail.deposits-per-second", 10, 1, 1_000_000),
                r.number("parley.mail.deposit-burst", 100, 1, 1_000_000),
                Duration.ofDays(r.number("parley.mail.expiry-days", 30, 1, 3650)),
                r.text("parley.tls.keystore", ""),
                r.secret("parley.tls.keystore-password"),
                r.text("parley.web.origins", ""));
        r.requireValid();
        return settings;
    }
}
