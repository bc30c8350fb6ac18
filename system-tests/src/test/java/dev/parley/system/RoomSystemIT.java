package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rooms as people use them: bin/registry and real {@code parley --plain} processes, messages peer to peer. */
class RoomSystemIT {
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        // Keepalives every 3 s, so a client that vanishes is offline (and its rooms hand over) within 9 s; shorter
        // intervals let the CPU burst of 20 clients linking up at once on two cores look like missed keepalives.
        registry = RegistryProcess.start(RegistryProcess.tempHome("room-registry"), Map.of(),
                "-Dparley.keepalive.interval-seconds=3");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static ParleyProcess online(String user) throws Exception {
        return ParleyProcess.online(user, RegistryProcess.tempHome(user), registry.address());
    }

    @Test
    void twentyPeopleInOneRoomEachMessageReachesEveryoneOnceHostHandsOverAndTheRoomEnds() throws Exception {
        List<ParleyProcess> people = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                people.add(online(String.format("u%02d", i)));
            }
            ParleyProcess host = people.get(0);
            host.send("/create lobby --description town square").awaitLine("created #lobby — you are its host");
            for (int i = 1; i < 20; i++) {
                people.get(i).send("/join lobby").awaitStart("joined #lobby (" + (i + 1) + "/50, host u00): u00, ");
            }
            // A message goes to the members its author knows of: everyone waits until they know u19 is in.
            for (ParleyProcess p : people.subList(0, 19)) {
                p.awaitLine("u19 joined #lobby");
            }

            for (ParleyProcess p : people) {
                p.send("hello from " + p.name);
            }
            for (ParleyProcess p : people) {
                List<String> expected = new ArrayList<>();
                for (ParleyProcess other : people) {
                    if (other != p) {
                        expected.add("#lobby " + other.name + ": hello from " + other.name);
                    }
                }
                String receipt = "delivered to 19 of 19 in #lobby: \"hello from " + p.name + "\"";
                expected.add(receipt); // the sender's own receipt line, which may come before or after the others
                List<String> lines = awaitAllSuffixes(p, expected);
                for (String e : expected) {
                    assertEquals(1, lines.stream().filter(l -> l.endsWith(e)).count(), p.name + " saw '" + e + "' once");
                }
            }

            host.kill();
            ParleyProcess next = people.get(1);
            next.await(l -> l.equals("u00 went offline — left #lobby"), "the host's departure");
            next.awaitLine("u01 is now the host of #lobby");
            people.get(19).await(l -> l.equals("u01 is now the host of #lobby"), "the new host, seen by a member");

            for (int i = 19; i >= 2; i--) {
                people.get(i).send("/leave").awaitLine("left #lobby");
            }
            next.send("/leave").awaitLine("left #lobby — the room is gone: you were the last");
            next.send("/rooms").awaitLine("no rooms — /create NAME makes one");
        } finally {
            people.forEach(ParleyProcess::close);
        }
    }

    /**
     * The host's parley is killed and started again at once, as after a crash or a closed terminal:
     * logging in takes the session back with the token it kept in its folder, so she is still in
     * the room and still its host, and the others never see her leave. Meanwhile a second parley
     * on the same folder is refused: it would take that session over.
     */
    @Test
    void aParleyKilledAndStartedAgainAtOnceIsStillInItsRooms() throws Exception {
        Path annHome = RegistryProcess.tempHome("annk");
        try (ParleyProcess bert = online("bertk")) {
            try (ParleyProcess ann = ParleyProcess.online("annk", annHome, registry.address())) {
                ann.send("/create den").awaitLine("created #den — you are its host");
                bert.send("/join den").awaitLine("joined #den (2/50, host annk): annk, bertk");
                ann.awaitLine("bertk joined #den");
                try (ParleyProcess twin = ParleyProcess.start("annk's twin", annHome, registry.address())) {
                    twin.send("/login annk").awaitLine("password for annk:");
                    twin.send(ParleyProcess.PASSWORD).awaitLine("error: another parley is logged in as annk with this folder ("
                            + annHome.resolve("annk") + ") — use that one, or /logout there first");
                }
                ann.kill();
            }
            try (ParleyProcess ann = ParleyProcess.start("annk", annHome, registry.address())) {
                ann.login("annk");
                ann.awaitLine("you are still in #den (2/50, host annk): annk, bertk");
                ann.send("/switch #den").awaitStart("now in #den");
                ann.send("back already");
                bert.await(l -> l.endsWith("#den annk: back already"), "ann's message after her restart");
                ann.awaitLine("delivered to 1 of 1 in #den: \"back already\"");
                bert.send("/switch #den").awaitStart("now in #den");
                bert.send("welcome back");
                ann.await(l -> l.endsWith("#den bertk: welcome back"), "bert's message");
                Thread.sleep(10_000); // past the session timeout (three 3 s intervals): nothing more happens
                ann.send("/members den").awaitLine("#den (2/50, host annk): annk, bertk");
                assertTrue(bert.printedSoFar().stream().noneMatch(l -> l.contains("annk went offline")),
                        "bert never saw ann leave: " + bert.seen());
                ann.send("/logout").awaitLine("logged out");
                assertTrue(java.nio.file.Files.notExists(annHome.resolve("annk").resolve("session")),
                        "a logout leaves no session to take back");
            }
        }
    }

    /** Waits for a line ending with each expected text (lines start with the time) and returns what was seen. */
    private static List<String> awaitAllSuffixes(ParleyProcess p, List<String> expected) throws InterruptedException {
        List<String> missing = new ArrayList<>(expected);
        List<String> lines = new ArrayList<>();
        while (!missing.isEmpty()) {
            String line = p.await(l -> missing.stream().anyMatch(l::endsWith), "messages " + missing);
            lines.add(line);
            missing.removeIf(line::endsWith);
        }
        return lines;
    }

    @Test
    void passwordsBansAndInvitationsAreExplained() throws Exception {
        try (ParleyProcess ann = online("ann"); ParleyProcess bert = online("bert"); ParleyProcess cleo = online("cleo")) {
            ann.send("/create vault --password").awaitLine("password for #vault:");
            ann.send("open sesame").awaitLine("repeat the password:");
            ann.send("open sesame").awaitLine("created #vault — you are its host");
            ann.send("/create VAULT").awaitLine("error: the room name VAULT is taken");

            bert.send("/join vault").awaitLine("password for #vault:");
            bert.send("wrong guess").awaitLine("error: wrong password for vault");
            bert.send("/join vault").awaitLine("password for #vault:");
            bert.send("open sesame").awaitStart("joined #vault (2/50, host ann): ann, bert");
            bert.send("/kick ann").awaitLine("error: only the host of vault can do that");
            ann.send("/topic the safe room --room vault").awaitLine("#vault now: \"the safe room\", locked with a password");
            bert.awaitLine("#vault now: \"the safe room\", locked with a password");
            ann.send("/rooms").awaitStart("rooms ("); // answered after the event, which came first on the link
            assertEquals(1, ann.printedSoFar().stream().filter(l -> l.startsWith("#vault now:")).count(),
                    "the host is told of its own change once, not again when the registry tells every member");

            ann.send("/ban bert").awaitLine("banned bert from #vault");
            bert.awaitLine("you were banned from #vault");
            bert.send("/join vault").awaitLine("error: you are banned from vault"); // not even asked for the password
            ann.send("/join nowhere").awaitLine("error: no room named nowhere");

            ann.send("/group bert cleo");
            String created = ann.awaitStart("created #group-");
            String room = created.substring("created #".length(), created.indexOf(' ', "created #".length()));
            bert.awaitStart("ann invites you to #" + room);
            cleo.awaitStart("ann invites you to #" + room);
            bert.send("/accept #" + room).awaitStart("joined #" + room);
            ann.awaitLine("bert accepted the invitation to #" + room);
            cleo.send("/reject ann").awaitLine("declined the invitation to #" + room);
            ann.awaitLine("cleo declined the invitation to #" + room);
            cleo.send("/accept #" + room).awaitLine("error: no invitation to #" + room + " waits for an answer");
        }
    }
}
