package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator's dashboard reads from /metrics on the management interface while people use
 * the registry: who is online, open links, logins that worked and failed, request latencies by
 * type, keepalives, rooms and their members.
 */
class MetricsSystemIT {

    @Test
    void theMetricsFollowWhatClientsDo() throws Exception {
        RegistryProcess registry = RegistryProcess.start(RegistryProcess.tempHome("metrics-registry"), Map.of(),
                "-Dparley.keepalive.interval-seconds=2");
        try (ParleyProcess ann = ParleyProcess.online("ann", RegistryProcess.tempHome("ann"), registry.address());
                ParleyProcess ben = ParleyProcess.online("ben", RegistryProcess.tempHome("ben"), registry.address());
                ParleyProcess guesser = ParleyProcess.start("guesser", RegistryProcess.tempHome("guesser"),
                        registry.address())) {
            guesser.send("/login ann").awaitLine("password for ann:");
            guesser.send("not her password").await(l -> l.contains("wrong username or password"), "the refusal");
            ann.send("/create lobby").awaitLine("created #lobby — you are its host");
            ben.send("/join lobby").awaitStart("joined #lobby");

            // Rooms are counted every 15 s; keepalives come every 2 s.
            String metrics = awaitMetrics(registry, m -> value(m, "parley_rooms_members", "") == 2
                    && value(m, "parley_keepalives_total", "outcome=\"accepted\"") >= 2, Duration.ofSeconds(40));
            assertEquals(2, value(metrics, "parley_sessions_online", ""), metrics);
            assertTrue(value(metrics, "parley_links_open", "") >= 2, metrics);
            assertEquals(1, value(metrics, "parley_cluster_members", ""), metrics); // a registry alone
            assertEquals(2, value(metrics, "parley_logins_total", "outcome=\"ok\""), metrics);
            assertEquals(1, value(metrics, "parley_logins_total", "outcome=\"refused\""), metrics);
            assertEquals(1, value(metrics, "parley_rooms", ""), metrics);
            double logins = value(metrics, "parley_requests_seconds_count", "status=\"200\",type=\"LOGIN\"");
            assertEquals(2, logins, metrics);
            assertEquals(1, value(metrics, "parley_requests_seconds_count", "status=\"401\",type=\"LOGIN\""), metrics);
            // The histogram's last bucket holds every answer, and the buckets only grow.
            assertEquals(logins, value(metrics, "parley_requests_latency_total", "le=\"+Inf\",status=\"200\",type=\"LOGIN\""),
                    metrics);
            assertTrue(value(metrics, "parley_requests_latency_total", "le=\"0.001\",status=\"200\",type=\"LOGIN\"")
                    <= value(metrics, "parley_requests_latency_total", "le=\"10.0\",status=\"200\",type=\"LOGIN\""), metrics);
            assertTrue(value(metrics, "parley_requests_seconds_count", "status=\"201\",type=\"ROOM_CREATE\"") >= 1, metrics);

            ben.send("/logout").awaitLine("logged out");
            String after = awaitMetrics(registry, m -> value(m, "parley_sessions_online", "") == 1, Duration.ofSeconds(10));
            assertEquals(1, value(after, "parley_sessions_online", ""), after);
            assertEquals(0, value(after, "parley_sessions_resumable", ""), after);

            // A client that dies leaves its session to be resumed, until it expires (3 intervals: 6 s).
            ann.kill();
            String died = awaitMetrics(registry, m -> value(m, "parley_sessions_resumable", "") == 1, Duration.ofSeconds(5));
            assertEquals(0, value(died, "parley_sessions_online", ""), died);
            assertEquals(1, value(died, "parley_sessions_resumable", ""), died);
            String expired = awaitMetrics(registry, m -> value(m, "parley_sessions_resumable", "") == 0, Duration.ofSeconds(15));
            assertEquals(0, value(expired, "parley_sessions_resumable", ""), expired);
        } finally {
            registry.close();
        }
    }

    /** /metrics once {@code done} holds of it (or {@code within} is over), as a scraper reads it. */
    private static String awaitMetrics(RegistryProcess registry, Predicate<String> done, Duration within) throws Exception {
        RegistryProcess.Management m = registry.awaitManagement("/metrics", r -> r.status() == 200 && done.test(r.body()),
                within);
        assertEquals(200, m.status(), m.body());
        return m.body();
    }

    /**
     * The value of the sample {@code name} whose labels include {@code labels} (as written, in
     * the exporter's order, beside WildFly's own deployment label); NaN when there is none.
     */
    private static double value(String metrics, String name, String labels) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }
}
