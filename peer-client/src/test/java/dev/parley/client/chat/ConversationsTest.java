package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.ClientException;
import dev.parley.client.testing.RawPeer;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.Frame;
import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-to-one conversations between two clients over real mutually authenticated TLS links on loopback. */
class ConversationsTest {
    @TempDir
    Path home;
    private final TestPeer.Directory directory = new TestPeer.Directory();
    private TestPeer alice;
    private TestPeer bob;

    @BeforeEach
    void start() {
        alice = new TestPeer("alice", home, directory);
        bob = new TestPeer("bob", home, directory);
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
    }

    private void openConversation() throws ClientException {
        alice.conversations.chat("bob");
        alice.screen.await("asked bob to chat — waiting for an answer");
        bob.screen.await("alice wants to chat — /accept alice or /reject alice");
        bob.conversations.accept("alice");
        alice.screen.await("bob accepted — chatting with bob");
    }

    @Test
    void acceptedConversationCarriesMessagesBothWaysWithDeliveryReceipts() throws ClientException {
        openConversation();
        assertEquals(Optional.of("bob"), alice.buffers.current());
        assertEquals(Optional.of("alice"), bob.buffers.current());

        alice.conversations.sendTo("bob", "hello **bob**");
        alice.screen.await("alice: hello **bob** — sent");
        bob.screen.await("alice: hello **bob**");
        alice.screen.await("delivered to bob at");

        bob.conversations.sendTo("alice", "hi alice");
        alice.screen.await("bob: hi alice");
        bob.screen.await("delivered to alice at");
    }

    /**
     * The link goes, and both write at the same moment: each reconnects and asks the other to go on,
     * and the two requests cross. One link must be kept on both sides, not each side's own (which
     * would close both, and again at every retry).
     */
    @Test
    void bothReconnectingAtOnceKeepOneLink() throws Exception {
        openConversation();
        alice.conversations.find("bob").link.close("the network blinked");
        alice.screen.await("lost bob");
        bob.screen.await("lost alice");
        // Each side takes the other's request only once both have sent their own: they cross.
        CountDownLatch crossed = new CountDownLatch(2);
        for (TestPeer p : new TestPeer[] {alice, bob}) {
            p.screen.whenShown("resending", () -> {
                crossed.countDown();
                try {
                    crossed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        CountDownLatch ready = new CountDownLatch(2);
        Thread other = Thread.ofPlatform().start(() -> {
            ready.countDown();
            awaitQuietly(ready);
            try {
                bob.conversations.sendTo("alice", "are you there?");
            } catch (ClientException e) {
                throw new AssertionError(e);
            }
        });
        ready.countDown();
        awaitQuietly(ready);
        alice.conversations.sendTo("bob", "still here");
        other.join();
        bob.screen.await("alice: still here");
        alice.screen.await("bob: are you there?");
        alice.screen.await("delivered to bob");
        bob.screen.await("delivered to alice");
        Thread.sleep(5_000); // two retry pauses: a link closed by the crossing would show by now
        String both = "alice's screen:\n" + alice.screen.text() + "\nbob's screen:\n" + bob.screen.text();
        assertEquals(1, alice.screen.count("lost bob"), both);
        assertEquals(1, bob.screen.count("lost alice"), both);
        assertTrue(alice.conversations.find("bob").openLink() != null && bob.conversations.find("alice").openLink() != null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void rejectedRequestIsReportedToTheAsker() throws ClientException {
        alice.conversations.chat("bob");
        bob.screen.await("alice wants to chat");
        bob.conversations.reject("alice");
        alice.screen.await("bob rejected the chat");
        bob.screen.await("rejected alice");
        assertEquals(Optional.empty(), alice.buffers.current());
    }

    @Test
    void busyUserAnswersEveryRequestBusy() throws ClientException {
        bob.conversations.busy(true);
        alice.conversations.chat("bob");
        alice.screen.await("bob is busy (do not disturb)");
        bob.screen.await("alice asked to chat; answered busy");
        assertEquals(0, bob.screen.count("wants to chat"));
    }

    @Test
    void exitTellsTheOtherSide() throws ClientException {
        openConversation();
        alice.conversations.exit(null);
        alice.screen.await("ended the conversation with bob");
        bob.screen.await("alice ended the conversation");
        assertThrows(ClientException.class, () -> bob.conversations.sendTo("alice", "still there?"));
    }

    @Test
    void closingAllConversationsAtLogoutTellsEachPeerAndTheirsGoOn() throws ClientException {
        openConversation();
        alice.conversations.close();
        bob.screen.await("alice logged out — the conversation goes on, and what you write waits for alice");
        assertEquals(List.of("*alice (away)"), bob.conversations.describe(), "not ended: a logout ends no conversation");
        assertEquals(Optional.of("alice"), bob.buffers.current());
    }

    @Test
    void chattingWithYourselfIsRefused() {
        ClientException e = assertThrows(ClientException.class, () -> alice.conversations.chat("alice"));
        assertTrue(e.getMessage().contains("that is you"), e.getMessage());
    }

    @Test
    void unknownAndOfflineUsersAreNamedAsSuch() {
        ClientException unknown = assertThrows(ClientException.class, () -> alice.conversations.chat("nobody"));
        assertEquals("no user named nobody", unknown.getMessage());
        directory.offline("bob");
        ClientException offline = assertThrows(ClientException.class, () -> alice.conversations.chat("bob"));
        assertEquals("bob is offline", offline.getMessage());
    }

    @Test
    void textWithoutAConversationIsRefusedWithAHint() {
        ClientException e = assertThrows(ClientException.class, () -> alice.conversations.sendTo("bob", "hello?"));
        assertTrue(e.getMessage().contains("/chat NAME"), e.getMessage());
    }

    @Test
    void messagesWaitInTheOutboxAndGoOutWhenThePeerReopensTheConversation() throws Exception {
        openConversation();
        TestPeer crashed = bob;
        crashed.node.close(); // bob's client vanishes without ending the conversation
        alice.screen.await("lost bob");
        directory.offline("bob");
        alice.conversations.sendTo("bob", "are you there?");
        alice.screen.await("alice: are you there? — sent");
        alice.screen.await("bob is offline — 1 message to bob waits in the outbox and goes out when bob is back");
        alice.conversations.sendTo("bob", "hello?");
        alice.screen.await("alice: hello? — sent");
        crashed.conversations.close();

        // bob comes back (a new process, same account and home) and goes back to alice: no new request.
        bob = new TestPeer("bob", home, directory, crashed.identity);
        bob.conversations.chat("alice");
        bob.screen.await("the conversation with alice goes on");
        alice.screen.await("sending 2 earlier messages to bob");
        bob.screen.await("alice: are you there?");
        bob.screen.await("alice: hello?");
        alice.screen.await("2 waiting messages delivered to bob");
        assertTrue(bob.screen.text().indexOf("alice: are you there?") < bob.screen.text().indexOf("alice: hello?"),
                "in the order they were written");
        assertFalse(alice.screen.text().contains("delivered to bob at"), "one line for the waiting messages, not one each");
    }

    @Test
    void waitingMessagesGoOutByThemselvesWhenThePeerIsBackOnline() throws Exception {
        openConversation();
        TestPeer crashed = bob;
        crashed.node.close();
        alice.screen.await("lost bob");
        directory.offline("bob");
        alice.conversations.sendTo("bob", "ping while away");
        alice.screen.await("waits in the outbox and goes out when bob is back");
        crashed.conversations.close();

        bob = new TestPeer("bob", home, directory, crashed.identity);
        alice.conversations.peerIsBack("bob"); // what the registry's presence event triggers
        alice.screen.await("bob is online — the conversation goes on");
        bob.screen.await("the conversation with alice goes on");
        bob.screen.await("alice: ping while away");
        alice.screen.await("1 waiting message delivered to bob");
    }

    @Test
    void aPeerThatEndedTheConversationIsNotAskedToResumeIt() throws Exception {
        openConversation();
        TestPeer crashed = bob;
        crashed.node.close();
        alice.screen.await("lost bob");
        crashed.conversations.close();
        bob = new TestPeer("bob", home, directory, crashed.identity);
        bob.conversations.chat("alice");
        bob.screen.await("the conversation with alice goes on");
        awaitLinked(bob, "alice");
        bob.conversations.exit("alice");
        alice.screen.await("bob ended the conversation");

        alice.conversations.chat("bob"); // ended on both sides: a new request, shown to bob as one
        bob.screen.await("alice wants to chat");
    }

    @Test
    void aLaterMessageWaitsForAnEarlierOneAndAllAreShownInTheOrderWritten() throws Exception {
        try (RawPeer raw = bobGoesOnFromARawClient()) {
            String[] bodies = {"first", "third", "second"};
            int[] seqs = {1, 3, 2};
            for (int i = 0; i < 3; i++) {
                raw.request("m" + seqs[i], new PeerRequest.ChatMessage(Instant.parse("2026-12-04T10:00:0" + i + "Z"),
                        bodies[i], (long) seqs[i]));
                Frame receipt = raw.read();
                assertEquals(Status.OK, receipt.status(), "stored and receipted, even while held back: " + receipt);
            }
            alice.screen.await("bob: third");
            String shown = alice.screen.text();
            assertTrue(shown.indexOf("bob: first") < shown.indexOf("bob: second")
                    && shown.indexOf("bob: second") < shown.indexOf("bob: third"), shown);
            assertEquals(1, alice.screen.count("bob: third"));
        }
    }

    /**
     * bob writes from two devices that number alike: the laptop's message 3 waits for message 2,
     * and the phone's message 3, which finds that place taken, is shown as it comes instead of
     * taking the laptop's place (which left the laptop's unshown).
     */
    @Test
    void twoMessagesWithOneNumberFromTwoDevicesAreBothShown() throws Exception {
        try (RawPeer raw = bobGoesOnFromARawClient()) {
            String[][] messages = {{"m1", "first", "1"}, {"m3", "third from the laptop", "3"},
                {"m3-phone", "third from the phone", "3"}, {"m2", "second", "2"}};
            for (String[] m : messages) {
                raw.request(m[0], new PeerRequest.ChatMessage(Instant.now(), m[1], Long.parseLong(m[2])));
                assertEquals(Status.OK, raw.read().status());
            }
            alice.screen.await("bob: second");
            alice.screen.await("bob: third from the laptop");
            alice.screen.await("bob: third from the phone");
            assertEquals(1, alice.screen.count("bob: third from the phone"));
            assertEquals(1, alice.screen.count("bob: third from the laptop"));
        }
    }

    @Test
    void aLinkThatEndsWithoutAGoodbyeIsToldApartFromAClose() throws Exception {
        RawPeer raw = bobGoesOnFromARawClient(); // bob's node closed its links without a word, as a killed client's
        assertEquals(List.of("lost bob (bob went away without a goodbye) — unsent messages are kept and sent when bob is back"),
                alice.screen.lines().stream().filter(l -> l.startsWith("lost bob")).toList());
        raw.send(Frame.event(new PeerEvent.Bye("moving to another network")));
        raw.close();
        alice.screen.await("lost bob (bob closed the link: moving to another network) — unsent messages are kept");
    }

    /** bob's client stops after alice and he agreed to chat, and a raw client with his key goes on with it. */
    private RawPeer bobGoesOnFromARawClient() throws Exception {
        openConversation();
        bob.node.close();
        alice.screen.await("lost bob");
        RawPeer raw = new RawPeer(bob.identity, alice.port);
        assertEquals(Status.OK, raw.hello("bob").status());
        raw.request("r1", new PeerRequest.ChatRequest(true));
        assertEquals(Status.OK, raw.read().status(), "an open conversation goes on without asking alice");
        return raw;
    }

    /** Waits until the conversation has its link again (it is made in the background). */
    private static void awaitLinked(TestPeer peer, String other) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (peer.conversations.describe().stream().anyMatch(e -> e.contains(other) && e.contains("(away)"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no link to " + other + " within 10 s: " + peer.conversations.describe());
            }
            Thread.sleep(20);
        }
    }

    /**
     * bob ends the conversation alice is in: the shell is then in no buffer, so what she types next
     * goes nowhere rather than to carol, whom she did not pick, even once carol writes.
     */
    @Test
    void whenThePeerEndsTheCurrentConversationTheShellMovesNowhereByItself() throws Exception {
        try (TestPeer carol = carolChatsWithAlice()) {
            openConversation();
            alice.conversations.switchTo("bob");
            bob.conversations.exit("alice");
            alice.screen.await("bob ended the conversation");
            assertEquals(Optional.empty(), alice.buffers.current());

            carol.conversations.sendTo("alice", "still there?");
            alice.screen.await("carol: still there?"); // these peers show every conversation's lines, as --plain does
            assertEquals(Optional.empty(), alice.buffers.current(), "not even the next one that speaks");
            assertEquals(1, alice.buffers.unread("carol"));
        }
    }

    private TestPeer carolChatsWithAlice() throws ClientException {
        TestPeer carol = new TestPeer("carol", home, directory);
        carol.conversations.chat("alice");
        alice.screen.await("carol wants to chat");
        alice.conversations.accept("carol");
        return carol;
    }

    /** alice, chatting with carol, asks bob: what she types next is meant for bob, not carol, and waits for his answer. */
    @Test
    void askingSomeoneMovesToTheirBufferAndWritingThereWaitsForTheirAnswer() throws Exception {
        try (TestPeer carol = carolChatsWithAlice()) {
            alice.conversations.chat("bob");
            alice.screen.await("asked bob to chat — waiting for an answer");
            assertEquals(Optional.of("bob"), alice.buffers.current());
            ClientException e = assertThrows(ClientException.class, () -> alice.conversations.sendTo("bob", "hi bob"));
            assertEquals("waiting for bob to accept — nothing was sent", e.getMessage());

            bob.screen.await("alice wants to chat");
            bob.conversations.accept("alice");
            alice.screen.await("bob accepted — chatting with bob");
            alice.conversations.sendTo("bob", "hi bob");
            bob.screen.await("alice: hi bob");
            assertEquals(0, carol.screen.count("hi bob"));
        }
    }

    @Test
    void severalConversationsKeepUnreadCountsPerBuffer() throws Exception {
        try (TestPeer carol = new TestPeer("carol", home, directory)) {
            openConversation();
            carol.conversations.chat("alice");
            alice.screen.await("carol wants to chat");
            alice.conversations.accept("carol");
            assertEquals(Optional.of("carol"), alice.buffers.current());
            bob.conversations.sendTo("alice", "one");
            bob.conversations.sendTo("alice", "two");
            alice.screen.await("bob: two");
            assertEquals(java.util.List.of("bob(2)"), alice.buffers.unreadElsewhere());
            alice.conversations.switchTo("bob");
            alice.screen.await("now in bob (2 unread)");
            assertEquals(java.util.List.of(), alice.buffers.unreadElsewhere());
        }
    }

    @Test
    void historyShowsMessagesOfTheConversation() throws ClientException {
        openConversation();
        alice.conversations.sendTo("bob", "first");
        alice.screen.await("delivered to bob");
        bob.conversations.sendTo("alice", "second");
        alice.screen.await("bob: second");
        alice.conversations.history("bob", 10);
        alice.screen.await(l -> l.contains("alice: first — delivered"), "history line of the sent message");
        alice.screen.await(l -> l.matches("\\d\\d:\\d\\d bob: second"), "history line of the received message");
    }
}
