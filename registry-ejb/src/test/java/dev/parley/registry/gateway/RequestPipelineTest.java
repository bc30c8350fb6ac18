package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import dev.parley.registry.config.RegistrySettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of a registry link hold without any socket: what reaches the handler, and what the client hears instead. */
class RequestPipelineTest {
    private final RegistrySettings settings = RegistrySettings.fromSystemProperties();
    private final FakeTransport transport = new FakeTransport();
    private final List<MessageType> handled = new ArrayList<>();
    private final LinkHandler handler = new LinkHandler() {
        @Override
        public Frame onRequest(Link link, MessageType type, String id, Frame request) {
            handled.add(type);
            if (type == MessageType.HELLO) {
                link.session().markGreeted();
            }
            return Frame.response(id, Status.OK, "fine", null);
        }

        @Override
        public void onLinkClosed(Link link) {
        }
    };
    private final Link link = new Link(transport, handler, new OnlineLinks(), settings);

    private void send(String type, String id) {
        link.requests().onRequest(new Frame(Frame.object().add("type", type).add("id", id).build()));
    }

    @Test
    void aRequestBeforeHelloIsRefusedThenTheLinkSaysByeAndCloses() {
        send("LOGIN", "1");

        assertEquals(List.of(), handled);
        assertEquals(2, transport.sent.size());
        assertEquals("say HELLO first", transport.sent.get(0).message());
        assertEquals(Status.BAD_REQUEST, transport.sent.get(0).status());
        assertEquals("BYE", transport.sent.get(1).type());
        assertEquals("say HELLO first", transport.sent.get(1).message());
        assertTrue(transport.closedWhenSent);
    }

    @Test
    void aSessionRequestBeforeLoginIsRefusedAndTheLinkGoesOn() {
        send("HELLO", "1");
        send("WHOAMI", "2");
        send("ROOM_LIST", "3");

        assertEquals(List.of(MessageType.HELLO), handled);
        assertEquals(Status.UNAUTHORIZED, transport.sent.get(1).status());
        assertEquals("log in first", transport.sent.get(1).message());
        assertEquals("log in first", transport.sent.get(2).message());
        assertFalse(transport.closedWhenSent);
    }

    @Test
    void aPeerTypeIsNotARegistryRequestLoggedInOrNot() {
        send("HELLO", "1");
        send("CHAT_MESSAGE", "2");
        link.session().attach("s1", "ann");
        send("ROOM_JOINED", "3");

        assertEquals(List.of(MessageType.HELLO), handled);
        assertEquals("not a registry request: CHAT_MESSAGE", transport.sent.get(1).message());
        assertEquals("not a registry request: ROOM_JOINED", transport.sent.get(2).message());
    }

    @Test
    void idsAndTypesAreCheckedBeforeAnythingElse() {
        link.requests().onRequest(new Frame(Frame.object().add("type", "HELLO").build()));
        send("FROB\u0007", "2");
        send("RESPONSE", "3");

        assertEquals("a request needs an 'id' string of 1 to 64 characters", transport.sent.get(0).message());
        assertEquals("unknown message type 'FROB?'", transport.sent.get(1).message());
        assertEquals("unknown message type 'RESPONSE'", transport.sent.get(2).message());
        assertEquals(List.of(), handled);
    }

    @Test
    void aLoggedInLinkReachesTheHandler() {
        send("HELLO", "1");
        link.session().attach("s1", "ann");
        send("WHOAMI", "2");

        assertEquals(List.of(MessageType.HELLO, MessageType.WHOAMI), handled);
        assertEquals("ann@192.0.2.7", link.describe());
    }

    @Test
    void aFloodIsToldToSlowDownThenClosed() {
        // Sent as fast as the test runs: the burst goes through, then the limit holds (however slow this machine).
        int sent = 0;
        while (!"slow down: more than 20 requests a second".equals(transport.sent.isEmpty() ? null : transport.last().message())
                && sent < 10_000) {
            send("HELLO", "h" + sent++);
        }
        assertTrue(sent > settings.requestBurst(), "the burst was let through first: " + sent);
        assertEquals("h" + (sent - 1), transport.last().id().orElseThrow(), "the refusal names the request");
        while (!transport.closedWhenSent && sent < 20_000) {
            send("HELLO", "h" + sent++);
        }

        assertEquals("BYE", transport.last().type());
        assertEquals("request flood: more than 20 requests a second; closing", transport.last().message());
    }

    @Test
    void aMalformedFrameIsAnsweredWithoutAnId() {
        link.requests().onMalformed("frame is not valid JSON");

        assertEquals(Status.BAD_REQUEST, transport.last().status());
        assertTrue(transport.last().id().isEmpty());
        assertEquals("frame is not valid JSON", transport.last().message());
    }

    @Test
    void anEventThatComesWhileAnsweringFollowsTheAnswer() {
        Frame event = Frame.event(MessageType.ROOM_JOINED, Frame.object().add("room", "lobby"));
        LinkHandler pushing = new LinkHandler() {
            @Override
            public Frame onRequest(Link l, MessageType type, String id, Frame request) {
                l.push(event);
                return Frame.response(id, Status.OK, "welcome", null);
            }

            @Override
            public void onLinkClosed(Link l) {
            }
        };
        Link l = new Link(transport, pushing, new OnlineLinks(), settings);

        l.requests().onRequest(new Frame(Frame.object().add("type", "HELLO").add("id", "1").build()));

        assertEquals(List.of("RESPONSE", "ROOM_JOINED"), transport.sent.stream().map(Frame::type).toList());
    }
}
