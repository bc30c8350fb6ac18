package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.RawPeer;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time a peer says it wrote a message is shown only when its clock could have said it. */
class SenderClockTest {
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    @TempDir
    Path home;
    private final TestPeer.Directory directory = new TestPeer.Directory();
    private TestPeer bob;
    private RawPeer carol;

    @BeforeEach
    void start() throws Exception {
        bob = new TestPeer("bob", home, directory);
        Identity key = Identity.create("carol");
        directory.put(new UserPresence("carol", true, "127.0.0.1", 1, Optional.of(key.publicKeyText())));
        carol = new RawPeer(key, bob.port);
        assertEquals(Status.OK, carol.hello("carol").status());
        carol.request("r1", new PeerRequest.ChatRequest(null));
        bob.screen.await("carol wants to chat");
        bob.conversations.accept("carol");
        assertEquals(Status.OK, carol.read().status());
    }

    @AfterEach
    void stop() throws Exception {
        carol.close();
        bob.close();
    }

    private String receive(String id, Instant sentAt, String body) throws Exception {
        carol.send(Frame.request(id, new PeerRequest.ChatMessage(sentAt, body, null)));
        assertEquals(Status.OK, carol.read().status());
        return bob.screen.await("carol: " + body);
    }

    @Test
    void aTimeFarInTheFutureIsShownAsTheReceiversAndFlagged() throws Exception {
        Instant before = Instant.now();
        String line = receive("m1", END_OF_TIME, "from the future");
        Instant after = Instant.now();
        assertTrue(line.startsWith(MINUTE.format(before) + " ") || line.startsWith(MINUTE.format(after) + " "),
                "shown at the receiver's time: " + line);
        assertTrue(line.endsWith("from the future (carol's clock says 9999-12-31T23:59:59Z)"), line);
    }

    @Test
    void aClockAFewMinutesAheadIsOrdinarySkew() throws Exception {
        Instant ahead = Instant.now().plus(Duration.ofMinutes(3));
        String line = receive("m2", ahead, "slightly ahead");
        assertFalse(line.contains("clock says"), line);
        assertTrue(line.contains(MINUTE.format(ahead) + " carol: slightly ahead"), line);
    }

    @Test
    void aMessageWrittenDaysAgoKeepsItsTimeWithItsDate() throws Exception {
        Instant written = Instant.now().minus(Duration.ofDays(3));
        String line = receive("m3", written, "waited in the outbox");
        assertEquals(DAY.format(written) + " carol: waited in the outbox", line);
    }

    @Test
    void aTimeBeforeAnyClientExistedIsNotBelieved() throws Exception {
        String line = receive("m4", Instant.parse("1970-01-01T00:00:00Z"), "from the epoch");
        assertTrue(line.endsWith("(carol's clock says 1970-01-01T00:00:00Z)"), line);
    }

    @Test
    void theHistoryShowsTheFlagToo() throws Exception {
        receive("m5", END_OF_TIME, "still from the future");
        bob.conversations.history("carol", 10);
        bob.screen.await(l -> bob.screen.count("still from the future") == 2, "the history line");
        assertEquals(2, bob.screen.count("still from the future (carol's clock says 9999-12-31T23:59:59Z)"),
                bob.screen.text());
    }
}
