package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WATCH and PRESENCE over the real gateway: a client hears when the people it watches come online
 * (with where to reach them) and go offline (logout, missed keepalives, a closed link), its watch
 * list follows its session through a resume, and a malformed WATCH is refused without harm.
 */
@ExtendWith(ArquillianExtension.class)
class PresenceWatchIT {
    private static final String PASSWORD = RegistryFlowIT.PASSWORD;

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    private static Frame watch(TestLink link, String... users) throws Exception {
        JsonArrayBuilder names = Frame.array();
        for (String u : users) {
            names.add(u);
        }
        return link.request(MessageType.WATCH, Frame.object().add("users", names));
    }

    /** The PRESENCE event about {@code user}, waiting up to {@code millis}. */
    private static JsonObject presence(TestLink link, String user, int millis) throws Exception {
        return link.awaitEvent(MessageType.PRESENCE, f -> user.equals(f.json().getString("user", null)), millis).json();
    }

    /** An account that exists but is not logged in; its link stays open, greeted, for logging in later. */
    private static TestLink registered(String user) throws Exception {
        TestLink link = TestLink.open();
        link.hello();
        ok(link.register(user, PASSWORD), Status.CREATED);
        return link;
    }

    private static void assertOffline(JsonObject event) {
        assertFalse(event.getBoolean("online"));
        assertFalse(event.containsKey("address"));
        assertFalse(event.containsKey("peerPort"));
    }

    @Test
    void aWatcherHearsTheUserLogInWithWhereToReachThemAndLogOut() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = RegistryFlowIT.loggedIn(TestLink.uniqueName("alice")); TestLink b = registered(bob)) {
            Frame answer = ok(watch(a, bob), Status.OK);
            assertEquals("watching 1 user", answer.message());
            assertEquals(1, answer.json().getInt("watching"));
            assertTrue(answer.json().getJsonArray("online").isEmpty(), "bob is not online yet");

            Frame login = ok(b.login(bob, PASSWORD, 40123), Status.OK);

            JsonObject online = presence(a, bob, 5000);
            assertTrue(online.getBoolean("online"));
            assertEquals(login.json().getString("address"), online.getString("address"));
            assertEquals(40123, online.getInt("peerPort"));
            assertFalse(online.containsKey("id"), "an event has no id");

            ok(b.request(MessageType.LOGOUT, null), Status.OK);

            assertOffline(presence(a, bob, 5000));
        }
    }

    @Test
    void aWatcherHearsWhenTheUsersKeepalivesStop() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = RegistryFlowIT.loggedIn(TestLink.uniqueName("alice")); TestLink b = RegistryFlowIT.loggedIn(bob)) {
            JsonObject answer = ok(watch(a, bob), Status.OK).json();
            JsonObject listed = answer.getJsonArray("online").getJsonObject(0);
            assertEquals(bob, listed.getString("user"), "the answer names who is online now");
            assertEquals(40000, listed.getInt("peerPort"));

            b.stopKeepalives();

            // Three intervals of 1 s, a grace interval after KEEPALIVE_MISSING, and the once-a-second sweep.
            assertOffline(presence(a, bob, 8000));
            assertEquals(Status.UNAUTHORIZED, b.awaitClose(5000).status());
        }
    }

    @Test
    void aClosedLinkShowsTheUserOfflineAndAResumeShowsThemOnlineAgain() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = RegistryFlowIT.loggedIn(TestLink.uniqueName("alice")); TestLink again = TestLink.open()) {
            TestLink b = registered(bob);
            String token = ok(b.login(bob, PASSWORD, 40001), Status.OK).json().getString("resumeToken");
            ok(watch(a, bob), Status.OK);

            b.close();
            assertOffline(presence(a, bob, 3000));

            again.hello();
            ok(again.request(MessageType.LOGIN, Frame.object().add("username", bob).add("password", PASSWORD)
                    .add("peerPort", 40002).add("resumeToken", token)), Status.OK);
            JsonObject back = presence(a, bob, 3000);
            assertTrue(back.getBoolean("online"));
            assertEquals(40002, back.getInt("peerPort"));
        }
    }

    @Test
    void theWatchListSurvivesTheWatchersResumeAndEndsWithItsSession() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        try (TestLink b = registered(bob); TestLink c = registered(carol); TestLink resumed = TestLink.open();
                TestLink fresh = TestLink.open()) {
            TestLink a = registered(alice);
            String token = ok(a.login(alice, PASSWORD, 40001), Status.OK).json().getString("resumeToken");
            ok(watch(a, bob, carol), Status.OK);
            a.close();
            resumed.hello();
            ok(resumed.request(MessageType.LOGIN, Frame.object().add("username", alice).add("password", PASSWORD)
                    .add("peerPort", 40001).add("resumeToken", token)), Status.OK);

            ok(b.login(bob, PASSWORD, 40100), Status.OK);

            assertTrue(presence(resumed, bob, 5000).getBoolean("online"), "the resumed session still watches bob");

            ok(resumed.request(MessageType.LOGOUT, null), Status.OK);
            fresh.hello();
            ok(fresh.login(alice, PASSWORD, 40001), Status.OK);
            ok(c.login(carol, PASSWORD, 40200), Status.OK);
            assertTrue(fresh.pollEvent(MessageType.PRESENCE, f -> true, 1500).isEmpty(),
                    "a new session starts with no watch list");
        }
    }

    @Test
    void watchReplacesTheListCountsNamesOnceAndLeavesOutYourself() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = TestLink.uniqueName("bob");
        String carol = TestLink.uniqueName("carol");
        try (TestLink a = RegistryFlowIT.loggedIn(alice); TestLink b = registered(bob); TestLink c = registered(carol)) {
            ok(watch(a, bob), Status.OK);

            Frame answer = ok(watch(a, carol, carol.toUpperCase(), alice, "nobody" + carol), Status.OK);

            assertEquals("watching 2 users", answer.message(), "carol once, no alice, and a name of no account");
            ok(b.login(bob, PASSWORD, 40100), Status.OK);
            ok(c.login(carol, PASSWORD, 40200), Status.OK);
            assertTrue(presence(a, carol, 5000).getBoolean("online"));
            assertTrue(a.pollEvent(MessageType.PRESENCE, f -> true, 1000).isEmpty(), "bob is no longer watched");

            assertEquals("watching 0 users", ok(watch(a), Status.OK).message());
            ok(c.request(MessageType.LOGOUT, null), Status.OK);
            assertTrue(a.pollEvent(MessageType.PRESENCE, f -> true, 1000).isEmpty(), "an empty list watches nobody");
        }
    }

    @Test
    void aBadWatchIsRefusedWithTheReasonAndTheLinkAndListGoOn() throws Exception {
        String carol = TestLink.uniqueName("carol");
        try (TestLink a = RegistryFlowIT.loggedIn(TestLink.uniqueName("alice")); TestLink c = registered(carol);
                TestLink anonymous = TestLink.open()) {
            ok(watch(a, carol), Status.OK);
            String[] tooMany = new String[1001];
            for (int i = 0; i < tooMany.length; i++) {
                tooMany[i] = "user" + i;
            }
            List<Object[]> refusals = List.of(
                    new Object[] {watch(a, tooMany), "at most 1000 users can be watched; the list has 1001"},
                    new Object[] {a.request(MessageType.WATCH, Frame.object().add("users", carol)),
                            "field 'users' must be an array of usernames"},
                    new Object[] {a.request(MessageType.WATCH, null), "missing field 'users'"},
                    new Object[] {watch(a, carol, "x"), "users[1]: a username has 3 to 32 characters"},
                    new Object[] {watch(a, "bad name!"),
                            "users[0]: a username uses only letters, digits, '.', '_' and '-', and starts with a letter or digit"},
                    new Object[] {a.request(MessageType.WATCH, Frame.object().add("users", Frame.array().add(carol).add(7))),
                            "users[1] must be a username (a string)"});
            for (Object[] r : refusals) {
                Frame refused = (Frame) r[0];
                assertEquals(Status.BAD_REQUEST, refused.status(), refused.message());
                assertEquals(r[1], refused.message());
            }
            anonymous.hello();
            assertEquals(Status.UNAUTHORIZED, watch(anonymous, carol).status());

            assertEquals(Status.OK, a.request(MessageType.WHOAMI, null).status(), "the link goes on");
            ok(c.login(carol, PASSWORD, 40200), Status.OK);
            assertTrue(presence(a, carol, 5000).getBoolean("online"), "a refused WATCH leaves the list as it was");
        }
    }
}
