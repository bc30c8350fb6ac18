package dev.parley.registry.metrics;

import dev.parley.registry.cluster.RegistryCluster;
import dev.parley.registry.gateway.Gateway;
import dev.parley.registry.mail.MailRepository;
import dev.parley.registry.presence.KeepaliveOutcome;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.room.RoomRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry's state as metrics, read when they are scraped (the deployment's meters go when it
 * is undeployed): sessions online and waiting to be resumed, open links,
 * keepalives by what became of them; and what is stored (rooms, their members, mail held), which
 * is counted in the database every {@code RegistryTimers} turn rather than at every scrape, so a
 * scrape never waits on the database (nor fails while it is away: the last count stands).
 */
@Singleton
@Startup
@DependsOn({"Gateway", "PresenceService"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RegistryGauges {
    private static final Logger LOG = Logger.getLogger(RegistryGauges.class.getName());

    @Inject
    private MeterRegistry registry;
    @EJB
    private Gateway gateway;
    @EJB
    private PresenceService presence;
    @EJB
    private RoomRepository rooms;
    @EJB
    private MailRepository mail;
    @Inject
    private RegistryCluster cluster;

    private volatile RoomRepository.RoomCount roomCount = new RoomRepository.RoomCount(0, 0);
    private volatile long mailHeld;

    @PostConstruct
    void register() {
        // Made by name and tags: WildFly exports only those of a deployment (see RequestMeters).
        // Each reads this bean, which a meter holds weakly and the container for as long as it is deployed.
        registry.gauge("parley.sessions.online", Tags.empty(), this, g -> g.presence.sessionsOnline());
        registry.gauge("parley.sessions.resumable", Tags.empty(), this, g -> g.presence.sessionsResumable());
        registry.gauge("parley.links.open", Tags.empty(), this, g -> g.gateway.openLinks());
        registry.gauge("parley.cluster.members", Tags.empty(), this, g -> g.cluster.memberNames().size());
        registry.gauge("parley.rooms", Tags.empty(), this, g -> g.roomCount.rooms());
        registry.gauge("parley.rooms.members", Tags.empty(), this, g -> g.roomCount.members());
        registry.gauge("parley.mail.held", Tags.empty(), this, g -> g.mailHeld);
        for (KeepaliveOutcome outcome : KeepaliveOutcome.values()) {
            registry.more().counter("parley.keepalives", Tags.of("outcome", outcome.name().toLowerCase(Locale.ROOT)),
                    this, g -> g.gateway.keepalives(outcome));
        }
        countStored();
    }

    /** Counts rooms, members and mail in the database; a failure keeps the last counts (and is traced). */
    public void countStored() {
        try {
            roomCount = rooms.count();
            mailHeld = mail.held();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "counting rooms and mail for the metrics", e);
        }
    }
}
