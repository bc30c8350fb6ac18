package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.protocol.Frame;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watching users through the session: the WATCH request, typed PRESENCE changes, bad events, and re-watching after a reconnect. */
class PresenceWatchTest {
    private static final String PASSWORD = "correct horse";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), new SplittableRandom(1));

    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private final LinkedBlockingQueue<PresenceChange> changes = new LinkedBlockingQueue<>();
    private FakeRegistry registry;
    private RegistrySession session;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start().keepaliveIntervalSeconds(1).account("alice", PASSWORD);
        RegistryConnector connector = new RegistryConnector(registry.address(),
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(2), Duration.ofSeconds(5));
        session = new RegistrySession(connector, observer, QUICK, 0, Duration.ofSeconds(5));
        session.onPresence(changes::add);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        registry.close();
    }

    private void login() throws Exception {
        session.login("alice", PASSWORD.toCharArray(), null);
        assertTrue(observer.next().startsWith("pinned "));
    }

    private static PresenceChange online(String user, String address, int port) {
        return new PresenceChange(user, true, Optional.of(new InetSocketAddress(address, port)));
    }

    private PresenceChange nextChange() throws InterruptedException {
        PresenceChange c = changes.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no presence change within 5 s");
        }
        return c;
    }

    private static List<String> users(RegistryRequest.Watch watch) {
        return watch.users();
    }

    private static RegistryEvent.Presence presence(String user, boolean online, String address, Integer peerPort) {
        return new RegistryEvent.Presence(user, online, address, peerPort, null);
    }

    /** A PRESENCE frame that does not read: bob coming online, with one field broken as a faulty registry might. */
    private static Frame broken(java.util.function.UnaryOperator<JsonObjectBuilder> breakIt) {
        Frame valid = Frame.event(presence("bob", true, "127.0.0.1", 4000));
        return new Frame(breakIt.apply(Json.createObjectBuilder(valid.json())).build());
    }

    @Test
    void watchSendsTheListAndAnswersWhoIsOnlineNow() throws Exception {
        registry.otherOnline("bob", "127.0.0.1", 40311);
        login();

        List<PresenceChange> now = session.watch(List.of("bob", "carol", "bob"));

        assertEquals(List.of(online("bob", "127.0.0.1", 40311)), now);
        assertEquals(List.of("bob", "carol"), users(registry.nextRequest(RegistryRequest.Watch.class)), "each name once");
        assertNull(changes.poll(), "an answer is returned, not also sent to the listener");
    }

    @Test
    void presenceEventsReachTheListenerTypedAndNotTheRoomEvents() throws Exception {
        List<String> otherEvents = new CopyOnWriteArrayList<>();
        session.onEvent(e -> otherEvents.add(e.toString()));
        login();

        registry.sendEvent("alice", new RegistryEvent.Presence("bob", true, "127.0.0.1", 40123, "MFkw"));
        registry.sendEvent("alice", presence("bob", false, null, null));

        assertEquals(online("bob", "127.0.0.1", 40123), nextChange());
        assertEquals(new PresenceChange("bob", false, Optional.empty()), nextChange());
        assertEquals(List.of(), otherEvents);
    }

    @Test
    void unusableEventsAreDroppedAndUnusableAddressesLeftOutWithoutHarm() throws Exception {
        login();
        // Events that do not read as a PRESENCE record (the link drops them), and one whose user is no username.
        List<Frame> dropped = List.of(
                broken(b -> b.remove("user")),
                broken(b -> b.add("user", 7)),
                broken(b -> b.add("online", "yes")),
                broken(b -> b.remove("online")),
                broken(b -> b.add("address", 127)),
                Frame.event(presence("x", false, null, null)));
        for (Frame f : dropped) {
            registry.sendFrame("alice", f);
        }
        List<RegistryEvent.Presence> withoutAddress = List.of(
                presence("bob", true, null, null),
                presence("bob", true, "registry.example", 4000),
                presence("bob", true, "999.1.1.1", 4000),
                presence("bob", true, "1:2:3:zz", 4000),
                presence("bob", true, "127.0.0.1", 70000));
        for (RegistryEvent.Presence p : withoutAddress) {
            registry.sendEvent("alice", p);
        }
        registry.sendEvent("alice", presence("carol", true, "::1", 4001));

        for (int i = 0; i < withoutAddress.size(); i++) {
            assertEquals(new PresenceChange("bob", true, Optional.empty()), nextChange(), "event " + i);
        }
        assertEquals(online("carol", "::1", 4001), nextChange());
        assertNull(changes.poll(300, TimeUnit.MILLISECONDS));
        assertEquals("alice", session.whoami().username(), "the link goes on");
    }

    @Test
    void aListenerThatFailsLosesThatChangeOnly() throws Exception {
        login();
        session.onPresence(c -> {
            throw new IllegalStateException("a bug in the chat layer");
        });
        registry.sendEvent("alice", presence("bob", false, null, null));
        CountDownLatch heard = new CountDownLatch(1);
        session.onPresence(c -> heard.countDown());
        registry.sendEvent("alice", presence("bob", false, null, null));

        assertTrue(heard.await(5, TimeUnit.SECONDS));
        assertEquals("alice", session.whoami().username());
    }

    @Test
    void theWatchListIsSentAgainAfterAReconnectAndWhoIsOnlineThenIsReported() throws Exception {
        login();
        session.watch(List.of("bob", "carol"));
        registry.nextRequest(RegistryRequest.Watch.class);
        registry.otherOnline("bob", "127.0.0.1", 40311); // came while we were away

        registry.dropLinks(); // or the registry restarted: either way it must hear the list again

        assertEquals("lost", observer.next());
        assertEquals("reconnected alice", observer.next());
        assertEquals(List.of("bob", "carol"), users(registry.nextRequest(RegistryRequest.Watch.class)));
        assertEquals(online("bob", "127.0.0.1", 40311), nextChange());
        assertEquals(List.of("bob", "carol"), registry.watchedBy("alice"));
    }

    @Test
    void aListSetWhileReconnectingIsSentOnceTheLinkIsBack() throws Exception {
        login();
        CountDownLatch held = registry.holdLogins();
        registry.dropLinks();
        assertEquals("lost", observer.next());

        assertThrows(RegistryUnreachableException.class, () -> session.watch(List.of("dave")));

        held.countDown();
        assertEquals("reconnected alice", observer.next());
        assertEquals(List.of("dave"), users(registry.nextRequest(RegistryRequest.Watch.class)));
    }

    @Test
    void badListsAreRefusedBeforeAnythingIsSent() throws Exception {
        RegistryException notIn = assertThrows(RegistryException.class, () -> session.watch(List.of("bob")));
        assertEquals("log in first — /login NAME", notIn.getMessage());
        login();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("user" + i);
        }
        assertEquals("at most 1000 users can be watched, not 1001",
                assertThrows(IllegalArgumentException.class, () -> session.watch(tooMany)).getMessage());
        assertEquals("cannot watch 'x': a username has 3 to 32 characters",
                assertThrows(IllegalArgumentException.class, () -> session.watch(List.of("bob", "x"))).getMessage());
        assertEquals(Collections.emptyList(), session.watch(List.of()));
        assertEquals(List.of(), users(registry.nextRequest(RegistryRequest.Watch.class)), "only the good list was sent");
    }
}
