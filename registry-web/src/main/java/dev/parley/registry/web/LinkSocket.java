package dev.parley.registry.web;

import dev.parley.registry.gateway.Gateway;
import dev.parley.registry.gateway.WebSocketLink;
import jakarta.ejb.EJB;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The browser client's link to the registry: a WebSocket at {@value #PATH} carrying the registry
 * protocol, one frame per text message. It only hands the socket to the gateway, which makes it a
 * link like a TLS one ({@link WebSocketLink}): the same rules, limits and services.
 */
@ServerEndpoint(value = LinkSocket.PATH, configurator = LinkSocket.CallerAddress.class)
public class LinkSocket {
    static final String PATH = "/link";
    private static final Logger LOG = Logger.getLogger(LinkSocket.class.getName());
    private static final String ADDRESS = "parley.caller-address";
    private static final String LINK = "parley.link";

    @EJB
    private Gateway gateway;

    @OnOpen
    public void open(Session socket, EndpointConfig config) throws IOException {
        Object address = config.getUserProperties().get(ADDRESS);
        if (!(address instanceof String caller)) {
            // LinkDoor did not run before the handshake: without an address no cap or throttle can apply.
            LOG.severe("a WebSocket opened without its caller's address; closing it");
            socket.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the registry is misconfigured"));
            return;
        }
        socket.getUserProperties().put(LINK, gateway.openWebSocket(socket, caller));
    }

    /** Parts as they arrive: a message of any size is refused once past the frame limit, never held whole. */
    @OnMessage
    public void text(String part, boolean last, Session socket) {
        WebSocketLink link = link(socket);
        if (link != null) {
            link.receivedPart(part, last);
        }
    }

    /** Frames are text; a binary message is refused (and the container holds none larger than this). */
    @OnMessage(maxMessageSize = 1024)
    public void binary(ByteBuffer message, Session socket) {
        WebSocketLink link = link(socket);
        if (link != null) {
            link.receivedBinary();
        }
    }

    @OnClose
    public void close(Session socket) {
        WebSocketLink link = link(socket);
        if (link != null) {
            link.closed();
        }
    }

    /** A failed socket is closed next, which releases the link; this only says why. */
    @OnError
    public void error(Session socket, Throwable failure) {
        LOG.log(Level.FINE, "WebSocket " + socket.getId() + " failed", failure);
    }

    private static WebSocketLink link(Session socket) {
        return (WebSocketLink) socket.getUserProperties().get(LINK);
    }

    /** Copies the address {@link LinkDoor} noted into this connection's own properties (the container copies them per connection). */
    public static class CallerAddress extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            String caller = LinkDoor.CALLER.get();
            if (caller != null) {
                config.getUserProperties().put(ADDRESS, caller);
            }
        }
    }
}
