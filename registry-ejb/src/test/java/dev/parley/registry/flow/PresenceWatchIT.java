package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WatchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WatchedUser;
import dev.parley.protocol.registry.RegistryEvent.Presence;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.Watch;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
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
        return link.request(new Watch(List.of(users)));
    }

    /** The PRESENCE event about {@code user}, waiting up to {@code millis}. */
    private static Presence presence(TestLink link, String user, int millis) throws Exception {
        return link.awaitEvent(Presence.class, e -> user.equals(e.user()), millis);
    }

    /** An account that exists but is not logged in; its link stays open, greeted, for logging in later. */
    private static TestLink registered(String user) throws Exception {
        TestLink link = TestLink.open();
        link.hello();
        ok(link.register(user, PASSWORD), Status.CREATED);
        return link;
    }

    private static void assertOffline(Presence event) {
        assertFalse(event.online());
        assertNull(event.address());
        assertNull(event.peerPort());
        assertNull(event.identityKey());
    }

    @Test
    void aWatcherHearsTheUserLogInWithWhereToReachThemAndLogOut() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = RegistryFlowIT.loggedIn(TestLink.uniqueName("alice")); TestLink b = registered(bob)) {
            Frame answer = ok(watch(a, bob), Status.OK);
            assertEquals("watching 1 user", answer.message());
            assertEquals(1, answer.as(WatchAnswer.class).watching());
            assertTrue(answer.as(WatchAnswer.class).online().isEmpty(), "bob is not online yet");

            Frame login = ok(b.login(bob, PASSWORD, 40123), Status.OK);

            Presence online = presence(a, bob, 5000);
            assertTrue(online.online());
            assertEquals(login.as(LoginAnswer.class).address(), online.address());
            assertEquals(40123, online.peerPort());

            ok(b.request(new Logout()), Status.OK);

            assertOffline(presence(a, bob, 5000));
        }
    }

    @Test
    void aWatcherHearsWhenTheUsersKeepalivesStop() throws Exception {
        String bob = TestLink.uniqueName("bob");
        try (TestLink a = RegistryFlowIT.loggedIn(TestLink.uniqueName("alice")); TestLink b = RegistryFlowIT.loggedIn(bob)) {
            WatchAnswer answer = ok(watch(a, bob), Status.OK).as(WatchAnswer.class);
            WatchedUser listed = answer.online().get(0);
            assertEquals(bob, listed.user(), "the answer names who is online now");
            assertEquals(40000, listed.peerPort());

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
            String token = ok(b.login(bob, PASSWORD, 40001), Status.OK).as(LoginAnswer.class).resumeToken();
            ok(watch(a, bob), Status.OK);

            b.close();
            assertOffline(presence(a, bob, 3000));

            again.hello();
            ok(again.request(new Login(bob, PASSWORD, 40002, token, null)), Status.OK);
            Presence back = presence(a, bob, 3000);
            assertTrue(back.online());
            assertEquals(40002, back.peerPort());
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
            String token = ok(a.login(alice, PASSWORD, 40001), Status.OK).as(LoginAnswer.class).resumeToken();
            ok(watch(a, bob, carol), Status.OK);
            a.close();
            resumed.hello();
            ok(resumed.request(new Login(alice, PASSWORD, 40001, token, null)), Status.OK);

            ok(b.login(bob, PASSWORD, 40100), Status.OK);

            assertTrue(presence(resumed, bob, 5000).online(), "the resumed session still watches bob");

            ok(resumed.request(new Logout()), Status.OK);
            fresh.hello();
            ok(fresh.login(alice, PASSWORD, 40001), Status.OK);
            ok(c.login(carol, PASSWORD, 40200), Status.OK);
            assertTrue(fresh.pollEvent(Presence.class, e -> true, 1500).isEmpty(),
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
            assertTrue(presence(a, carol, 5000).online());
            assertTrue(a.pollEvent(Presence.class, e -> true, 1000).isEmpty(), "bob is no longer watched");

            assertEquals("watching 0 users", ok(watch(a), Status.OK).message());
            ok(c.request(new Logout()), Status.OK);
            assertTrue(a.pollEvent(Presence.class, e -> true, 1000).isEmpty(), "an empty list watches nobody");
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
                    new Object[] {a.requestRaw(Watch.class, "\"users\":\"" + carol + "\""), "field 'users' must be an array"},
                    new Object[] {a.requestRaw(Watch.class, ""), "missing field 'users'"},
                    new Object[] {watch(a, carol, "x"), "users[1]: a username has 3 to 32 characters"},
                    new Object[] {watch(a, "bad name!"),
                            "users[0]: a username uses only letters, digits, '.', '_' and '-', and starts with a letter or digit"},
                    new Object[] {a.requestRaw(Watch.class, "\"users\":[\"" + carol + "\",7]"), "users[1] must be a string"},
                    new Object[] {a.requestRaw(Watch.class, "\"users\":[\"" + carol + "\",null]"), "users[1] must not be null"});
            for (Object[] r : refusals) {
                Frame refused = (Frame) r[0];
                assertEquals(Status.BAD_REQUEST, refused.status(), refused.message());
                assertEquals(r[1], refused.message());
            }
            anonymous.hello();
            assertEquals(Status.UNAUTHORIZED, watch(anonymous, carol).status());

            assertEquals(Status.OK, a.request(new Whoami()).status(), "the link goes on");
            ok(c.login(carol, PASSWORD, 40200), Status.OK);
            assertTrue(presence(a, carol, 5000).online(), "a refused WATCH leaves the list as it was");
        }
    }
}
