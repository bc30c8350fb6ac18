package dev.parley.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.ClientException;
import dev.parley.client.identity.Identity;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.RawPeer;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import jakarta.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a peer that lies, breaks the protocol or misbehaves gets: a clear refusal, and the client carries on. */
class PeerLinkBadInputTest {
    @TempDir
    Path home;
    private final TestPeer.Directory directory = new TestPeer.Directory();
    private TestPeer bob;
    private Identity carol;

    @BeforeEach
    void start() {
        bob = new TestPeer("bob", home, directory);
        carol = Identity.create("carol");
        directory.put(new UserPresence("carol", true, "127.0.0.1", 1, Optional.of(carol.publicKeyText())));
    }

    @AfterEach
    void stop() {
        bob.close();
    }

    /** A session as carol up to an open conversation with bob. */
    private RawPeer carolInConversation() throws Exception {
        RawPeer raw = new RawPeer(carol, bob.port);
        assertEquals(Status.OK, raw.hello("carol").status());
        raw.request("r1", new PeerRequest.ChatRequest(null));
        bob.screen.await("carol wants to chat");
        bob.conversations.accept("carol");
        Frame answer = raw.read();
        assertEquals(Status.OK, answer.status());
        return raw;
    }

    private static Frame message(String id, String body) {
        return Frame.request(id, new PeerRequest.ChatMessage(Instant.now(), body, null));
    }

    @Test
    void peerPresentingAnotherUsersNameIsRefused() throws Exception {
        Identity mallory = Identity.create("mallory");
        try (RawPeer raw = new RawPeer(mallory, bob.port)) {
            Frame answer = raw.hello("carol");
            assertEquals(Status.FORBIDDEN, answer.status());
            assertTrue(answer.message().contains("someone may be impersonating carol"), answer.message());
            assertTrue(raw.closedByPeer());
        }
        bob.screen.await("WARNING: refused a peer link from 127.0.0.1 claiming to be carol");
    }

    @Test
    void aClaimedNameCannotReorderOrHideTextInTheRefusal() throws Exception {
        Identity mallory = Identity.create("mallory");
        try (RawPeer raw = new RawPeer(mallory, bob.port)) {
            assertEquals(Status.FORBIDDEN, raw.hello("alice\u202egnp.exe\u200b").status());
        }
        String warning = bob.screen.await("WARNING: refused a peer link from 127.0.0.1 claiming to be alice");
        assertTrue(warning.contains("alice\uFFFDgnp.exe\uFFFD"), warning);
        assertTrue(warning.chars().noneMatch(c -> c == '\u202e' || c == '\u200b'), warning);
    }

    @Test
    void chatTextCannotReorderOrHideWhatIsShown() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            raw.send(message("m1", "pay \u2066bob\u2069 10\u200b0 \udb40\udc68\udb40\udc69"));
            assertEquals(Status.OK, raw.read().status());
        }
        String line = bob.screen.await("carol: pay ");
        assertTrue(line.endsWith("pay \uFFFDbob\uFFFD 10\uFFFD0 \uFFFD\uFFFD"), line);
    }

    @Test
    void listenerWhoseKeyIsNotTheRegisteredOneIsRefused() throws Exception {
        try (TestPeer impostor = new TestPeer("dave", home, directory)) {
            // The registry says carol listens where the impostor does; the impostor lacks carol's key.
            directory.put(new UserPresence("carol", true, "127.0.0.1", impostor.port, Optional.of(carol.publicKeyText())));
            ClientException e = assertThrows(ClientException.class, () -> bob.conversations.chat("carol"));
            assertTrue(e.getMessage().contains("someone may be impersonating carol"), e.getMessage());
        }
    }

    @Test
    void keyThatChangedSinceItWasPinnedIsRefused() throws Exception {
        try (RawPeer first = carolInConversation()) {
            first.request("m1", new PeerRequest.ChatMessage(Instant.now(), "hi", null));
            assertEquals(Status.OK, first.read().status());
        }
        Identity newCarol = Identity.create("carol");
        directory.put(new UserPresence("carol", true, "127.0.0.1", 1, Optional.of(newCarol.publicKeyText())));
        try (RawPeer raw = new RawPeer(newCarol, bob.port)) {
            Frame answer = raw.hello("carol");
            assertEquals(Status.FORBIDDEN, answer.status());
            assertTrue(answer.message().contains("identity key has CHANGED"), answer.message());
        }
        bob.screen.await("carol's identity key has CHANGED");
    }

    @Test
    void userWhoIsNotLoggedInIsRefused() throws Exception {
        directory.offline("carol");
        try (RawPeer raw = new RawPeer(carol, bob.port)) {
            Frame answer = raw.hello("carol");
            assertEquals(Status.FORBIDDEN, answer.status());
            assertEquals("carol is not logged in at the registry", answer.message());
        }
    }

    @Test
    void firstFrameOtherThanHelloIsRefused() throws Exception {
        try (RawPeer raw = new RawPeer(carol, bob.port)) {
            raw.send(message("m1", "sneaking in"));
            Frame answer = raw.read();
            assertEquals(Status.FORBIDDEN, answer.status());
            assertTrue(raw.closedByPeer());
        }
        assertEquals(0, bob.screen.count("sneaking in"));
    }

    @Test
    void garbageInsteadOfTlsIsDroppedAndTheNodeKeepsAccepting() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bob.port)) {
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0x41);
            s.getOutputStream().write(junk);
            s.setSoTimeout(10_000);
            assertEquals(-1, readUntilClosed(s));
        }
        try (RawPeer raw = new RawPeer(carol, bob.port)) {
            assertEquals(Status.OK, raw.hello("carol").status());
        }
    }

    @Test
    void malformedFrameGetsA400AndTheLinkGoesOn() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            byte[] payload = "{not json".getBytes(StandardCharsets.UTF_8);
            OutputStream out = raw.raw();
            out.write(new byte[] {0, 0, 0, (byte) payload.length});
            out.write(payload);
            out.flush();
            assertEquals(Status.BAD_REQUEST, raw.read().status());
            raw.send(message("m2", "still here"));
            assertEquals(Status.OK, raw.read().status());
        }
        bob.screen.await("carol: still here");
    }

    @Test
    void unknownRequestTypeGetsA400AndTheLinkGoesOn() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            raw.send(new Frame(Json.createObjectBuilder().add("type", "FROB").add("id", "f1").build()));
            Frame answer = raw.read();
            assertEquals(Status.BAD_REQUEST, answer.status());
            assertEquals("unknown message type 'FROB'", answer.message());
            raw.send(message("m8", "after the frob"));
            assertEquals(Status.OK, raw.read().status());
        }
        bob.screen.await("carol: after the frob");
    }

    @Test
    void messageThatDoesNotReadGetsA400NamingTheField() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            Frame whole = message("m9", "lost body");
            raw.send(new Frame(Json.createObjectBuilder(whole.json()).remove("body").build()));
            Frame answer = raw.read();
            assertEquals(Status.BAD_REQUEST, answer.status());
            assertEquals("unusable message: missing field 'body'", answer.message());
        }
        assertEquals(0, bob.screen.count("lost body"));
    }

    @Test
    void oversizedFrameClosesTheLink() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            OutputStream out = raw.raw();
            int announced = Limits.MAX_FRAME_BYTES + 1;
            out.write(new byte[] {(byte) (announced >>> 24), (byte) (announced >>> 16), (byte) (announced >>> 8),
                (byte) announced});
            out.flush();
            assertTrue(raw.closedByPeer());
        }
        bob.screen.await("carol sent an oversized frame");
    }

    @Test
    void peerThatVanishesMidMessageShowsNothingHalfReceived() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            byte[] whole = FrameCodec.encodeWithLength(message("m3", "half of this"), Limits.MAX_FRAME_BYTES);
            raw.raw().write(whole, 0, whole.length / 2);
            raw.raw().flush();
        }
        bob.screen.await("lost carol (carol vanished in the middle of a message");
        assertEquals(0, bob.screen.count("half of this"));
    }

    @Test
    void duplicateMessageIsAcknowledgedButShownOnce() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            raw.send(message("m4", "only once"));
            assertEquals("delivered", raw.read().message());
            raw.send(message("m4", "only once"));
            assertEquals("already delivered", raw.read().message());
            raw.send(message("m5", "next"));
            raw.read();
        }
        bob.screen.await("carol: next");
        assertEquals(1, bob.screen.count("carol: only once"));
    }

    @Test
    void messageBeforeTheConversationIsAcceptedIsRefused() throws Exception {
        try (RawPeer raw = new RawPeer(carol, bob.port)) {
            raw.hello("carol");
            raw.send(message("m6", "too early"));
            Frame answer = raw.read();
            assertEquals(Status.FORBIDDEN, answer.status());
        }
        assertEquals(0, bob.screen.count("too early"));
    }

    @Test
    void chatRequestFloodIsCutOffAndShownOnce() throws Exception {
        try (RawPeer raw = new RawPeer(carol, bob.port)) {
            raw.hello("carol");
            try {
                for (int i = 0; i < 50; i++) {
                    raw.request("r" + i, new PeerRequest.ChatRequest(null));
                }
            } catch (IOException cutOff) {
                // bob's client closed the link mid-flood: that is the point
            }
            boolean tooMany = false;
            Frame f;
            while ((f = readOrNull(raw)) != null) {
                if (f.status() == Status.TOO_MANY_REQUESTS && f.message().startsWith("too many chat requests")) {
                    tooMany = true;
                }
            }
            assertTrue(tooMany, "the flood got a 429");
        }
        bob.screen.await("carol wants to chat");
        Thread.sleep(200);
        assertEquals(1, bob.screen.count("carol wants to chat"));
    }

    @Test
    void oversizedMessageBodyIsRefused() throws Exception {
        try (RawPeer raw = carolInConversation()) {
            raw.send(message("m7", "x".repeat(Limits.MAX_MESSAGE_CHARS + 1)));
            Frame answer = raw.read();
            assertEquals(Status.BAD_REQUEST, answer.status());
            assertNotNull(answer.message());
        }
    }

    private static Frame readOrNull(RawPeer raw) {
        try {
            return raw.read();
        } catch (IOException e) {
            return null;
        }
    }

    private static int readUntilClosed(Socket s) throws IOException {
        try {
            while (s.getInputStream().read() >= 0) {
                // the TLS alert, if any
            }
            return -1;
        } catch (java.net.SocketException e) {
            return -1; // reset: closed all the same
        }
    }
}
