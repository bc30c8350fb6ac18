package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sessions that end while PostgreSQL is down (a crashed client, a logout): their room memberships
 * cannot be removed then, and must not stay once the database is back; and meanwhile the registry
 * tells a load balancer it is not ready (it is still alive). The registry runs the shipped EAR on
 * a PostgreSQL server of the test's own, which the test stops for 30 s.
 */
class DatabaseOutageSystemIT {
    /** The database back, the next sweep (every 5 s) that reaches it, and a slow machine's margin. */
    private static final Duration CLEANED_WITHIN = Duration.ofSeconds(45);

    @Test
    void sessionsThatEndWhileTheDatabaseIsDownLeaveNoStaleMembersOnceItIsBack() throws Exception {
        try (PrivatePostgres db = PrivatePostgres.start("outage-db")) {
            RegistryProcess registry = RegistryProcess.start(RegistryProcess.tempHome("outage-registry"), Map.of(
                    "PARLEY_DB_URL", db.url(), "PARLEY_DB_USER", "postgres", "PARLEY_DB_PASSWORD", "",
                    "PARLEY_DB_DRIVER", "postgresql"),
                    // A client that vanishes is offline within 9 s, inside the outage.
                    "-Dparley.keepalive.interval-seconds=3", "-Dparley.rooms.rejoin-grace-seconds=0");
            java.nio.file.Path bobHome = RegistryProcess.tempHome("bob");
            try (ParleyProcess ann = ParleyProcess.online("ann", RegistryProcess.tempHome("ann"), registry.address());
                    ParleyProcess bob = ParleyProcess.online("bob", bobHome, registry.address());
                    ParleyProcess carl = ParleyProcess.online("carl", RegistryProcess.tempHome("carl"), registry.address())) {
                ann.send("/create shared0").awaitLine("created #shared0 — you are its host");
                bob.send("/join shared0").awaitStart("joined #shared0");
                carl.send("/join shared0").awaitStart("joined #shared0");
                bob.send("/create solo").awaitLine("created #solo — you are its host");
                ann.awaitLine("carl joined #shared0");
                RegistryProcess.Management ready = registry.management("/health/ready");
                assertEquals(200, ready.status(), ready.body());
                assertTrue(ready.body().contains("\"database\":\"answers\"") && ready.body().contains("\"gateway\":\"listening\""),
                        ready.body());

                db.stop();
                long stoppedAt = System.nanoTime();
                bob.kill(); // his session ends when his keepalives stop: while the database is down
                carl.send("/logout").awaitLine("logged out");
                RegistryProcess.Management notReady = registry.awaitManagement("/health/ready", h -> h.status() == 503,
                        Duration.ofSeconds(15));
                assertEquals(503, notReady.status(), notReady.body());
                assertTrue(notReady.body().contains("\"status\":\"DOWN\"") && !notReady.body().contains("\"database\":\"answers\""),
                        notReady.body());
                RegistryProcess.Management alive = registry.management("/health/live");
                assertEquals(200, alive.status(), "a database outage is no reason to restart the registry: " + alive.body());
                Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - stoppedAt) / 1_000_000));
                db.start();
                RegistryProcess.Management readyAgain = registry.awaitManagement("/health/ready", h -> h.status() == 200,
                        CLEANED_WITHIN);
                assertEquals(200, readyAgain.status(), readyAgain.body());

                ann.await(l -> l.equals("bob went offline — left #shared0"), "bob's departure", CLEANED_WITHIN);
                ann.await(l -> l.startsWith("carl ") && l.endsWith(" #shared0"), "carl's departure", CLEANED_WITHIN);
                assertEquals(0, db.count("SELECT count(*) FROM room_membership m JOIN account a ON a.id = m.account_id"
                        + " WHERE a.username_key IN ('bob', 'carl')"), "stale memberships");
                assertEquals(0, db.count("SELECT count(*) FROM room WHERE name_key = 'solo'"),
                        "a room whose only member went offline");
                assertEquals(0, db.count("SELECT count(*) FROM room r JOIN account a ON a.id = r.host_id"
                        + " WHERE a.username_key IN ('bob', 'carl')"), "rooms hosted by someone offline");
                ann.send("/members shared0").awaitLine("#shared0 (1/50, host ann): ann");

                // bob's next login finds no membership left behind: joining again just works.
                try (ParleyProcess back = ParleyProcess.start("bob", bobHome, registry.address())) {
                    back.login("bob");
                    back.send("/join shared0").awaitLine("joined #shared0 (2/50, host ann): ann, bob");
                }
            } finally {
                registry.close();
            }
        }
    }
}
