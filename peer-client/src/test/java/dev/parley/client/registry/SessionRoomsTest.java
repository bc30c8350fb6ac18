package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the LOGIN answer says about rooms reaches the client at login and each time a lost session is won back. */
class SessionRoomsTest {
    private static final String PASSWORD = "correct horse";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), new SplittableRandom(1));

    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private final LinkedBlockingQueue<SessionGrant> renewals = new LinkedBlockingQueue<>();
    private FakeRegistry registry;
    private RegistrySession session;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start().account("alice", PASSWORD);
        RegistryConnector connector = new RegistryConnector(registry.address(),
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        session = new RegistrySession(connector, observer, QUICK, 0, Duration.ofSeconds(5));
        session.onRenewal(renewals::add);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        registry.close();
    }

    @Test
    void theLoginAnswerSaysWhichRoomsTheSessionIsIn() throws Exception {
        registry.roomsAtLogin(List.of("hall", "attic"));
        assertEquals(Optional.of(List.of("hall", "attic")), session.login("alice", PASSWORD.toCharArray(), null).rooms());
    }

    @Test
    void aRegistryThatDoesNotSayLeavesTheRoomsUnknown() throws Exception {
        assertEquals(Optional.empty(), session.login("alice", PASSWORD.toCharArray(), null).rooms());
    }

    @Test
    void aSessionWonBackHandsOnWhichRoomsItIsIn() throws Exception {
        registry.roomsAtLogin(List.of("hall"));
        session.login("alice", PASSWORD.toCharArray(), null);
        assertTrue(observer.next().startsWith("pinned "));
        registry.roomsAtLogin(List.of()); // the session expired meanwhile: the new one has no rooms

        registry.dropLinks();

        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
        SessionGrant renewed = renewals.poll(10, TimeUnit.SECONDS);
        assertEquals(Optional.of(List.of()), renewed.rooms());
        assertEquals("alice", session.whoami().username(), "the listener runs when the link is usable");
    }
}
