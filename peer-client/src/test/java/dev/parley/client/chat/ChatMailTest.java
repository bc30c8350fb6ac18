package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.client.ClientException;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.KnownPeers;
import dev.parley.client.mail.SealedMail;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.FakeMailbox;
import dev.parley.client.testing.RawPeer;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.Frame;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.peer.PeerRequest;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages through the registry's mailbox between in-process clients: sealed mail to someone
 * offline, fetched at their next login with the receipt back, and relay to someone online whose
 * port cannot be reached. The mailbox is a fake; the registry's own is tested on WildFly.
 */
class ChatMailTest {
    @TempDir
    Path home;
    private final TestPeer.Directory directory = new TestPeer.Directory();
    private final FakeMailbox mailbox = new FakeMailbox(directory);
    private TestPeer alice;
    private TestPeer bob;

    @BeforeEach
    void start() {
        alice = new TestPeer("alice", home, directory);
        bob = new TestPeer("bob", home, directory);
        alice.useMail(mailbox);
        bob.useMail(mailbox);
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
    }

    private void bobLogsOut() {
        bob.close();
        directory.offline("bob");
        mailbox.offline("bob");
    }

    @Test
    void mailToSomeoneOfflineIsReadAtTheirNextLoginAndTheReceiptComesBack() throws Exception {
        Identity bobsKey = bob.identity;
        bobLogsOut();
        alice.conversations.chat("bob");
        alice.screen.await("bob is offline — it will wait for bob on the registry");
        alice.conversations.sendTo("bob", "see you at ten");
        alice.conversations.sendTo("bob", "bring the **slides**");
        alice.screen.await("alice: bring the **slides** — sent");
        awaitWaiting(2);

        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.useMail(mailbox);
        // bob never agreed to chat with alice: her mail is stored and acknowledged, and waits for his answer.
        bob.screen.await("alice left you 2 messages — /accept alice to read them, or /reject alice");
        alice.screen.await("delivered to bob at");
        awaitWaiting(0);
        assertEquals(0, bob.screen.count("see you at ten"), "not shown before /accept");
        assertEquals(List.of("alice (left 2 messages)"), bob.conversations.describe());
        bob.conversations.accept("alice");
        bob.screen.await("alice: see you at ten");
        bob.screen.await("alice: bring the **slides**");
        assertTrue(bob.screen.text().indexOf("alice: see you at ten") < bob.screen.text().indexOf("alice: bring the"));
        assertEquals(1, bob.screen.count("alice: see you at ten"), "shown once");
        for (Envelope e : mailbox.everything()) {
            String wire = RecordCodec.of(Envelope.class).toJson(e).toString();
            assertFalse(wire.contains("see you") || wire.contains("slides"), wire);
        }

        // bob answers: alice is online and reachable, so it goes over a direct link.
        bob.conversations.sendTo("alice", "will do");
        alice.screen.await("bob: will do");
        bob.screen.await("delivered to alice");
    }

    @Test
    void aSenderWhoseMailWaitsForAnAnswerIsToldBobHasNotAcceptedNotThatHeCannotBeReached() throws Exception {
        aliceWritesWhileBobIsAway("are you there?");
        alice.screen.await("delivered to bob at");

        // bob is online and reachable; his client answers her direct try "already asked", so it is relayed.
        alice.conversations.sendTo("bob", "hello?");
        alice.screen.await("bob has not accepted the conversation yet — the conversation is relayed through the"
                + " registry (still end-to-end encrypted)");
        bob.screen.await("alice left you 2 messages");
        assertEquals(0, alice.screen.count("cannot reach bob"), alice.screen.text());
        bob.conversations.accept("alice");
        bob.screen.await("alice: hello?");
        bob.conversations.sendTo("alice", "yes");
        alice.screen.await("bob: yes");
        alice.screen.await("a direct link to bob works again");
    }

    @Test
    void onlyAnAnswerOfAlreadyAskedIsToldAsNotAcceptedYetNotOneOfTooManyRequests() throws Exception {
        Identity bobsKey = aliceWritesWhileBobIsAway("are you there?");
        alice.screen.await("delivered to bob at");

        // 429 without a reason: bob's client takes no more chat requests from her this minute.
        aliceAsksBobTooOften();
        alice.conversations.sendTo("bob", "hello?");
        String why = alice.screen.await(l -> l.contains("the conversation is relayed through the registry"),
                "the line saying why it is relayed");
        assertEquals("cannot reach bob directly — the conversation is relayed through the registry (still end-to-end"
                + " encrypted)", why);
        assertEquals(0, alice.screen.count("has not accepted"), alice.screen.text());

        // bob logs out and back in, his client counting afresh; her mail still waits for his answer.
        bobLogsOut();
        alice.conversations.sendTo("bob", "still there?");
        awaitWaiting(1);
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.conversations.resumeWaiting();
        bob.useMail(mailbox);
        awaitWaiting(0);

        // 429 "already-asked": the direct try made now that he is back says why it is relayed.
        alice.conversations.sendTo("bob", "hello again");
        alice.screen.await("bob has not accepted the conversation yet — the conversation is relayed through the"
                + " registry (still end-to-end encrypted)");
    }

    /**
     * The registry says bob is offline when alice's client looks for him, and online by the time
     * her message is left there (he is logging in, or the first look was stale): the direct try
     * that the change to "relayed" asks for is asked from the very try that failed, and must still
     * be made then, not a minute later at the next retry.
     */
    @Test
    void aDirectTryAskedForByTheTryThatFailedIsMadeRightAfterIt() throws Exception {
        int nobodyListens;
        try (ServerSocket s = new ServerSocket(0)) {
            nobodyListens = s.getLocalPort();
        }
        directory.offline("bob"); // his client still takes mail events: the registry sees him back
        alice.conversations.chat("bob");
        alice.screen.await("bob is offline — it will wait for bob on the registry");
        Conversation withBob = alice.conversations.find("bob");
        awaitNoDirectTry(withBob);
        // As if it went direct and its link has just gone: the next message is carried by a direct
        // try, which leaves it on the registry itself when it fails. The retry after it is a
        // minute away, so only the try asked for can tell why within the test's wait.
        withBob.viaRegistry = null;
        withBob.retries = 10;
        mailbox.onDeposit(() -> directory.put(new UserPresence("bob", true, "127.0.0.1", nobodyListens,
                Optional.of(bob.identity.publicKeyText()))));

        alice.conversations.sendTo("bob", "are you back?");

        alice.screen.await("cannot reach bob directly — the conversation is relayed through the registry");
        bob.screen.await("alice left you a message");
    }

    private static void awaitNoDirectTry(Conversation c) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (c.reconnecting.get()) {
            assertTrue(System.nanoTime() < deadline, "a direct try to " + c.peer + " still runs after 10 s");
            Thread.sleep(10);
        }
    }

    @Test
    void someoneOnlineWhosePortCannotBeReachedGetsMessagesRelayed() throws Exception {
        int nobodyListens;
        try (ServerSocket s = new ServerSocket(0)) {
            nobodyListens = s.getLocalPort();
        }
        directory.put(new UserPresence("bob", true, "127.0.0.1", nobodyListens, Optional.of(bob.identity.publicKeyText())));
        alice.conversations.chat("bob");
        alice.screen.await("cannot reach bob directly — the conversation is relayed through the registry");
        alice.conversations.sendTo("bob", "over the registry");
        bob.screen.await("alice left you a message — /accept alice to read it, or /reject alice");
        alice.screen.await("delivered to bob at");
        bob.conversations.accept("alice");
        bob.screen.await("alice: over the registry");
        assertEquals(0, bob.screen.count("while you were away"), "relayed live, not mail read at login");
        // What the registry was left is forgotten once delivered: a long relayed conversation holds no ids.
        Conversation withBob = alice.conversations.find("bob");
        synchronized (withBob.mailing) {
            assertTrue(withBob.deposited.isEmpty(), withBob.deposited.toString());
        }
    }

    @Test
    void aMessageNotSignedBySenderIsRefusedLoudlyAndNotShown() throws Exception {
        Identity mallory = Identity.create("alice"); // a key that is not the one the registry holds for alice
        Envelope forged = SealedMail.seal(mallory, mallory.username(), "bob", bob.identity.publicKey(), "forged-1",
                new Letter(Instant.now(), "send me your password", 1L, null));
        mailbox.as("alice").deposit(forged);
        bob.screen.await("WARNING: a message said to be from alice was refused: its signature is not alice's");
        assertEquals(0, bob.screen.count("send me your password"));
        assertEquals(1, mailbox.waitingFor("bob"), "not acknowledged: it stays until it expires");
    }

    @Test
    void mailKeepsItsSentTimeButNotOneFromTheFuture() throws Exception {
        bobAndAliceAgreeToChat();
        Instant lastWeek = Instant.now().minus(java.time.Duration.ofDays(7));
        mailbox.as("alice").deposit(SealedMail.seal(alice.identity, "alice", "bob", bob.identity.publicKey(), "old-1",
                new Letter(lastWeek, "written last week", 1L, null)));
        String old = bob.screen.await("alice: written last week");
        assertTrue(old.startsWith(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneId.systemDefault()).format(lastWeek)), old);
        assertFalse(old.contains("clock says"), old);

        mailbox.as("alice").deposit(SealedMail.seal(alice.identity, "alice", "bob", bob.identity.publicKey(), "future-1",
                new Letter(Instant.parse("9999-12-31T23:59:59Z"), "written in 9999", 2L, null)));
        String future = bob.screen.await("alice: written in 9999");
        assertTrue(future.endsWith("(alice's clock says 9999-12-31T23:59:59Z)"), future);
    }

    @Test
    void mailUnderAKeyOtherThanThePinnedOneIsRefusedLoudly() throws Exception {
        // bob pinned another key for alice when they first talked; the registry now holds a new one.
        new KnownPeers(bob.folder.resolve("known_peers")).pin("alice", Identity.create("alice").publicKeyText());
        bobLogsOut();
        Identity bobsKey = bob.identity;
        alice.conversations.chat("bob");
        alice.conversations.sendTo("bob", "it is really me");
        awaitWaiting(1);
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.useMail(mailbox);
        bob.screen.await("WARNING: a message said to be from alice was refused: alice's identity key has CHANGED since you"
                + " first talked");
        assertEquals(0, bob.screen.count("it is really me"));
        assertEquals(1, mailbox.waitingFor("bob"));
    }

    @Test
    void aFullMailboxIsToldAndTheMessageWaitsInTheOutbox() throws Exception {
        bobLogsOut();
        mailbox.quota(1);
        alice.conversations.chat("bob");
        alice.conversations.sendTo("bob", "one");
        awaitWaiting(1);
        alice.conversations.sendTo("bob", "two");
        alice.screen.await("bob's mailbox is full (1 messages) — 2 messages to bob wait in the outbox and go out when bob"
                + " is back");
        assertEquals(1, mailbox.waitingFor("bob"));
    }

    @Test
    void depositsTooFastForTheRegistryAreToldAndGoOutInOrderOnceItTakesThem() throws Exception {
        Identity bobsKey = bob.identity;
        bobLogsOut();
        alice.conversations.chat("bob");
        mailbox.refuseAsTooFast(1);
        alice.conversations.sendTo("bob", "first");
        alice.conversations.sendTo("bob", "second");
        alice.screen.await("the registry takes messages more slowly than you wrote them — the rest to bob go out in 1 s,"
                + " in order");
        awaitWaiting(2);
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.useMail(mailbox);
        bob.screen.await("alice left you 2 messages");
        bob.conversations.accept("alice");
        bob.screen.await("alice: second");
        assertTrue(bob.screen.text().indexOf("alice: first") < bob.screen.text().indexOf("alice: second"));
    }

    @Test
    void mailThatExpiresUnreadIsToldToTheSender() throws Exception {
        bobLogsOut();
        alice.conversations.chat("bob");
        alice.conversations.sendTo("bob", "are you still there?");
        awaitWaiting(1);
        mailbox.expireAllFor("bob");
        alice.screen.await("your message to bob expired unread on the registry: \"are you still there?\" — it stays in"
                + " the outbox and goes out when bob can be reached directly");
    }

    @Test
    void mailFromSomeoneNotAcceptedWaitsForAnAnswerAcrossARestartAndRejectedIsNotOfferedAgain() throws Exception {
        Identity bobsKey = aliceWritesWhileBobIsAway("buy cheap watches");
        awaitWaiting(0);
        bobStartsAgainAndIsOfferedHerMail(bobsKey); // kept on bob's disk, not on the registry
        bob.conversations.reject("alice");
        bob.screen.await("rejected alice");
        assertEquals(List.of(), bob.conversations.describe());
        bob.close();

        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.conversations.resumeWaiting();
        bob.useMail(mailbox);
        alice.conversations.sendTo("bob", "last chance");
        bob.screen.await("alice left you a message");
        assertEquals(1, bob.screen.count("alice left you"), "the rejected message is not offered again");
        assertEquals(0, bob.screen.count("cheap watches"));
    }

    @Test
    void mailLeftWhileBusyIsToldWhenBusyEnds() throws Exception {
        bob.conversations.busy(true);
        mailbox.as("alice").deposit(SealedMail.seal(alice.identity, "alice", "bob", bob.identity.publicKey(), "m-1",
                new Letter(Instant.now(), "are you free?", 1L, null)));
        awaitWaiting(0); // stored and acknowledged
        assertEquals(List.of("alice (left 1 message)"), bob.conversations.describe());
        assertEquals(0, bob.screen.count("alice left you"), "quiet while busy");
        bob.conversations.busy(false);
        bob.screen.await("alice left you a message — /accept alice to read it, or /reject alice");
        bob.conversations.chat("alice"); // /chat NAME answers a waiting request like /accept
        bob.screen.await("alice: are you free?");
    }

    @Test
    void mailDoesNotAcceptAChatRequestWaitingForAnAnswer() throws Exception {
        alice.conversations.chat("bob");
        bob.screen.await("alice wants to chat — /accept alice or /reject alice");
        mailbox.as("alice").deposit(SealedMail.seal(alice.identity, "alice", "bob", bob.identity.publicKey(), "m-1",
                new Letter(Instant.now(), "let me in", 1L, null)));
        bob.screen.await("alice left you a message — /accept alice to read it, or /reject alice");
        assertTrue(bob.conversations.hasRequestFrom("alice"), "still a request");
        assertEquals(0, bob.screen.count("alice: let me in"));
        bob.conversations.accept("alice");
        alice.screen.await("bob accepted — chatting with bob");
        bob.screen.await("alice: let me in");
        alice.conversations.sendTo("bob", "thanks");
        bob.screen.await("alice: thanks");
    }

    /**
     * bob, back after a logout, asks alice to chat; her mail left while he was away is fetched, and
     * she accepts just after it is on his disk, before it is shown: the acceptance shows what is
     * stored and unshown, and the mail, going on, must not show it a second time.
     */
    @Test
    void mailFetchedAsThePeerAcceptsIsShownOnce() throws Exception {
        Identity bobsKey = bob.identity;
        bobLogsOut();
        leaveBobAMessage("m-1", "are you there?", 1);
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.conversations.chat("alice");
        alice.screen.await("bob wants to chat");
        bob.screen.whenShown("while you were away: 1 message from alice", () -> {
            try {
                alice.conversations.accept("bob");
            } catch (ClientException e) {
                throw new AssertionError(e);
            }
            bob.screen.await("alice accepted — chatting with alice");
        });
        bob.useMail(mailbox);
        awaitWaiting(0); // acknowledged, which comes after the mail is shown
        bob.screen.await("alice: are you there?");
        assertEquals(1, bob.screen.count("alice: are you there?"), bob.screen.text());
    }

    /**
     * alice ends a conversation while her mail to bob still waits for him; his receipt is recorded
     * in her file of it just as his own mail opens that file again: the file must keep both, and a
     * restart of alice's offers his message.
     */
    @Test
    void aReceiptForAnEndedConversationAndMailThatOpensItAgainAreBothKept() throws Exception {
        Identity bobsKey = bob.identity;
        Identity alicesKey = alice.identity;
        bobLogsOut();
        alice.conversations.chat("bob");
        alice.conversations.sendTo("bob", "call me");
        awaitWaiting(1);
        alice.conversations.exit("bob");
        alice.screen.whenShown("delivered to bob", () -> {
            try {
                mailbox.as("bob").deposit(SealedMail.seal(bobsKey, "bob", "alice", alicesKey.publicKey(), "b-1",
                        new Letter(Instant.now(), "calling now", 1L, null)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            alice.screen.await("bob left you a message");
        });
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.useMail(mailbox);
        alice.screen.await("bob left you a message");

        alice.close();
        alice = new TestPeer("alice", home, directory, alicesKey);
        alice.conversations.resumeWaiting();
        alice.screen.await("bob left you a message — /accept bob to read it, or /reject bob");
        alice.conversations.accept("bob");
        alice.screen.await("bob: calling now");
    }

    @Test
    void aChatRequestThatJoinsWaitingMailAndIsWithdrawnLeavesTheMailToAnswer() throws Exception {
        leaveBobAMessage("m-1", "read me first", 1);
        bob.screen.await("alice left you a message — /accept alice to read it, or /reject alice");
        alice.conversations.chat("bob");
        bob.screen.await("alice wants to chat — /accept alice or /reject alice");
        alice.conversations.exit("bob"); // she gives up asking; what she left by mail still waits
        long deadline = System.nanoTime() + 10_000_000_000L;
        Conversation request;
        while ((request = bob.conversations.find("alice")) != null && request.link != null
                && System.nanoTime() < deadline) {
            Thread.sleep(20); // until bob's client has taken her close
        }
        assertEquals(List.of("alice (left 1 message)"), bob.conversations.describe());
        bob.conversations.accept("alice");
        bob.screen.await("alice: read me first");
    }

    @Test
    void aChatRequestAfterARestartFindsTheMailThatWaitedOnDisk() throws Exception {
        Identity bobsKey = bob.identity;
        leaveBobAMessage("m-1", "from before the restart", 1);
        bob.screen.await("alice left you a message");
        awaitWaiting(0);
        bob.close();
        bob = new TestPeer("bob", home, directory, bobsKey); // her request comes before bob's client looks at its disk
        alice.conversations.chat("bob");
        bob.screen.await("alice wants to chat");
        assertEquals(List.of("alice (left 1 message)"), bob.conversations.describe());
        bob.conversations.accept("alice");
        bob.screen.await("alice: from before the restart");
        alice.screen.await("bob accepted — chatting with bob");
    }

    @Test
    void mailAnsweredAlreadyThatComesAgainMakesNoNewRequest() throws Exception {
        Envelope m = leaveBobAMessage("m-1", "hello?", 1);
        bob.screen.await("alice left you a message");
        bob.conversations.exit("alice"); // /exit of what was left answers it like /reject
        bob.screen.await("rejected alice");
        mailbox.as("alice").deposit(m); // the registry hands it over again (say its acknowledgement was lost)
        awaitWaiting(0);
        awaitDescribed(bob);
        assertEquals(1, bob.screen.count("alice left you"));
    }

    @Test
    void mailFromASenderWhoCountsAfreshIsStillShownOnAccept() throws Exception {
        aliceWritesAfreshAfterAConversationBobEnded("after a reinstall");
        bob.conversations.accept("alice");
        bob.screen.await("alice: after a reinstall");
    }

    @Test
    void mailFromASenderWhoCountsAfreshWaitsForAnAnswerAcrossARestart() throws Exception {
        aliceWritesAfreshAfterAConversationBobEnded("from my new phone");
        awaitWaiting(0);
        bobStartsAgainAndIsOfferedHerMail(bob.identity);
        assertEquals(List.of("alice (left 1 message)"), bob.conversations.describe());
        bob.conversations.accept("alice");
        bob.screen.await("alice: from my new phone");
    }

    @Test
    void mailThatComesAsTheUserEndsTheConversationIsNotShownAndWaitsOnDiskForAnAccept() throws Exception {
        Identity bobsKey = bobEndsTheConversationAsHerMailIsToldOf();

        // On his disk, unshown in an ended conversation: his next start offers it, like any mail left for him.
        bobStartsAgainAndIsOfferedHerMail(bobsKey);
        bob.conversations.accept("alice");
        bob.screen.await("alice: one more thing");
        assertEquals(1, bob.screen.count("alice: one more thing"));
    }

    @Test
    void mailThatComesAsTheUserEndsTheConversationIsShownWhenHeAsksHerAgain() throws Exception {
        bobEndsTheConversationAsHerMailIsToldOf(); // alice's side ended when bob logged out

        bob.conversations.chat("alice");
        alice.screen.await("the conversation with bob goes on"); // hers was left open on her disk: no new request

        bob.screen.await("alice: one more thing");
        assertEquals(1, bob.screen.count("alice: one more thing"));
    }

    /**
     * alice leaves bob a message in their open conversation while he is logged out, and bob, logging
     * in, ends the conversation just as he is told of it: after it is stored, before it is shown.
     * Returns his key.
     */
    private Identity bobEndsTheConversationAsHerMailIsToldOf() throws Exception {
        bobAndAliceAgreeToChat();
        Identity bobsKey = bob.identity;
        bobLogsOut();
        leaveBobAMessage("m-1", "one more thing", 1);
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.screen.whenShown("while you were away: 1 message from alice", () -> {
            try {
                bob.conversations.exit("alice");
            } catch (ClientException e) {
                throw new AssertionError(e);
            }
        });
        bob.useMail(mailbox);
        awaitWaiting(0); // acknowledged, which comes after it would have been shown
        bob.screen.await("ended the conversation with alice");
        assertEquals(0, bob.screen.count("alice: one more thing"), bob.screen.text());
        return bobsKey;
    }

    /**
     * bob is shown alice's messages 1 and 2 and ends the conversation; then she leaves him {@code
     * text} numbered 1 (her numbers start again: another device, or her history lost with her key
     * kept), and bob is told of it as a request.
     */
    private void aliceWritesAfreshAfterAConversationBobEnded(String text) throws Exception {
        bobAndAliceAgreeToChat();
        alice.conversations.sendTo("bob", "one");
        alice.conversations.sendTo("bob", "two");
        bob.screen.await("alice: two");
        bob.conversations.exit("alice");
        alice.screen.await("bob ended the conversation");
        leaveBobAMessage("m-1", text, 1);
        bob.screen.await("alice left you a message —");
    }

    /** bob's client stops and starts again with his key: it finds alice's mail on his disk and offers it. */
    private void bobStartsAgainAndIsOfferedHerMail(Identity bobsKey) throws Exception {
        bob.close();
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.conversations.resumeWaiting();
        bob.screen.await("alice left you a message — /accept alice to read it, or /reject alice");
    }

    private Envelope leaveBobAMessage(String id, String body, long seq) throws Exception {
        Envelope m = SealedMail.seal(alice.identity, "alice", "bob", bob.identity.publicKey(), id,
                new Letter(Instant.now(), body, seq, null));
        mailbox.as("alice").deposit(m);
        return m;
    }

    /**
     * alice's client (a raw one with her key) asks bob's to go on with their conversation until it
     * answers 429 without a reason: too many requests from her this minute. Those before are 429
     * "already-asked", as her mail waits for his answer.
     */
    private void aliceAsksBobTooOften() throws Exception {
        try (RawPeer asAlice = new RawPeer(alice.identity, bob.port)) {
            asAlice.hello("alice");
            for (int i = 0; i <= ChatRequests.REQUESTS_PER_MINUTE; i++) {
                asAlice.request("r" + i, new PeerRequest.ChatRequest(true));
                Frame answer = asAlice.read();
                assertEquals(Status.TOO_MANY_REQUESTS, answer.status(), answer.toString());
                if (!PeerAnswer.Refusal.ALREADY_ASKED.equals(answer.as(PeerAnswer.Refusal.class).reason())) {
                    return;
                }
            }
            fail("bob's client took every request from alice");
        }
    }

    private static void awaitDescribed(TestPeer peer, String... conversations) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!peer.conversations.describe().equals(List.of(conversations)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(conversations), peer.conversations.describe());
    }

    /** bob asks alice over a direct link and she accepts: mail between them goes into that conversation. */
    private void bobAndAliceAgreeToChat() throws Exception {
        bob.conversations.chat("alice");
        alice.screen.await("bob wants to chat");
        alice.conversations.accept("bob");
        bob.screen.await("alice accepted — chatting with alice");
    }

    /**
     * bob logs out, alice writes to him ({@code text}, left on the registry), and bob logs in again
     * with the same key: he is told of it as a request. Returns his key.
     */
    private Identity aliceWritesWhileBobIsAway(String text) throws Exception {
        Identity bobsKey = bob.identity;
        bobLogsOut();
        alice.conversations.chat("bob");
        alice.conversations.sendTo("bob", text);
        awaitWaiting(1);
        bob = new TestPeer("bob", home, directory, bobsKey);
        bob.useMail(mailbox);
        bob.screen.await("alice left you a message — /accept alice to read it, or /reject alice");
        return bobsKey;
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mailbox.waitingFor("bob") != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, mailbox.waitingFor("bob"));
    }
}
