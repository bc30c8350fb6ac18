package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages through the registry, with real processes: mail to someone logged out, read at their
 * next login exactly once and in order, surviving a registry killed in between, with the receipt
 * reaching the sender at its own next login; and a conversation relayed live between two online
 * clients when one's peer port cannot be reached.
 */
class MailSystemIT {
    private static final String TIME = "\\d\\d:\\d\\d ";
    /** A registry killed and started again takes a while to be back, more on busy cores. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(90);
    private RegistryProcess registry;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = RegistryProcess.start(RegistryProcess.tempHome("mail-registry"), Map.of());
    }

    @AfterEach
    void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void mailToSomeoneLoggedOutIsReadAtTheirNextLoginAndTheReceiptReachesTheSenderAtTheirs() throws Exception {
        Path aliceHome = RegistryProcess.tempHome("alice");
        Path bobHome = RegistryProcess.tempHome("bob");
        try (ParleyProcess bob = ParleyProcess.online("bob", bobHome, registry.address())) {
            bob.send("/quit");
        }
        try (ParleyProcess alice = ParleyProcess.online("alice", aliceHome, registry.address())) {
            alice.send("/chat bob").awaitLine("bob is offline — it will wait for bob on the registry (sealed: only bob can"
                    + " read it)");
            alice.send("first, while you are away");
            alice.await(l -> l.matches(TIME + "alice: first, while you are away — sent"), "the first sent line");
            alice.send("second, in **order**");
            alice.await(l -> l.matches(TIME + "alice: second, in \\*\\*order\\*\\* — sent"), "the second sent line");
            alice.send("/quit"); // a person waits for the prompt to go: what is not on the registry yet goes first
            assertEquals(0, alice.waitForExit());
        }

        // Kill -9 the registry with the mail in it: it is in the database, not in memory.
        registry.kill();
        registry = registry.startAgain();

        // bob never agreed to chat with alice: her mail is stored on his disk and acknowledged, and waits for
        // his answer. Kill -9 him before he answers: at the next start it is offered again from his disk.
        try (ParleyProcess bob = ParleyProcess.start("bob", bobHome, registry.address())) {
            bob.login("bob");
            bob.awaitLine("alice left you 2 messages — /accept alice to read them, or /reject alice");
            bob.send("/conversations").awaitLine("conversations: alice (left 2 messages)");
            bob.kill();
            assertEquals(0, bob.printed().stream().filter(l -> l.contains("while you are away")).count(),
                    "not shown before /accept");
        }
        try (ParleyProcess bob = ParleyProcess.start("bob", bobHome, registry.address())) {
            bob.login("bob");
            // Read from bob's disk as the session starts, and told right after "logged in as bob".
            bob.awaitLine("alice left you 2 messages — /accept alice to read them, or /reject alice");
            bob.send("/accept alice");
            bob.await(l -> l.matches(TIME + "alice: first, while you are away"), "alice's first message");
            bob.await(l -> l.matches(TIME + "alice: second, in \\*\\*order\\*\\*"), "alice's second message, after it");

            try (ParleyProcess alice = ParleyProcess.start("alice", aliceHome, registry.address())) {
                alice.login("alice");
                alice.await(l -> l.matches("delivered to bob at \\d\\d:\\d\\d:\\d\\d: \"first, while you are away\""),
                        "the first receipt, at alice's next login", BACK_WITHIN);
                alice.await(l -> l.matches("delivered to bob at \\d\\d:\\d\\d:\\d\\d: \"second, in \\*\\*order\\*\\*\""),
                        "the second receipt");
                alice.send("/history bob");
                alice.await(l -> l.matches(TIME + "alice: second, in \\*\\*order\\*\\* — delivered \\d\\d:\\d\\d"),
                        "the history says delivered");
            }
            bob.send("/quit");
        }

        // Fetched and acknowledged once: a third login brings nothing again.
        try (ParleyProcess bob = ParleyProcess.start("bob", bobHome, registry.address())) {
            bob.login("bob");
            bob.send("/whoami").awaitStart("you are bob");
            Thread.sleep(2000); // the fetch after login takes milliseconds; what it would print comes by then
            bob.send("/quit");
            bob.waitForExit();
            long waited = bob.printed().stream().filter(l -> l.startsWith("alice left you")).count();
            assertEquals(0, waited, "no mail the third time");
        }
    }

    @Test
    void theReceiptReachesASenderWhoIsOnlineTheMomentTheRecipientReadsTheMail() throws Exception {
        Path bobHome = RegistryProcess.tempHome("bob");
        try (ParleyProcess bob = ParleyProcess.online("bob", bobHome, registry.address())) {
            bob.send("/quit");
            assertEquals(0, bob.waitForExit());
        }
        try (ParleyProcess alice = ParleyProcess.online("alice", RegistryProcess.tempHome("alice"), registry.address())) {
            alice.send("/chat bob").awaitStart("bob is offline — it will wait for bob on the registry");
            alice.send("read this when you are back");
            alice.await(l -> l.matches(TIME + "alice: read this when you are back — sent"), "the sent line");
            try (ParleyProcess bob = ParleyProcess.start("bob", bobHome, registry.address())) {
                bob.login("bob");
                bob.awaitLine("alice left you a message — /accept alice to read it, or /reject alice");
                // Delivered means on bob's disk: before he has answered.
                alice.await(l -> l.matches("delivered to bob at \\d\\d:\\d\\d:\\d\\d: \"read this when you are back\""),
                        "the receipt, while alice is online");
                bob.send("/accept alice");
                bob.await(l -> l.matches(TIME + "alice: read this when you are back"), "alice's message");
                // Now both are online and bob's client can be reached: his answer goes directly.
                bob.send("back now");
                alice.await(l -> l.matches(TIME + "bob: back now"), "bob's answer");
            }
        }
    }

    @Test
    void aPeerWhosePortCannotBeReachedIsChattedWithThroughTheRelay() throws Exception {
        // bob listens for peers on 127.0.0.2 only, but the registry sees him at 127.0.0.1, as behind a NAT.
        ParleyProcess bob = ParleyProcess.start("bob", RegistryProcess.tempHome("bob"), registry.address(),
                "--peer-bind", "127.0.0.2");
        try (bob; ParleyProcess alice = ParleyProcess.online("alice", RegistryProcess.tempHome("alice"),
                registry.address())) {
            bob.register("bob");
            bob.login("bob");
            alice.send("/chat bob").awaitLine("cannot reach bob directly — the conversation is relayed through the"
                    + " registry (still end-to-end encrypted)");
            alice.send("through the registry");
            alice.await(l -> l.matches(TIME + "alice: through the registry — sent"), "the sent line");
            bob.awaitLine("alice left you a message — /accept alice to read it, or /reject alice");
            bob.send("/accept alice");
            bob.await(l -> l.matches(TIME + "alice: through the registry"), "the relayed message");
            alice.await(l -> l.matches("delivered to bob at \\d\\d:\\d\\d:\\d\\d: \"through the registry\""),
                    "the receipt, relayed back");

            // bob can reach alice: his answer goes over a direct link, and the conversation moves onto it.
            bob.send("and back directly");
            alice.await(l -> l.matches(TIME + "bob: and back directly"), "bob's answer");
            bob.awaitStart("delivered to alice");
        }
    }
}
