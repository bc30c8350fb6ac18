package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryEvent.LeaveReason;
import dev.parley.protocol.registry.RegistryEvent.RoomLeft;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.Whoami;
import dev.parley.registry.config.RegistrySettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of a registry link hold without any socket: what reaches the handler, and what the client hears instead. */
class RequestPipelineTest {
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final FakeTransport transport = new FakeTransport();
    private final List<RegistryRequest> handled = new ArrayList<>();
    private final LinkHandler handler = new LinkHandler() {
        @Override
        public Frame onRequest(Link link, String id, RegistryRequest request) {
            handled.add(request);
            if (request instanceof Hello) {
                link.session().markGreeted("a-challenge");
            }
            return Frame.answer(id, Status.OK, "fine");
        }

        @Override
        public void onLinkClosed(Link link) {
        }
    };
    private final Link link = new Link(transport, handler, new OnlineLinks(), settings);
    private static final Hello HELLO = new Hello(ProtocolVersion.CURRENT, null);

    private void send(String id, RegistryRequest request) {
        link.requests().onRequest(Frame.request(id, (Record) request));
    }

    /** A frame as a client may write it, right or wrong: the JSON text the registry reads. */
    private void sendRaw(String json) {
        try {
            link.requests().onRequest(FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<Class<?>> handledKinds() {
        return handled.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void aRequestBeforeHelloIsRefusedThenTheLinkSaysByeAndCloses() {
        sendRaw("{\"type\":\"LOGIN\",\"id\":\"1\"}"); // its fields are not even read

        assertEquals(List.of(), handled);
        assertEquals(2, transport.sent.size());
        assertEquals("say HELLO first", transport.sent.get(0).message());
        assertEquals(Status.BAD_REQUEST, transport.sent.get(0).status());
        assertEquals("BYE", transport.sent.get(1).type());
        assertEquals("say HELLO first", transport.sent.get(1).message());
        assertTrue(transport.closedWhenSent);
    }

    @Test
    void aHelloWhoseFieldsCannotBeReadIsRefusedWithTheFieldAndTheLinkGoesOn() {
        sendRaw("{\"type\":\"HELLO\",\"id\":\"1\"}");

        assertEquals(List.of(), handled);
        assertEquals(Status.BAD_REQUEST, transport.last().status());
        assertEquals("missing field 'version'", transport.last().message());
        assertFalse(transport.closedWhenSent);
    }

    @Test
    void aSessionRequestBeforeLoginIsRefusedAndTheLinkGoesOn() {
        send("1", HELLO);
        send("2", new Whoami());
        sendRaw("{\"type\":\"ROOM_LIST\",\"id\":\"3\"}");
        sendRaw("{\"type\":\"WATCH\",\"id\":\"4\",\"users\":7}"); // refused for the login before its fields

        assertEquals(List.of(Hello.class), handledKinds());
        assertEquals(Status.UNAUTHORIZED, transport.sent.get(1).status());
        assertEquals("log in first", transport.sent.get(1).message());
        assertEquals("log in first", transport.sent.get(2).message());
        assertEquals("log in first", transport.sent.get(3).message());
        assertFalse(transport.closedWhenSent);
    }

    @Test
    void fieldsThatCannotBeReadAreRefusedWithTheirReasonOnceTheRulesHold() {
        send("1", HELLO);
        link.session().attach("s1", "ann");
        sendRaw("{\"type\":\"WATCH\",\"id\":\"2\",\"users\":[\"bob\",7]}");

        assertEquals(List.of(Hello.class), handledKinds());
        assertEquals(Status.BAD_REQUEST, transport.last().status());
        assertEquals("users[1] must be a string", transport.last().message());
        assertEquals(Refusal.NONE, transport.last().as(Refusal.class));
    }

    @Test
    void aPeerTypeIsNotARegistryRequestLoggedInOrNot() {
        send("1", HELLO);
        sendRaw("{\"type\":\"CHAT_MESSAGE\",\"id\":\"2\"}");
        link.session().attach("s1", "ann");
        link.requests().onRequest(Frame.event(new RoomLeft("lobby", "ann", LeaveReason.LEFT)));
        sendRaw("{\"type\":\"ROOM_JOINED\",\"id\":\"3\"}");

        assertEquals(List.of(Hello.class), handledKinds());
        assertEquals("unknown message type 'CHAT_MESSAGE'", transport.sent.get(1).message());
        assertEquals("a request needs an 'id' string of 1 to 64 characters", transport.sent.get(2).message());
        assertEquals("unknown message type 'ROOM_JOINED'", transport.sent.get(3).message());
    }

    @Test
    void idsAndTypesAreCheckedBeforeAnythingElse() {
        sendRaw("{\"type\":\"HELLO\"}");
        sendRaw("{\"type\":\"FROB\\u0007\",\"id\":\"2\"}");
        sendRaw("{\"type\":\"RESPONSE\",\"id\":\"3\"}");

        assertEquals("a request needs an 'id' string of 1 to 64 characters", transport.sent.get(0).message());
        assertEquals("unknown message type 'FROB?'", transport.sent.get(1).message());
        assertEquals("unknown message type 'RESPONSE'", transport.sent.get(2).message());
        assertEquals(List.of(), handled);
        assertFalse(transport.closedWhenSent, "an unknown type is not told to say HELLO first");
    }

    @Test
    void aLoggedInLinkReachesTheHandler() {
        send("1", HELLO);
        link.session().attach("s1", "ann");
        send("2", new Whoami());

        assertEquals(List.of(HELLO, new Whoami()), handled);
        assertEquals("ann@192.0.2.7", link.describe());
    }

    @Test
    void aFloodIsToldToSlowDownThenClosed() {
        // Sent as fast as the test runs: the burst goes through, then the limit holds (however slow this machine).
        int sent = 0;
        while (!"slow down: more than 20 requests a second".equals(transport.sent.isEmpty() ? null : transport.last().message())
                && sent < 10_000) {
            send("h" + sent++, HELLO);
        }
        assertTrue(sent > settings.requestBurst(), "the burst was let through first: " + sent);
        assertEquals("h" + (sent - 1), transport.last().id().orElseThrow(), "the refusal names the request");
        while (!transport.closedWhenSent && sent < 20_000) {
            send("h" + sent++, HELLO);
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
        Frame event = Frame.event(new RoomLeft("lobby", "ann", LeaveReason.LEFT));
        LinkHandler pushing = new LinkHandler() {
            @Override
            public Frame onRequest(Link l, String id, RegistryRequest request) {
                l.push(event);
                return Frame.answer(id, Status.OK, "welcome");
            }

            @Override
            public void onLinkClosed(Link l) {
            }
        };
        Link l = new Link(transport, pushing, new OnlineLinks(), settings);

        l.requests().onRequest(Frame.request("1", HELLO));

        assertEquals(List.of("RESPONSE", "ROOM_LEFT"), transport.sent.stream().map(Frame::type).toList());
    }
}
