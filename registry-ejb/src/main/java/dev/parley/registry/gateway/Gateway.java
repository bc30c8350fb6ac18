package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MalformedFrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import dev.parley.protocol.registry.RegistryEvent.KeepaliveMissing;
import dev.parley.protocol.registry.RegistryEvent.Mail;
import dev.parley.protocol.registry.RegistryEvent.Receipt;
import dev.parley.registry.cluster.ClusterMessage;
import dev.parley.registry.cluster.RegistryCluster;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.health.GatewayStatus;
import dev.parley.registry.mail.MailEvent;
import dev.parley.registry.presence.KeepaliveOutcome;
import dev.parley.registry.presence.KeepalivesMissing;
import dev.parley.registry.presence.PresenceChanged;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.SessionEnded;
import dev.parley.registry.room.RoomEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridge between the raw protocol and the container, in the role a resource adapter would
 * play: opens the TLS and UDP listeners when the registry deploys, delivers service events to the
 * links they concern, and closes everything cleanly on undeploy. Opens only after the schema is
 * migrated and the room sweep has started the rejoin grace, so no login comes before it.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "RoomSweep", "PresenceService", "LoginThrottle", "LoginStamps"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Gateway {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    @Inject
    private RegistrySettings settings;
    @Inject
    private RegistryEndpoint endpoint;
    @EJB
    private PresenceService presence;
    @Inject
    private RoomFrames roomFrames;
    @Inject
    private GatewayStatus status;
    @Inject
    private RegistryCluster cluster;

    /** The links of logged-in sessions, of every transport: where service events go. */
    private final OnlineLinks online = new OnlineLinks();
    /** Every open link, of every transport: caps, the watchdog, the BYE at shutdown. */
    private OpenLinks open;
    private volatile LinkListener links;
    private volatile KeepaliveListener keepalives;
    private String fingerprint;

    @PostConstruct
    void start() {
        try {
            Path dataDir = Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")))
                    .resolve("parley");
            RegistryTls tls = RegistryTls.loadOrCreate(settings.keyStorePath(), settings.keyStorePassword(), dataDir);
            fingerprint = tls.fingerprint();
            open = new OpenLinks(settings);
            links = LinkListener.open(tls, settings, endpoint, online, open);
            keepalives = KeepaliveListener.open(settings.bindAddress(), settings.keepalivePort(), presence::keepalive);
            cluster.deliverTo(this::deliverFromCluster);
        } catch (IOException | GeneralSecurityException e) {
            stop();
            throw new IllegalStateException("the Parley gateway cannot start: " + e.getMessage(), e);
        }
        status.reportedBy(this::listening);
        LOG.info(() -> String.format("Parley registry listening on %s:%d/tcp (TLS) and %s:%d/udp (keepalives); "
                + "certificate SHA-256 fingerprint %s", settings.bindAddress(), links.port(), settings.bindAddress(),
                keepalives.port(), fingerprint));
    }

    @PreDestroy
    void stop() {
        status.stopped();
        if (links != null) {
            links.close();
        }
        if (open != null) {
            open.closeAll();
        }
        if (keepalives != null) {
            keepalives.close();
        }
        LOG.info("Parley registry listeners closed");
    }

    /**
     * A room event goes to the links of those recipients who are online now. It is fired after
     * the change committed, from the thread of the request that made it; queuing never waits,
     * so one slow client holds up nobody.
     */
    public void onRoomEvent(@Observes RoomEvent event) {
        if (event.recipients().isEmpty()) {
            return;
        }
        deliver(event.recipients(), roomFrames.event(event));
    }

    /**
     * Mail or a receipt goes to the link of the user it is for, if they are online now; fired
     * after the change committed. A user who is not online, or whose link drops it, finds it in
     * MAIL_FETCH or RECEIPT_FETCH: it stays until acknowledged.
     */
    public void onMailEvent(@Observes MailEvent event) {
        Frame frame = Frame.event(switch (event) {
            case MailEvent.Arrived e -> new Mail(e.envelope());
            case MailEvent.Receipted e -> new Receipt(e.receipt());
        });
        deliver(List.of(event.username()), frame);
    }

    /**
     * Queues a frame on the link of each of these users who is online: here, or through the
     * registry node that serves them (one message per node).
     */
    private void deliver(List<String> usernames, Frame frame) {
        Map<String, List<String>> elsewhere = null;
        for (String username : usernames) {
            var session = presence.online(username);
            if (session.isEmpty()) {
                continue;
            }
            var s = session.get();
            if (s.isLocal()) {
                online.deliver(s.id(), frame);
            } else {
                if (elsewhere == null) {
                    elsewhere = new HashMap<>();
                }
                elsewhere.computeIfAbsent(s.node(), n -> new ArrayList<>()).add(s.id());
            }
        }
        if (elsewhere != null) {
            String text;
            try {
                text = FrameCodec.encodeText(frame, Limits.MAX_FRAME_BYTES);
            } catch (ProtocolException e) {
                LOG.log(Level.SEVERE, "an event too large for a link was not passed on: " + frame.type(), e);
                return;
            }
            elsewhere.forEach((node, ids) -> cluster.send(node, new ClusterMessage.Deliver(ids, text)));
        }
    }

    /** An event another registry node passed on for sessions served here. */
    private void deliverFromCluster(List<String> sessionIds, String text) {
        Frame frame;
        try {
            frame = FrameCodec.decode(text);
        } catch (MalformedFrameException e) {
            LOG.log(Level.WARNING, "a registry node passed on an event this node cannot read; dropped", e);
            return;
        }
        for (String id : sessionIds) {
            online.deliver(id, frame);
        }
    }

    /**
     * A session that ended while a link still holds it (missed keepalives, taken over by a
     * resume) loses that link, with the reason. A logout detaches its link first, so it stays.
     */
    public void onSessionEnded(@Observes SessionEnded ended) {
        // A machine-readable reason and the UDP port let the client explain an expiry: almost
        // always keepalives a firewall dropped, which the user can do something about.
        online.endSession(ended.sessionId(), ended.keepalivesStopped()
                ? new Bye(Status.UNAUTHORIZED.code(), ended.reason(), Bye.KEEPALIVE_TIMEOUT, settings.keepalivePort())
                : new Bye(Status.UNAUTHORIZED.code(), ended.reason(), null, null));
    }

    /** A watched user came or went: one PRESENCE frame, queued on the link of each watcher online now. */
    public void onPresenceChanged(@Observes PresenceChanged change) {
        Frame frame = PresenceEndpoint.presence(change.session(), change.online());
        for (String watcher : change.watchers()) {
            online.deliver(watcher, frame);
        }
    }

    /** Tells a client that its UDP keepalives do not arrive, so it keeps its session alive over the link. */
    public void onKeepalivesMissing(@Observes KeepalivesMissing missing) {
        online.deliver(missing.sessionId(),
                Frame.event(new KeepaliveMissing(settings.keepalivePort(), missing.silentSeconds())));
    }

    /**
     * Closes the links that stall or sit idle past their deadlines ({@link LinkDeadlines}); never
     * waits on a client. The watchdog: {@code RegistryTimers} calls it every half second.
     */
    public void checkDeadlines() {
        OpenLinks o = open;
        if (o != null) {
            o.checkDeadlines();
        }
    }

    /**
     * A browser's WebSocket opened (the web module's endpoint calls this): it becomes a link like a
     * TLS one, under the same caps and rules. The endpoint hands it the socket's messages and its close.
     *
     * @param address the client's IP address as the HTTP upgrade came from
     */
    public WebSocketLink openWebSocket(Session socket, String address) {
        WebSocketLink link = new WebSocketLink(socket, address, endpoint, online, open, settings);
        link.start();
        return link;
    }

    /**
     * Whether the registry takes new links and keepalives now: both listeners are open and their
     * threads run. What the health checks report.
     */
    public boolean listening() {
        LinkListener l = links;
        KeepaliveListener k = keepalives;
        return l != null && k != null && l.accepting() && k.receiving();
    }

    /** The registry certificate's SHA-256 fingerprint. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Open links of every transport. */
    public int openLinks() {
        return open.size();
    }

    /** Keepalive datagrams that ended this way since the registry started. */
    public long keepalives(KeepaliveOutcome outcome) {
        return keepalives.count(outcome);
    }
}
