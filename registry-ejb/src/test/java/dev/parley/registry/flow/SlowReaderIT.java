package dev.parley.registry.flow;

import static dev.parley.registry.flow.GatewayBadInputIT.assertStillServing;
import static dev.parley.registry.flow.GatewayBadInputIT.waitFor;
import static dev.parley.registry.flow.RoomSteps.create;
import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.leftFrom;
import static dev.parley.registry.flow.RoomSteps.ok;
import static dev.parley.registry.flow.RoomSteps.roomName;
import static dev.parley.registry.flow.RoomSteps.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomList;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.registry.gateway.Gateway;
import jakarta.ejb.EJB;
import java.io.IOException;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that stops reading while the registry has plenty to send it: its link is cut within
 * seconds, its session ends as for any dropped link, and nobody else waits for it meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
class SlowReaderIT {
    private static final String PASSWORD = RegistryFlowIT.PASSWORD;
    /**
     * Rooms per ROOM_LIST page. A room takes about 1 KB at most (a 200-character description of
     * four-byte characters), so a page this long fits a frame whatever rooms other tests left.
     */
    private static final int PAGE = 50;
    /** The heaviest description a room can have: 200 characters of four UTF-8 bytes (U+1D11E). */
    private static final String HEAVY_DESCRIPTION = "\uD834\uDD1E".repeat(200);
    /**
     * Pages asked for at once, within the per-link burst; then one every {@link #PAUSE}, half the
     * rate limit, so the registry refuses none and has to answer them all. A page of the heavy
     * rooms is about 46 KB: 1.4 MB at once, then about 470 KB a second. Measured on loopback
     * (Linux, tcp_wmem up to 4 MB), the registry's send buffer to this client grew to about 3 MB
     * before its writer blocked, some 3.5 s after the client fell silent.
     */
    private static final int REQUESTS_AT_ONCE = 30;
    private static final Duration PAUSE = Duration.ofMillis(100);
    /**
     * Filling the buffers, then the test server's write timeout (2 s, arquillian.xml) and the
     * watchdog's half-second round: about 5.5 s measured. The margin is for hosts whose TCP send
     * buffers grow larger (20 s fills about 9 MB).
     */
    private static final Duration CUT_WITHIN = Duration.ofSeconds(20);

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @EJB
    private Gateway gateway;

    @Test
    void aClientThatStopsReadingIsCutOffAndGoesOfflineWhileOthersAreServed() throws Exception {
        String sam = TestLink.uniqueName("sam");
        String bob = TestLink.uniqueName("bob");
        String lobby = roomName("slow");
        int before = gateway.openLinks();
        Thread asker = null;
        try (TestLink owner = user(TestLink.uniqueName("owner")); TestLink b = user(bob);
                // A few KB unread and the client's side is full: what piles up is the registry's.
                TestLink s = TestLink.openWithReceiveBuffer(4096)) {
            s.hello();
            ok(s.register(sam, PASSWORD), Status.CREATED);
            ok(s.login(sam, PASSWORD, 40000), Status.OK);
            ok(create(b, lobby), Status.CREATED);
            ok(join(s, lobby), Status.OK);
            String pile = roomName("pile") + "-";
            for (int i = 0; i < PAGE; i++) {
                createPatiently(owner, pile + i);
            }

            // sam asks for page after page of rooms and reads none of the answers.
            asker = Thread.ofVirtual().name("silent-" + sam).start(() -> askWithoutReading(s));
            long silentSince = System.nanoTime();
            Frame found;
            long slowestAnswer = 0;
            do {
                Thread.sleep(PAUSE);
                long asked = System.nanoTime();
                found = ok(b.request(new SearchUser(sam)), Status.OK);
                slowestAnswer = Math.max(slowestAnswer, System.nanoTime() - asked);
            } while (found.as(SearchUserAnswer.class).online() && System.nanoTime() - silentSince < CUT_WITHIN.toNanos());
            Duration cutAfter = Duration.ofNanos(System.nanoTime() - silentSince);

            assertEquals(sam + " is offline", found.message(), sam + " still online after " + cutAfter.toMillis() + " ms");
            assertTrue(slowestAnswer < Duration.ofSeconds(1).toNanos(), "bob waited "
                    + Duration.ofNanos(slowestAnswer).toMillis() + " ms for an answer while sam's link was stuck");
            RoomLeft left = b.awaitEvent(RoomLeft.class, leftFrom(lobby, sam), 8000);
            assertEquals(LeaveReason.OFFLINE, left.reason());
            s.awaitClose(5000); // fails unless the registry closed the link; the unread rest may end in a reset
            asker.join(5000);
            assertFalse(asker.isAlive(), "sam's client is still writing to a link the registry cut");
            waitFor(() -> gateway.openLinks() <= before + 2, "the registry released sam's link");
            assertStillServing();

            try (TestLink again = TestLink.open()) {
                again.hello();
                ok(again.login(sam, PASSWORD, 40001), Status.OK);
                Frame rooms = ok(again.request(page()), Status.OK);
                assertEquals(PAGE, rooms.as(RoomListAnswer.class).rooms().size(), "a client that reads gets the same answers");
                assertEquals(sam + " is online",
                        b.request(new SearchUser(sam)).message());
            }
            // The heavy rooms go now, not a session timeout after the test: a later test that lists
            // up to 500 rooms would get an answer too big for a frame if they were still there.
            ok(owner.request(new Logout()), Status.OK);
        } finally {
            if (asker != null) {
                asker.interrupt();
            }
        }
    }

    /** The registry answers each with a page of heavy rooms; the answers pile up unread. */
    private static void askWithoutReading(TestLink silent) {
        try {
            for (int i = 0; i < 1000; i++) {
                silent.write(Frame.request("list" + i, page()));
                if (i >= REQUESTS_AT_ONCE) {
                    Thread.sleep(PAUSE);
                }
            }
        } catch (IOException e) {
            // The registry cut the link: this is the end the test waits for.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RoomList page() {
        return new RoomList(null, null, PAGE, false);
    }

    /** Creates a heavy room, waiting whenever the registry says to slow down, as a well-behaved client does. */
    private static void createPatiently(TestLink link, String name) throws Exception {
        while (true) {
            Frame answer = link.request(new RoomCreate(name, null, null, HEAVY_DESCRIPTION));
            if (answer.status() != Status.TOO_MANY_REQUESTS) {
                ok(answer, Status.CREATED);
                return;
            }
            Thread.sleep(PAUSE);
        }
    }
}
