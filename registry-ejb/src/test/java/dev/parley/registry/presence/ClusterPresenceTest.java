package dev.parley.registry.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.cluster.ClusterMessage;
import dev.parley.registry.cluster.ClusterMessage.SessionGone;
import dev.parley.registry.cluster.ClusterMessage.SessionSeen;
import dev.parley.registry.cluster.ClusterMessage.Sessions;
import dev.parley.registry.cluster.RegistryCluster;
import dev.parley.registry.cluster.SessionCard;
import dev.parley.registry.cluster.SharedPresence;
import dev.parley.registry.config.RegistrySettings;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The presence service as one node of a cluster: what it learns of another node's sessions, what
 * it tells the others, and what happens to a departed node's sessions. The cluster is a recording
 * stand-in; the service is the real one.
 */
class ClusterPresenceTest {
    private final List<ClusterMessage> published = new ArrayList<>();
    private final List<SessionEnded> ended = new ArrayList<>();
    private final List<PresenceChanged> changes = new ArrayList<>();
    private final FakeCluster cluster = new FakeCluster();
    private PresenceService presence;

    /** What this node publishes, and whether it is the coordinator; no JGroups. */
    private final class FakeCluster extends RegistryCluster {
        SharedPresence shared;
        boolean coordinator = true;

        @Override
        public void share(SharedPresence s) {
            shared = s;
        }

        @Override
        public void publish(ClusterMessage message) {
            published.add(message);
        }

        @Override
        public boolean coordinator() {
            return coordinator;
        }

        @Override
        public String localNode() {
            return "one";
        }
    }

    @BeforeEach
    void oneNodeOfTwo() throws Exception {
        presence = new PresenceService();
        // Keepalives every second: a session (and an orphan) lasts 3 s.
        set("settings", RegistrySettings.read(name -> Optional.ofNullable(
                Map.of("parley.keepalive.interval-seconds", "1").get(name))));
        set("sessionEnded", recording(ended));
        set("presenceChanged", recording(changes));
        set("keepalivesMissing", recording(new ArrayList<>()));
        set("cluster", cluster);
        presence.joinCluster();
    }

    @Test
    void aUserOnAnotherNodeIsOnlineHereAndCannotLogInTwice() {
        cluster.shared.heard("two", new SessionSeen(card("s-bob", "bob", true, "bob's token", null)));

        Session bob = presence.online("BOB").orElseThrow();
        assertEquals("two", bob.node());
        assertEquals("10.0.0.2", bob.address());
        assertTrue(presence.hasSession("bob"));
        assertEquals(List.of("bob"), presence.onlinePage(0, 10).sessions().stream().map(Session::username).toList());
        assertEquals(0, presence.sessionsOnline(), "served elsewhere: not counted here");

        RequestRefused refused = assertThrows(RequestRefused.class,
                () -> presence.login("bob", null, "10.0.0.9", 40000, null));
        assertEquals(Status.CONFLICT, refused.status());
    }

    @Test
    void aSessionResumedHereFromAnotherNodeIsAnnouncedAsReplacingItAndKeepsTheRooms() {
        cluster.shared.heard("two", new SessionSeen(card("s-bob", "bob", false, "bob's token", null)));

        Session bob = presence.login("bob", null, "10.0.0.9", 40000, "bob's token");

        assertTrue(bob.isLocal());
        SessionSeen told = (SessionSeen) published.getLast();
        assertEquals("s-bob", told.session().replaces());
        assertEquals(bob.id(), told.session().id());
        assertTrue(ended.isEmpty(), "a resume ends nothing here: node two closes its own link: " + ended);
    }

    @Test
    void aFreshLoginReplacingADetachedSessionElsewhereLetsGoOfItsRoomsHere() {
        cluster.shared.heard("two", new SessionSeen(card("s-bob", "bob", false, "bob's token", null)));

        presence.login("bob", null, "10.0.0.9", 40000, null);

        assertEquals(1, ended.size());
        assertEquals("s-bob", ended.getFirst().sessionId());
        assertFalse(ended.getFirst().resumed(), "not resumed: the rooms go");
    }

    @Test
    void aSessionTakenOverOnAnotherNodeEndsHereWithItsLink() {
        Session ann = presence.login("ann", null, "10.0.0.1", 40000, null);

        cluster.shared.heard("two", new SessionSeen(card("s-ann2", "ann", true, "new token", ann.id())));

        assertEquals("two", presence.online("ann").orElseThrow().node());
        assertTrue(presence.session(ann.id()).isEmpty());
        assertEquals(ann.id(), ended.getFirst().sessionId());
        assertTrue(ended.getFirst().resumed(), "her rooms stay: she carries on on node two");
    }

    @Test
    void ofTwoFreshLoginsAtOnceTheLaterStandsOnBothNodes() {
        Session here = presence.login("ann", null, "10.0.0.1", 40000, null);

        SessionCard earlier = new SessionCard("s-x", "ann", null, "10.0.0.2", 40000, here.since().minusSeconds(1), true,
                hash("t"), null);
        cluster.shared.heard("two", new SessionSeen(earlier));
        assertTrue(presence.online("ann").orElseThrow().isLocal(), "ours is later: it stays");

        SessionCard later = new SessionCard("s-y", "ann", null, "10.0.0.2", 40000, here.since().plusSeconds(1), true,
                hash("t"), null);
        cluster.shared.heard("two", new SessionSeen(later));
        assertEquals("s-y", presence.online("ann").orElseThrow().id());
    }

    @Test
    void aWatcherHereHearsOfUsersComingAndGoingOnAnotherNode() {
        Session ann = presence.login("ann", null, "10.0.0.1", 40000, null);
        presence.watch(ann.id(), List.of("bob"));

        cluster.shared.heard("two", new SessionSeen(card("s-bob", "bob", true, "t", null)));
        cluster.shared.heard("two", new SessionGone("bob", "s-other")); // an older session of his: ignored
        cluster.shared.heard("two", new SessionGone("bob", "s-bob"));

        assertEquals(2, changes.size());
        assertTrue(changes.get(0).online());
        assertEquals(java.util.Set.of(ann.id()), changes.get(0).watchers());
        assertFalse(changes.get(1).online());
        assertFalse(presence.hasSession("bob"));
    }

    @Test
    void aNodesListOfItsSessionsReplacesWhatWasKnownOfThem() {
        cluster.shared.heard("two", new SessionSeen(card("s-bob", "bob", true, "t", null)));
        cluster.shared.heard("two", new SessionSeen(card("s-cat", "cat", true, "t", null)));

        cluster.shared.heard("two", new Sessions(List.of(card("s-cat", "cat", true, "t", null),
                card("s-dan", "dan", true, "t", null))));

        assertFalse(presence.hasSession("bob"));
        assertTrue(presence.hasSession("cat"));
        assertTrue(presence.hasSession("dan"));
    }

    @Test
    void aDepartedNodesSessionsWaitOneTimeoutToBeResumedThenTheCoordinatorEndsThem() throws Exception {
        cluster.shared.heard("two", new SessionSeen(card("s-bob", "bob", true, "bob's token", null)));
        cluster.shared.heard("two", new SessionSeen(card("s-cat", "cat", true, "cat's token", null)));

        cluster.shared.nodeLeft("two");

        assertTrue(presence.online("bob").isEmpty(), "offline at once");
        assertTrue(presence.hasSession("bob"), "but resumable: the rooms wait");
        // A node of the same name that comes back knows nothing of them; they still wait.
        cluster.shared.heard("two", new Sessions(List.of()));
        assertTrue(presence.hasSession("bob"));

        Session bob = presence.login("bob", null, "10.0.0.9", 40000, "bob's token");
        Thread.sleep(3100);
        presence.keepaliveOverLink(bob.id()); // his client keeps his new session alive
        presence.expire();

        assertTrue(presence.online("bob").isPresent(), "bob resumed here in time");
        assertFalse(presence.hasSession("cat"), "cat did not");
        assertEquals(List.of("cat"), ended.stream().map(SessionEnded::username).toList());
        assertFalse(ended.getFirst().resumed());
    }

    @Test
    void anOrphanIsForgottenOnEveryNodeButEndedOnlyByTheCoordinator() throws Exception {
        cluster.coordinator = false;
        cluster.shared.heard("two", new SessionSeen(card("s-cat", "cat", true, "t", null)));
        cluster.shared.nodeLeft("two");

        Thread.sleep(3100);
        presence.expire();

        assertFalse(presence.hasSession("cat"));
        assertTrue(ended.isEmpty(), "the coordinator says it, once: " + ended);
    }

    @Test
    void whatThisNodeTellsTheOthersCarriesNoResumeTokenOnlyItsHash() {
        Session ann = presence.login("ann", null, "10.0.0.1", 40000, null);
        presence.linkClosed(ann.id());
        presence.logout(ann.id());

        assertEquals(3, published.size());
        SessionCard started = ((SessionSeen) published.get(0)).session();
        assertTrue(MessageDigest.isEqual(hash(ann.resumeToken()), started.resumeTokenHash()));
        assertNull(started.replaces());
        assertFalse(((SessionSeen) published.get(1)).session().attached(), "the link closed: offline");
        assertEquals(new SessionGone("ann", ann.id()), published.get(2));
        List<SessionCard> handedOver = new ArrayList<>();
        cluster.shared.sessionsServedHere(handedOver::addAll);
        assertTrue(handedOver.isEmpty());
    }

    private static SessionCard card(String id, String user, boolean attached, String token, String replaces) {
        return new SessionCard(id, user, null, "10.0.0.2", 40001, Instant.now(), attached, hash(token), replaces);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private void set(String field, Object value) throws ReflectiveOperationException {
        Field f = PresenceService.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(presence, value);
    }

    /** An Event that records what is fired, synchronously, as CDI's would on this thread. */
    private static <T> Event<T> recording(List<T> into) {
        return new Event<>() {
            @Override
            public void fire(T event) {
                into.add(event);
            }

            @Override
            public <U extends T> CompletionStage<U> fireAsync(U event) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Event<T> select(Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
