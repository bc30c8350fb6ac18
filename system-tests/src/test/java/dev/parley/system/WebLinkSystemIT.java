package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.KeepaliveAnswer;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WhoamiAnswer;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import dev.parley.protocol.registry.RegistryEvent.RoomJoined;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.KeepaliveOverLink;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Register;
import dev.parley.protocol.registry.RegistryRequest.RoomCreate;
import dev.parley.protocol.registry.RegistryRequest.RoomJoin;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import dev.parley.protocol.registry.RegistryRequest.UsernameCheck;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client's WebSocket on a registry started by bin/registry: the registry protocol one
 * frame per text message, with the TLS link's accounts, rooms and rules, and every kind of bad
 * input a browser or anything else can send it.
 */
class WebLinkSystemIT {
    private static final String PASSWORD = "correct horse battery";
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        // A cap of 4 links per address and 3 s to say something before login, so both show in seconds.
        registry = RegistryProcess.start(RegistryProcess.tempHome("web-registry"), Map.of(),
                "-Dparley.gateway.max-links-per-address=4", "-Dparley.gateway.idle-timeout-seconds=3");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Frame ok(Frame answer, Status expected) {
        assertEquals(expected, answer.status(), answer.toString());
        return answer;
    }

    /** HELLO, then REGISTER and LOGIN without a peer port, as the page does. */
    private static BrowserLink loggedIn(String user) throws Exception {
        BrowserLink link = BrowserLink.open(registry);
        ok(link.request(new Hello(ProtocolVersion.CURRENT, "parley-web/test")), Status.OK);
        ok(link.request(new Register(user, PASSWORD, null)), Status.CREATED);
        ok(link.request(new Login(user, PASSWORD, null, null, null)), Status.OK);
        return link;
    }

    @Test
    void aBrowserSessionHasNoPeerPortAndKeepsItselfAliveOverTheLink() throws Exception {
        try (BrowserLink alice = loggedIn("webalice"); BrowserLink bob = loggedIn("webbob")) {
            WhoamiAnswer me = ok(alice.request(new Whoami()), Status.OK).as(WhoamiAnswer.class);
            assertEquals("webalice", me.username());
            assertEquals("127.0.0.1", me.address());
            assertNull(me.peerPort(), "a browser accepts no peer links");

            SearchUserAnswer found = ok(bob.request(new SearchUser("WebAlice")), Status.OK).as(SearchUserAnswer.class);
            assertTrue(found.online());
            assertNull(found.peerPort(), "others learn that alice is reached through the registry");

            Frame kept = ok(alice.request(new KeepaliveOverLink()), Status.OK);
            assertFalse(kept.as(KeepaliveAnswer.class).udpKeepalivesArriving());
        }
    }

    @Test
    void roomEventsReachBrowserLinks() throws Exception {
        try (BrowserLink carol = loggedIn("webcarol"); BrowserLink dave = loggedIn("webdave")) {
            ok(carol.request(new RoomCreate("webroom", null, null, null)), Status.CREATED);
            ok(dave.request(new RoomJoin("webroom", null)), Status.OK);

            RoomJoined joined = carol.nextEvent("ROOM_JOINED").as(RoomJoined.class);
            assertEquals("webroom", joined.room());
            assertEquals("webdave", joined.member().username());
            assertNull(joined.member().peerPort());
        }
    }

    @Test
    void framesThatCannotBeReadAreAnsweredAndTheLinkGoesOn() throws Exception {
        try (BrowserLink link = BrowserLink.open(registry)) {
            link.send("this is not JSON");
            Frame garbage = link.next();
            assertEquals(Status.BAD_REQUEST, garbage.status());
            assertTrue(garbage.id().isEmpty());
            assertTrue(garbage.message().startsWith("frame is not valid JSON"), garbage.message());

            link.send("{\"type\":\"FROB\",\"id\":\"f1\"}");
            assertEquals("unknown message type 'FROB'", ok(link.answerTo("f1"), Status.BAD_REQUEST).message());

            link.sendBinary(new byte[] {0, 1, 2});
            assertEquals("a frame is one text message; binary messages are not read",
                    ok(link.next(), Status.BAD_REQUEST).message());

            link.send("{\"type\":\"HELLO\",\"id\":\"h\",\"version\":\"1.0\",\"agent\":\"\\ud800\"}");
            assertTrue(ok(link.answerTo("h"), Status.BAD_REQUEST).message().contains("not valid Unicode"));

            ok(link.request(new Hello(ProtocolVersion.CURRENT, "parley-web/test")), Status.OK);
            assertFalse(link.isClosed());
        }
    }

    @Test
    void anOversizedFrameIsRefusedAndTheLinkCloses() throws Exception {
        try (BrowserLink link = BrowserLink.open(registry)) {
            // 35,000 characters but 70,000 bytes: the limit is in bytes, as on TLS.
            link.send("{\"type\":\"HELLO\",\"id\":\"big\",\"agent\":\"" + "é".repeat(35_000) + "\"}");
            Bye bye = link.nextEvent("BYE").as(Bye.class);
            assertEquals(400, bye.status());
            assertEquals("frame exceeds the limit of 65536 bytes", bye.message());
            assertEquals("1000 end of link", link.closing());
        }
    }

    @Test
    void aHugeMessageIsRefusedAndTheRegistryGoesOn() throws Exception {
        try (BrowserLink link = BrowserLink.open(registry)) {
            // The registry stops reading long before the end: the link closes under the sender.
            link.startSending("x".repeat(20_000_000));
            assertEquals("frame exceeds the limit of 65536 bytes", link.nextEvent("BYE").as(Bye.class).message());
            assertEquals("1000 end of link", link.closing());
        }
        try (BrowserLink next = BrowserLink.open(registry)) {
            ok(next.request(new Hello(ProtocolVersion.CURRENT, "parley-web/test")), Status.OK);
        }
    }

    @Test
    void aPageFromAnotherSiteCannotOpenALink() throws Exception {
        WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
                () -> BrowserLink.open(registry, "https://evil.example"));
        assertEquals(403, refused.getResponse().statusCode());

        try (BrowserLink own = BrowserLink.open(registry, "https://localhost:" + registry.webPort)) {
            ok(own.request(new Hello(ProtocolVersion.CURRENT, "parley-web/test")), Status.OK);
        }
    }

    @Test
    void aLinkThatSaysNothingIsClosed() throws Exception {
        try (BrowserLink link = BrowserLink.open(registry)) {
            Bye bye = link.nextEvent("BYE").as(Bye.class);
            assertEquals("no request for 3 s; closing", bye.message());
            assertEquals("1000 end of link", link.closing());
        }
    }

    @Test
    void requestsBeyondTheRateAreToldToSlowDown() throws Exception {
        try (BrowserLink link = BrowserLink.open(registry)) {
            ok(link.request(new Hello(ProtocolVersion.CURRENT, "parley-web/test")), Status.OK);
            for (int i = 0; i < 60; i++) {
                link.send(FrameCodec.encodeText(
                        Frame.request("c" + i, new UsernameCheck("someone" + i)), 65536));
            }
            int slowed = 0;
            for (int i = 0; i < 60; i++) {
                Frame answer = link.answerTo("c" + i);
                if (answer.status() == Status.TOO_MANY_REQUESTS) {
                    assertEquals("slow down: more than 20 requests a second", answer.message());
                    slowed++;
                }
            }
            assertTrue(slowed > 0, "60 requests at once are past a burst of 40");
        }
    }

    /** The cap on links from one address counts TLS and WebSocket links together. */
    @Test
    void theLinksPerAddressCapCountsBothTransports() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            // Two TCP connections to the TLS port count from the moment they are accepted.
            for (int i = 0; i < 2; i++) {
                open.add(new Socket("127.0.0.1", registry.port));
            }
            String refusal = null;
            int accepted = 0;
            while (refusal == null && accepted < 4) {
                BrowserLink link = BrowserLink.open(registry);
                open.add(link);
                // A refused link hears its BYE first, before the answer to anything it says; it may
                // even be closed before the HELLO can go.
                try {
                    link.send(FrameCodec.encodeText(
                            Frame.request("h", new Hello(ProtocolVersion.CURRENT, "parley-web/test")), 65536));
                } catch (ExecutionException closedAlready) {
                    assertTrue(link.isClosed() || closedAlready.getCause() instanceof IOException, closedAlready.toString());
                }
                Frame first = link.next();
                if (first.isEvent() && first.type().equals("BYE")) {
                    refusal = first.as(Bye.class).message();
                } else {
                    accepted++;
                }
            }
            assertEquals("too many links from 127.0.0.1 (at most 4)", refusal);
            assertTrue(accepted <= 2, accepted + " WebSocket links accepted beside 2 TLS ones under a cap of 4");
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    /** An upgrade request trickled and never finished holds a connection 10 s at most (the frame timeout). */
    @Test
    void anUnfinishedUpgradeRequestIsCutOff() throws Exception {
        try (SSLSocket socket = (SSLSocket) BrowserLink.tls(registry).getSocketFactory()
                .createSocket("localhost", registry.webPort)) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            socket.getOutputStream().write("GET /link HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketException e) {
                read = -1; // reset rather than closed: cut off all the same
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertEquals(-1, read, "the server answered an unfinished request");
            assertTrue(seconds <= 20, "cut off after " + seconds + " s");
        }
    }

    @Test
    void thePageIsServedOverHttpsWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = BrowserLink.client(registry).send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + registry.webPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'self'")
                && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    }
}
