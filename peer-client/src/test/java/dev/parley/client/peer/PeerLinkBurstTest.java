package dev.parley.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The link's writer joins frames queued together into one write: a burst of frames of every size,
 * small ones many to a write and large ones alone, arrives whole and in order, and a close after
 * a burst still sends the burst first.
 */
class PeerLinkBurstTest {

    @Test
    void aBurstOfSmallAndLargeFramesArrivesWholeAndInOrder() throws Exception {
        List<String> arrived = new CopyOnWriteArrayList<>();
        try (Pair pair = Pair.open(arrived)) {
            List<String> bodies = new ArrayList<>();
            List<CompletableFuture<Frame>> answers = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                // Mostly short lines, and every 50th as long as a message may be, in three-byte characters:
                // larger than a joined write may be, so it goes alone between joined ones.
                String body = i % 50 == 0 ? i + " " + "€".repeat(Limits.MAX_MESSAGE_CHARS - 10) : "message " + i;
                bodies.add(body);
                answers.add(pair.caller.call("m" + i, new PeerRequest.ChatMessage(Instant.now(), body, (long) i + 1)));
            }
            for (CompletableFuture<Frame> a : answers) {
                assertEquals(Status.OK, a.get(20, TimeUnit.SECONDS).status());
            }
            assertEquals(bodies, arrived);
        }
    }

    @Test
    void aCloseAfterABurstSendsTheBurstFirst() throws Exception {
        List<String> arrived = new CopyOnWriteArrayList<>();
        try (Pair pair = Pair.open(arrived)) {
            for (int i = 0; i < 200; i++) {
                pair.caller.call("m" + i, new PeerRequest.ChatMessage(Instant.now(), "message " + i, (long) i + 1));
            }
            pair.caller.closeAfterSending("done");
            assertTrue(pair.calleeClosed.await(20, TimeUnit.SECONDS), "the callee never saw the link close");
            assertEquals(200, arrived.size(), "arrived before the close: " + arrived.size());
            assertEquals("message 199", arrived.getLast());
            // Nothing goes out after the last frame: a later call fails, it does not wait.
            CompletableFuture<Frame> late = pair.caller.call("late", new PeerRequest.ChatMessage(Instant.now(), "late", 201L));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
            assertInstanceOf(PeerLinkClosedException.class, failed.getCause());
            assertEquals(200, arrived.size());
        }
    }

    /** Two linked ends over real TLS on loopback; the callee records each message's body and answers it. */
    private record Pair(PeerLink caller, PeerLink callee, CountDownLatch calleeClosed) implements AutoCloseable {
        static Pair open(List<String> arrived) throws Exception {
            PeerTls calleeTls = new PeerTls(Identity.create("callee"));
            PeerTls callerTls = new PeerTls(Identity.create("caller"));
            CountDownLatch calleeClosed = new CountDownLatch(1);
            TlsPair sockets = TlsPair.connect(callerTls, calleeTls);
            PeerLink callee = new PeerLink(sockets.callee(), "caller", new Recorder(arrived, calleeClosed));
            PeerLink caller = new PeerLink(sockets.caller(), "callee", new Recorder(new ArrayList<>(), new CountDownLatch(1)));
            callee.start();
            caller.start();
            return new Pair(caller, callee, calleeClosed);
        }

        @Override
        public void close() {
            caller.close("test over");
            callee.close("test over");
        }
    }

    private record Recorder(List<String> arrived, CountDownLatch closed) implements PeerLink.Handler {
        @Override
        public void request(PeerLink link, Frame request) {
            PeerRequest.ChatMessage m = (PeerRequest.ChatMessage) PeerRequest.CATALOG.read(request);
            arrived.add(m.body());
            link.respond(request.id().orElseThrow(), Status.OK, "delivered");
        }

        @Override
        public void chatClosed(PeerLink link, PeerEvent.ChatClose close) {
        }

        @Override
        public void closed(PeerLink link, String reason) {
            closed.countDown();
        }
    }
}
