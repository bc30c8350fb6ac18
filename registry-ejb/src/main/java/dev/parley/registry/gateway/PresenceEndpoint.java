package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.KeepaliveAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WatchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.WatchedUser;
import dev.parley.protocol.registry.RegistryEvent.Presence;
import dev.parley.protocol.registry.RegistryRequest.Watch;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.presence.Watching;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The presence requests of a logged-in session, WATCH and KEEPALIVE, and the PRESENCE event's
 * frame. Like {@link RoomEndpoint}: calls the service with the request's fields, writes the answer.
 */
@ApplicationScoped
public class PresenceEndpoint {
    private static final KeepaliveAnswer UDP_ARRIVING = new KeepaliveAnswer(true);
    private static final KeepaliveAnswer UDP_NOT_ARRIVING = new KeepaliveAnswer(false);

    @EJB
    private PresenceService presence;

    /** WATCH: the service checks how many and that each is a username. */
    Frame watch(String sessionId, String id, Watch request) {
        Watching watching = presence.watch(sessionId, request.users());
        // Where to reach them, but not their identity keys: 1000 entries with keys would not fit one
        // answer, and a client checks the key when it opens a peer link anyway (SEARCH_USER).
        List<WatchedUser> online = new ArrayList<>(watching.online().size());
        for (Session s : watching.online()) {
            online.add(new WatchedUser(s.username(), s.address(), s.peerPort()));
        }
        int n = watching.count();
        return Frame.answer(id, Status.OK, "watching " + n + (n == 1 ? " user" : " users"), new WatchAnswer(n, online));
    }

    /** KEEPALIVE over the link. */
    Frame keepalive(String sessionId, String id) {
        boolean udp = presence.keepaliveOverLink(sessionId);
        return Frame.answer(id, Status.OK, udp ? "session kept alive; UDP keepalives arrive again"
                : "session kept alive; UDP keepalives are not arriving", udp ? UDP_ARRIVING : UDP_NOT_ARRIVING);
    }

    /** A PRESENCE event: online with where to reach the user and their identity key, or offline. */
    static Frame presence(Session s, boolean online) {
        return Frame.event(online ? new Presence(s.username(), true, s.address(), s.peerPort(), s.identityKey())
                : new Presence(s.username(), false, null, null, null));
    }
}
