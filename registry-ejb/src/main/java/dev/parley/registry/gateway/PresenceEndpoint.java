package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.Status;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.presence.Watching;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The presence requests of a logged-in session, WATCH and KEEPALIVE, and the PRESENCE event's
 * frame. Like {@link RoomEndpoint}: reads the fields, calls the service, writes the answer.
 */
@ApplicationScoped
public class PresenceEndpoint {

    @EJB
    private PresenceService presence;

    Frame handle(String sessionId, MessageType type, String id, Frame request) {
        return switch (type) {
            case WATCH -> watch(sessionId, id, request);
            case KEEPALIVE -> keepalive(sessionId, id);
            default -> throw new IllegalArgumentException("not a presence request: " + type);
        };
    }

    private Frame watch(String sessionId, String id, Frame request) {
        Watching watching = presence.watch(sessionId, names(request));
        JsonArrayBuilder online = Frame.array();
        // Where to reach them, but not their identity keys: 1000 entries with keys would not fit one
        // answer, and a client checks the key when it opens a peer link anyway (SEARCH_USER).
        for (Session s : watching.online()) {
            online.add(Frame.object().add("user", s.username()).add("address", s.address()).add("peerPort", s.peerPort()));
        }
        int n = watching.count();
        return Frame.response(id, Status.OK, "watching " + n + (n == 1 ? " user" : " users"),
                Frame.object().add("watching", n).add("online", online));
    }

    private Frame keepalive(String sessionId, String id) {
        boolean udp = presence.keepaliveOverLink(sessionId);
        return Frame.response(id, Status.OK, udp ? "session kept alive; UDP keepalives arrive again"
                : "session kept alive; UDP keepalives are not arriving", Frame.object().add("udpKeepalivesArriving", udp));
    }

    /** The {@code users} array as strings; the service checks how many and that each is a username. */
    private static List<String> names(Frame request) {
        JsonValue v = request.json().get("users");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw new InvalidFieldException("missing field 'users'");
        }
        if (!(v instanceof JsonArray array)) {
            throw new InvalidFieldException("field 'users' must be an array of usernames");
        }
        List<String> names = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString name)) {
                throw new InvalidFieldException("users[" + i + "] must be a username (a string)");
            }
            names.add(name.getString());
        }
        return names;
    }

    /** A PRESENCE event: online with where to reach the user and their identity key, or offline. */
    static Frame presence(Session s, boolean online) {
        JsonObjectBuilder b = Frame.object().add("user", s.username()).add("online", online);
        if (online) {
            b.add("address", s.address()).add("peerPort", s.peerPort());
            if (s.identityKey() != null) {
                b.add("identityKey", s.identityKey());
            }
        }
        return Frame.event(MessageType.PRESENCE, b);
    }
}
