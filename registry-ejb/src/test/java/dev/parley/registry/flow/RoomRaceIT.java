package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.create;
import static dev.parley.registry.flow.RoomSteps.join;
import static dev.parley.registry.flow.RoomSteps.leave;
import static dev.parley.registry.flow.RoomSteps.memberNames;
import static dev.parley.registry.flow.RoomSteps.members;
import static dev.parley.registry.flow.RoomSteps.ok;
import static dev.parley.registry.flow.RoomSteps.room;
import static dev.parley.registry.flow.RoomSteps.roomOf;
import static dev.parley.registry.flow.RoomSteps.roomName;
import static dev.parley.registry.flow.RoomSteps.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.RoomView;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.registry.room.RoomMembership;
import dev.parley.registry.room.RoomRole;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests that race for the same room, each on its own link and thread, released together. The
 * database afterwards must hold what the answers said: capacity kept, exactly one host.
 */
@ExtendWith(ArquillianExtension.class)
class RoomRaceIT {
    private static final int RACERS = 8;

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    private final List<TestLink> links = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(RACERS + 1);

    @AfterEach
    void closeLinks() throws Exception {
        pool.shutdownNow();
        for (TestLink l : links) {
            l.close();
        }
    }

    private List<TestLink> racers(String prefix, int n) throws Exception {
        List<TestLink> racers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestLink l = user(TestLink.uniqueName(prefix + i));
            links.add(l);
            racers.add(l);
        }
        return racers;
    }

    /** Runs every request at once (as near as threads allow) and returns the answers in the same order. */
    private List<Frame> race(List<Request> requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Frame>> answers = new ArrayList<>();
        for (Request r : requests) {
            answers.add(pool.submit(() -> {
                go.await();
                return r.send();
            }));
        }
        go.countDown();
        List<Frame> frames = new ArrayList<>();
        for (Future<Frame> f : answers) {
            frames.add(f.get(60, TimeUnit.SECONDS));
        }
        return frames;
    }

    @FunctionalInterface
    private interface Request {
        Frame send() throws Exception;
    }

    private List<RoomMembership> stored(String room) {
        em.clear();
        return em.createQuery("select m from RoomMembership m join fetch m.account where m.room.nameKey = :key"
                + " order by m.joinedAt, m.id", RoomMembership.class).setParameter("key", Names.key(room)).getResultList();
    }

    private static long count(List<Frame> answers, Status status) {
        return answers.stream().filter(f -> f.status() == status).count();
    }

    private void assertRaceForTheLastPlace(String lobby, List<Frame> answers, TestLink host) throws Exception {
        assertEquals(1, count(answers, Status.OK), "exactly one gets the last place: " + answers);
        assertEquals(RACERS - 1, count(answers, Status.LOCKED), "everyone else finds it full: " + answers);
        answers.stream().filter(f -> f.status() == Status.LOCKED)
                .forEach(f -> assertEquals(lobby + " is full (2 of 2)", f.message()));
        assertEquals(2, room(ok(members(host, lobby), Status.OK)).memberCount());
        assertEquals(2, stored(lobby).size(), "the database holds capacity");
    }

    @Test
    void racingForTheLastPlaceLetsExactlyOneIn() throws Exception {
        String lobby = roomName("race");
        TestLink host = user(TestLink.uniqueName("host"));
        links.add(host);
        ok(host.request(new RoomCreate(lobby, null, 2, null)), Status.CREATED);
        List<Request> joins = new ArrayList<>();
        for (TestLink l : racers("r", RACERS)) {
            joins.add(() -> join(l, lobby));
        }

        assertRaceForTheLastPlace(lobby, race(joins), host);
    }

    @Test
    void racingForTheLastPlaceOfALockedRoomLetsExactlyOneIn() throws Exception {
        String lobby = roomName("racelock");
        TestLink host = user(TestLink.uniqueName("host"));
        links.add(host);
        ok(host.request(new RoomCreate(lobby, "open sesame", 2, null)), Status.CREATED);
        List<Request> joins = new ArrayList<>();
        for (TestLink l : racers("p", RACERS)) {
            joins.add(() -> join(l, lobby, "open sesame"));
        }

        assertRaceForTheLastPlace(lobby, race(joins), host);
    }

    @Test
    void aLoneHostLeavingWhileOthersJoinLeavesOneHostOrNoRoom() throws Exception {
        for (int round = 0; round < 3; round++) {
            String lobby = roomName("lone" + round);
            TestLink host = user(TestLink.uniqueName("host"));
            links.add(host);
            ok(create(host, lobby), Status.CREATED);
            List<TestLink> joiners = racers("j" + round + "x", 6);
            List<Request> requests = new ArrayList<>();
            requests.add(() -> leave(host, lobby));
            for (TestLink l : joiners) {
                requests.add(() -> join(l, lobby));
            }

            List<Frame> answers = race(requests);

            ok(answers.get(0), Status.OK);
            List<Frame> joins = answers.subList(1, answers.size());
            long joined = count(joins, Status.OK);
            assertEquals(joins.size(), joined + count(joins, Status.NOT_FOUND), "a join either got in or found no room: " + joins);
            List<RoomMembership> members = stored(lobby);
            assertEquals(joined, members.size(), "everyone who got in is in, nobody else");
            if (joined > 0) {
                assertOneHost(lobby, members);
            }
        }
    }

    @Test
    void aHostLeavingWhileOthersJoinHandsOverToTheEarliestMember() throws Exception {
        String lobby = roomName("busy");
        TestLink host = user(TestLink.uniqueName("host"));
        TestLink first = user(TestLink.uniqueName("first"));
        links.add(host);
        links.add(first);
        ok(create(host, lobby), Status.CREATED);
        ok(join(first, lobby), Status.OK);
        String firstName = memberNames(room(members(first, lobby))).get(1);
        List<Request> requests = new ArrayList<>();
        requests.add(() -> leave(host, lobby));
        for (TestLink l : racers("k", RACERS - 2)) {
            requests.add(() -> join(l, lobby));
        }

        List<Frame> answers = race(requests);

        answers.forEach(f -> ok(f, Status.OK));
        List<RoomMembership> members = stored(lobby);
        assertEquals(1 + RACERS - 2, members.size());
        assertOneHost(lobby, members);
        assertEquals(firstName, members.get(0).getAccount().getUsername(), "the earliest member hosts");
        RoomView view = room(ok(members(first, lobby), Status.OK));
        assertEquals(firstName, view.host());
        assertEquals(members.size(), view.memberCount());
    }

    /** End to end, where the window is narrow; EventOrderTest pins the mechanism itself. */
    @Test
    void noEventAboutARoomComesBeforeTheAnswerThatPutYouInIt() throws Exception {
        String lobby = roomName("order");
        TestLink host = user(TestLink.uniqueName("host"));
        links.add(host);
        ok(create(host, lobby), Status.CREATED);
        List<TestLink> joiners = racers("o", RACERS);
        List<Request> joins = new ArrayList<>();
        for (TestLink l : joiners) {
            joins.add(() -> join(l, lobby));
        }

        race(joins).forEach(f -> ok(f, Status.OK));

        for (TestLink l : joiners) {
            // Events read while waiting for the answer were kept; none of them may be about this room.
            assertEquals(List.of(), l.drainEvents().stream()
                    .filter(e -> lobby.equals(roomOf(e))).toList());
        }
        assertEquals(1 + RACERS, stored(lobby).size());
    }

    /** Exactly one host membership, the earliest one, and the room's host column agrees. */
    private void assertOneHost(String lobby, List<RoomMembership> members) {
        List<RoomMembership> hosts = members.stream().filter(m -> m.getRole() == RoomRole.HOST).toList();
        assertEquals(1, hosts.size(), "exactly one host");
        assertEquals(members.get(0).getId(), hosts.get(0).getId(), "the host is the earliest member");
        String hostColumn = em.createQuery("select r.host.username from Room r where r.nameKey = :key", String.class)
                .setParameter("key", Names.key(lobby)).getSingleResult();
        assertEquals(hosts.get(0).getAccount().getUsername(), hostColumn);
        assertTrue(members.stream().map(m -> m.getAccount().getId()).distinct().count() == members.size());
    }
}
