package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registry that crashes (kill -9) and is started again on the same home and PostgreSQL database
 * while two people are in a room: their clients win their sessions back on their own, the room is
 * still theirs, and room messages flow as before. The database is one of the test's own on the
 * tests' PostgreSQL server (parley.test.db.*), made before and dropped after.
 */
class RegistryRestartSystemIT {
    /**
     * A client backs off up to 30 s between attempts, and a WildFly takes a while to start on two
     * busy cores: the time to notice the registry is back, with a margin.
     */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(90);

    private ScratchDatabase database;
    private RegistryProcess registry;

    @BeforeEach
    void startRegistry() throws Exception {
        database = ScratchDatabase.create("parley_restart");
        registry = RegistryProcess.start(RegistryProcess.tempHome("restart-registry"), database.registryEnv(),
                // As RoomSystemIT: a client that vanishes is offline within 9 s.
                "-Dparley.keepalive.interval-seconds=3");
    }

    @AfterEach
    void stopRegistry() throws Exception {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private ParleyProcess online(String user) throws Exception {
        return ParleyProcess.online(user, RegistryProcess.tempHome(user), registry.address());
    }

    @Test
    void aRoomOutlivesAKilledRegistryAndItsMessagesFlowAgain() throws Exception {
        try (ParleyProcess ann = online("ann"); ParleyProcess bob = online("bob")) {
            ann.send("/create hall").awaitLine("created #hall — you are its host");
            bob.send("/join hall").awaitLine("joined #hall (2/50, host ann): ann, bob");
            ann.awaitLine("bob joined #hall");
            ParleyProcess.converse(ann, "ann", bob, "bob");

            registry.kill();
            ann.awaitLine("lost the registry — reconnecting…");
            bob.awaitLine("lost the registry — reconnecting…");
            // Chat goes peer to peer: a registry that is down does not stop it.
            ann.send("direct, while the registry is down");
            bob.await(l -> l.endsWith("ann: direct, while the registry is down"), "ann's direct message");
            ann.await(l -> l.matches("delivered to bob at \\d\\d:\\d\\d:\\d\\d: \"direct, while the registry is down\""),
                    "its receipt");
            registry = registry.startAgain();
            assertTrue(registry.output().stream().anyMatch(l -> l.contains(
                    "room members from before this start keep their rooms if they log in again within 60 s")),
                    "the registry says how long the rooms wait");

            ann.await("reconnected"::equals, "'reconnected'", BACK_WITHIN);
            bob.await("reconnected"::equals, "'reconnected'", BACK_WITHIN);
            ann.send("/members hall").awaitLine("#hall (2/50, host ann): ann, bob");
            bob.send("/join hall").awaitLine("you are already in #hall — now in #hall");

            ann.send("/switch #hall").awaitStart("now in #hall");
            ann.send("still here?");
            bob.await(l -> l.endsWith("#hall ann: still here?"), "ann's message after the restart");
            ann.awaitLine("delivered to 1 of 1 in #hall: \"still here?\"");
            bob.send("yes, still here");
            ann.await(l -> l.endsWith("#hall bob: yes, still here"), "bob's answer");

            // Once the grace is over the sweep looks at every member: both came back, so both stay.
            awaitRegistrySays("the rejoin grace after start is over", Duration.ofSeconds(90));
            Thread.sleep(6000); // one sweep (every 5 s) after it
            bob.send("/members hall").awaitLine("#hall (2/50, host ann): ann, bob");
            bob.send("/leave").awaitLine("left #hall");
            ann.awaitLine("bob left #hall");
        }
    }

    private void awaitRegistrySays(String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (registry.output().stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the registry never said '" + text + "'; it said:\n  "
                        + String.join("\n  ", registry.output()));
            }
            Thread.sleep(200);
        }
    }
}
