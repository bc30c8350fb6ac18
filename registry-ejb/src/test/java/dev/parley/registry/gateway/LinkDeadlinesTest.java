package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.registry.config.RegistrySettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadlines of a link, at the default settings, on a transport without a socket. */
class LinkDeadlinesTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final FakeTransport transport = new FakeTransport();
    private final LinkHandler nobody = new LinkHandler() {
        @Override
        public Frame onRequest(Link link, String id, RegistryRequest request) {
            throw new AssertionError("no request is made here");
        }

        @Override
        public void onLinkClosed(Link link) {
        }
    };
    private final long opened = System.nanoTime();
    private final Link link = new Link(transport, nobody, new OnlineLinks(), RegistrySettings.defaults());

    @Test
    void aLinkIdleBeforeLoginIsToldByeThenResetIfItDoesNotGo() {
        link.deadlines().check(opened + 29 * SECOND);
        assertEquals(0, transport.sent.size(), "30 s allowed");

        long told = opened + 31 * SECOND;
        link.deadlines().check(told);
        assertEquals("BYE", transport.last().type());
        assertEquals("no request for 30 s; closing", transport.last().message());
        assertTrue(transport.closedWhenSent);

        link.deadlines().check(told + SECOND);
        assertEquals(0, transport.resets, "the client has a moment to read the BYE");
        link.deadlines().check(told + 2 * SECOND);
        assertEquals(1, transport.resets);
        link.deadlines().check(told + 3 * SECOND);
        assertEquals(1, transport.resets, "reset once");
        assertEquals(1, transport.sent.size(), "one BYE");
    }

    @Test
    void aLoggedInLinkMayBeQuiet() {
        link.session().attach("s1", "ann");

        link.deadlines().check(opened + 3600 * SECOND);

        assertEquals(0, transport.sent.size());
    }

    @Test
    void aHandshakeThatDoesNotFinishIsCutWithoutAWord() {
        transport.opened = false;

        link.deadlines().check(opened + 11 * SECOND);

        assertEquals(1, transport.resets);
        assertEquals(0, transport.sent.size());
    }

    @Test
    void aFrameTrickledInTooSlowlyGetsABye() {
        transport.receivingSince = opened + SECOND;

        link.deadlines().check(opened + 12 * SECOND);

        assertEquals("frame not completed within 10 s", transport.last().message());
    }

    @Test
    void aWriteTheClientDoesNotTakeCutsTheLink() {
        link.session().attach("s1", "ann");
        transport.sendingSince = opened;

        link.deadlines().check(opened + 29 * SECOND);
        assertEquals(0, transport.resets);
        link.deadlines().check(opened + 31 * SECOND);
        assertEquals(1, transport.resets);
        assertEquals(0, transport.sent.size(), "no BYE: it would not be read");
    }
}
