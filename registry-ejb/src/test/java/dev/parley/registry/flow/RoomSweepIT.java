package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.PASSWORD;
import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.leftFrom;
import static dev.parley.registry.flow.RoomSteps.list;
import static dev.parley.registry.flow.RoomSteps.memberNames;
import static dev.parley.registry.flow.RoomSteps.members;
import static dev.parley.registry.flow.RoomSteps.ok;
import static dev.parley.registry.flow.RoomSteps.refused;
import static dev.parley.registry.flow.RoomSteps.room;
import static dev.parley.registry.flow.RoomSteps.roomName;
import static dev.parley.registry.flow.RoomSteps.roomsNamed;
import static dev.parley.registry.flow.RoomSteps.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryAnswer.RoomMember;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.registry.RegistryEvent.RoomHost;
import dev.parley.protocol.registry.RegistryEvent.RoomJoined;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryRequest.Logout;
import dev.parley.registry.account.Account;
import dev.parley.registry.room.Room;
import dev.parley.registry.room.RoomMembership;
import dev.parley.registry.room.RoomRole;
import dev.parley.registry.room.RoomSweep;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memberships held by nobody: the rooms a registry finds in its database when it starts (sessions
 * are in memory, so nobody holds them yet), and those a session-end clean-up could not remove
 * because the database was away. Both are written here straight into the tables, as the earlier
 * run or the failed clean-up leaves them; everything after that goes through the registry.
 *
 * <p>This class's deployment is a registry start: its rejoin grace (300 s in arquillian.xml, more
 * than any test class runs) is running throughout, and the sweep is asked as of after its end
 * where a test needs that.
 */
@ExtendWith(ArquillianExtension.class)
class RoomSweepIT {

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @PersistenceContext(unitName = "parley")
    private EntityManager em;
    @Resource
    private UserTransaction tx;
    @EJB
    private RoomSweep sweep;

    @Test
    void membersFromBeforeAStartKeepTheirRoomsThroughTheGraceAndLeaveThemAfter() throws Exception {
        String ann = registered("ann");
        String bob = registered("bob");
        String carl = registered("carl");
        String dan = TestLink.uniqueName("dan");
        String hall = roomName("hall");
        String attic = roomName("attic");
        try (TestLink d = user(dan); TestLink b = TestLink.open(); TestLink a = TestLink.open()) {
            leftFromBefore(hall, ann, bob, dan);
            leftFromBefore(attic, carl);

            assertEquals(0, sweep.sweep(sweep.graceEnds().minusSeconds(1)), "nobody leaves during the grace");

            b.hello();
            Frame login = ok(b.login(bob, PASSWORD, 40010), Status.OK);
            assertEquals(List.of(hall), rooms(login), "bob is told he is still in " + hall);
            refused(join(b, hall), Status.CONFLICT, "you are already in " + hall, "already-member");
            RoomView view = room(ok(members(b, hall), Status.OK));
            assertEquals(List.of(ann, bob, dan), memberNames(view));
            assertEquals(ann, view.host());
            RoomMember annShown = view.members().get(0);
            assertFalse(annShown.online(), "ann has not come back yet");
            assertNull(annShown.address());
            assertNull(annShown.peerPort());
            assertEquals(40010, view.members().get(1).peerPort());

            assertTrue(sweep.sweep(sweep.graceEnds().plusSeconds(1)) >= 2, "ann and carl leave once the grace is over");

            for (TestLink told : List.of(b, d)) {
                RoomLeft left = told.awaitEvent(RoomLeft.class, leftFrom(hall, ann));
                assertEquals(LeaveReason.OFFLINE, left.reason());
                RoomHost host = told.awaitEvent(RoomHost.class, e -> hall.equals(e.room()));
                assertEquals(bob, host.host());
            }
            view = room(ok(members(d, hall), Status.OK));
            assertEquals(List.of(bob, dan), memberNames(view));
            assertEquals(bob, view.host());
            assertEquals(Role.HOST, view.members().get(0).role());
            assertTrue(roomsNamed(ok(list(d, false), Status.OK), attic).isEmpty(), "a room nobody came back to is gone");
            refused(join(d, attic), Status.NOT_FOUND, "no room named " + attic, "no-such-room");
            assertEquals(0L, membershipsOf(ann) + membershipsOf(carl));

            a.hello();
            assertEquals(List.of(), rooms(ok(a.login(ann, PASSWORD, 40011), Status.OK)));
            ok(join(a, hall), Status.OK);
        }
    }

    @Test
    void aSessionEndCleanUpThatFailedIsFinishedByTheSweep() throws Exception {
        String w0 = TestLink.uniqueName("w");
        String bob = TestLink.uniqueName("bob");
        String cleo = TestLink.uniqueName("cleo");
        String shared = roomName("shared");
        String lonely = roomName("lonely");
        try (TestLink w = user(w0); TestLink b = user(bob); TestLink c = user(cleo)) {
            ok(w.request(new Logout()), Status.OK);
            // What the clean-up of w0's session leaves when the database is down at that moment.
            leftFromBefore(shared, w0, bob, cleo);
            leftFromBefore(lonely, w0);

            for (TestLink told : List.of(b, c)) {
                // The sweep runs every 5 s.
                RoomLeft left = told.awaitEvent(RoomLeft.class, leftFrom(shared, w0), 12_000);
                assertEquals(LeaveReason.OFFLINE, left.reason());
                RoomHost host = told.awaitEvent(RoomHost.class, e -> shared.equals(e.room()), 2000);
                assertEquals(bob, host.host());
            }
            RoomView view = room(ok(members(c, shared), Status.OK));
            assertEquals(List.of(bob, cleo), memberNames(view));
            assertEquals(bob, view.host());
            // Each room the sweep takes w0 out of is a transaction of its own, in no set order: the
            // lonely room may still be going when the news of the shared one has come.
            long deadline = System.nanoTime() + 12_000_000_000L;
            while (!roomsNamed(ok(list(b, false), Status.OK), lonely).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(roomsNamed(ok(list(b, false), Status.OK), lonely).isEmpty(), "a room with nobody online is gone");
            assertEquals(0L, membershipsOf(w0));

            Frame again = ok(w.login(w0, PASSWORD, 40012), Status.OK);
            assertEquals(List.of(), rooms(again));
            ok(join(w, shared), Status.OK);
            b.awaitEvent(RoomJoined.class, e -> shared.equals(e.room()));
        }
    }

    /** A user with an account who has not logged in since this start. */
    private static String registered(String prefix) throws Exception {
        String name = TestLink.uniqueName(prefix);
        try (TestLink link = TestLink.open()) {
            link.hello();
            ok(link.register(name, PASSWORD), Status.CREATED);
        }
        return name;
    }

    /** Writes a room with these members, the first its host, as a database keeps it across a restart. */
    private void leftFromBefore(String roomName, String... members) throws Exception {
        tx.begin();
        try {
            Instant since = Instant.now().minusSeconds(600);
            Room room = new Room(roomName, null, null, 50, account(members[0]), false, since);
            em.persist(room);
            for (int i = 0; i < members.length; i++) {
                em.persist(new RoomMembership(room, account(members[i]), i == 0 ? RoomRole.HOST : RoomRole.MEMBER,
                        since.plusSeconds(i)));
            }
            tx.commit();
        } catch (Exception e) {
            tx.rollback();
            throw e;
        }
    }

    private Account account(String username) {
        return em.createNamedQuery(Account.FIND_BY_USERNAME, Account.class)
                .setParameter("usernameKey", Names.key(username)).getSingleResult();
    }

    private long membershipsOf(String username) {
        return em.createQuery("select count(m) from RoomMembership m where m.account.usernameKey = :key", Long.class)
                .setParameter("key", Names.key(username)).getSingleResult();
    }

    /** The rooms a LOGIN answer says the session is in. */
    private static List<String> rooms(Frame login) {
        return login.as(LoginAnswer.class).rooms();
    }
}
