package dev.parley.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.testing.RawPeer;
import dev.parley.client.testing.TestPeer;
import dev.parley.protocol.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stranger who opens many idle or dawdling connections to the peer port cannot shut real peers out. */
class PeerPortFloodTest {
    /** Another loopback address, so the flood comes from somewhere other than the real peer (Linux answers all of 127/8). */
    private static final String ATTACKER = "127.0.0.2";
    @TempDir
    Path home;
    private final TestPeer.Directory directory = new TestPeer.Directory();
    private final List<Socket> flood = new ArrayList<>();
    private TestPeer alice;
    private TestPeer bob;

    @BeforeEach
    void start() {
        alice = new TestPeer("alice", home, directory);
        bob = new TestPeer("bob", home, directory);
    }

    @AfterEach
    void stop() {
        for (Socket s : flood) {
            try {
                s.close();
            } catch (IOException e) {
                // closing what the node may have closed already
            }
        }
        alice.close();
        bob.close();
    }

    /** Opens {@code n} TCP connections from the attacker's address to alice's peer port and leaves them idle. */
    private void openIdle(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(ATTACKER, 0));
            s.connect(new InetSocketAddress("127.0.0.1", alice.port), 2_000);
            flood.add(s);
        }
    }

    @Test
    void fiveHundredIdleConnectionsDoNotKeepAPeerOut() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        openIdle(500);

        bob.conversations.chat("alice");
        alice.screen.await("bob wants to chat");
        alice.conversations.accept("bob");
        bob.screen.await("alice accepted — chatting with alice");
        bob.conversations.sendTo("alice", "through the flood");
        alice.screen.await("bob: through the flood");
        alice.conversations.sendTo("bob", "and back");
        bob.screen.await("alice: and back");

        alice.screen.await("WARNING: " + ATTACKER + " keeps opening connections to your peer port");
        assertEquals(1, alice.screen.count(ATTACKER), "the flood is reported once:\n" + alice.screen.text());
        assertTrue(alice.node.unverifiedCallers() <= UnverifiedCallers.PER_ADDRESS,
                alice.node.unverifiedCallers() + " callers are waiting to be verified");
        // Idle callers hold no thread each: not a platform thread, and no virtual one past the deadline.
        assertTrue(ManagementFactory.getThreadMXBean().getThreadCount() < threadsBefore + 20,
                "threads grew from " + threadsBefore + " to " + ManagementFactory.getThreadMXBean().getThreadCount());
        // The last to leave the line start their greeting just before the line limit and get the full deadline.
        assertEquals(0, unverifiedAfter(PeerNode.LINE_LIMIT.plus(PeerNode.GREETING_DEADLINE).plusSeconds(3).toMillis()),
                "idle callers are closed after their time in line and the greeting deadline");
    }

    /** Alice's count of callers still proving who they are, once it reaches 0 or {@code millis} pass. */
    private int unverifiedAfter(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (alice.node.unverifiedCallers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return alice.node.unverifiedCallers();
    }

    @Test
    void aRoomsMembersOnOneComputerConnectingAtOnceAllGetIn() throws Exception {
        int members = 3 * UnverifiedCallers.GREETING_PER_ADDRESS;
        List<java.util.concurrent.Future<Status>> answers = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < members; i++) {
                Identity member = Identity.create("member" + i);
                directory.put(new UserPresence(member.username(), true, "127.0.0.1", 1,
                        java.util.Optional.of(member.publicKeyText())));
                answers.add(threads.submit(() -> {
                    try (RawPeer raw = new RawPeer(member, alice.port)) {
                        return raw.hello(member.username()).status();
                    }
                }));
            }
            for (var answer : answers) {
                assertEquals(Status.OK, answer.get());
            }
        }
        assertEquals(0, alice.screen.count("keeps opening connections"), alice.screen.text());
    }

    @Test
    void callerThatSendsItsClientHelloByteByByteIsClosedAtTheDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", alice.port)) {
            s.setSoTimeout(250);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // A TLS handshake record announcing a 512-byte ClientHello, then its body a byte at a time:
            // each byte comes well inside any per-read timeout.
            out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
            out.flush();
            long started = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - started < PeerNode.GREETING_DEADLINE.plusSeconds(10).toNanos()) {
                try {
                    closed = in.read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    try {
                        out.write(0x41);
                        out.flush();
                    } catch (SocketException reset) {
                        closed = true;
                    }
                } catch (SocketException reset) {
                    closed = true;
                }
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(closed, "a dawdling caller is still connected after " + tookMillis + " ms");
            assertTrue(tookMillis < PeerNode.GREETING_DEADLINE.toMillis() + 2_000, "closed after " + tookMillis + " ms");
        }
        assertEquals(0, unverifiedAfter(1_000));
    }
}
