package dev.parley.registry.room;

import dev.parley.protocol.Names;
import dev.parley.registry.cluster.RegistryCluster;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.SessionEnded;
import jakarta.annotation.PostConstruct;
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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a room's lifetime is decided. Rooms and memberships are in the database and outlive the
 * process; sessions are in memory and do not. A membership is held by its user's session (online,
 * or waiting to be resumed), and this sweep, every few seconds, takes out of their rooms everyone
 * in a room (or invited to one) who has no session, exactly as a leave for {@code offline}: the
 * host's place is handed on, an empty room is deleted, the members still there hear of it.
 *
 * <p>Two reasons it exists besides the quick clean-up when a session ends ({@link RoomPresence}):
 * that clean-up needs the database, and one that failed (the database was down) is finished by the
 * next sweep that gets through; and after a start nobody has a session yet, so memberships from
 * before it are kept for {@link RegistrySettings#roomRejoinGrace()}, for their clients to log in
 * again (they do so on their own once the registry is back), and swept once it is over.
 *
 * <p>In a cluster only the coordinator sweeps: every node knows every session, so one sweep sees
 * the same, and two nodes never take the same member out twice.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "PresenceService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Each leave is its own short transaction in RoomRepository; the sweep itself holds none.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RoomSweep {
    private static final Logger LOG = Logger.getLogger(RoomSweep.class.getName());

    @Inject
    private RegistrySettings settings;
    @EJB
    private PresenceService presence;
    @EJB
    private RoomService rooms;
    @EJB
    private RoomRepository repository;
    @Inject
    private RegistryCluster cluster;

    private final Clock clock = Clock.systemUTC();
    private volatile Instant graceEnds;
    /**
     * During the grace, the users (lower case) whose session ended since this start: they logged
     * in after it, so their memberships are not ones waiting for them, and they need not wait for
     * the grace to end. Unused once it has.
     */
    private final Set<String> endedSinceStart = ConcurrentHashMap.newKeySet();
    /** One sweep at a time; one on the timer that finds another running (a slow database) skips its turn. */
    private final ReentrantLock sweeping = new ReentrantLock();
    private volatile boolean graceOverSaid;
    private volatile boolean failing;

    @PostConstruct
    void started() {
        graceEnds = clock.instant().plus(settings.roomRejoinGrace());
        LOG.info(() -> "room members from before this start keep their rooms if they log in again within "
                + settings.roomRejoinGrace().toSeconds() + " s (until " + graceEnds.truncatedTo(ChronoUnit.SECONDS) + ")");
    }

    /** When the rejoin grace of this start ends. */
    public Instant graceEnds() {
        return graceEnds;
    }

    public void onSessionEnded(@Observes SessionEnded ended) {
        if (!ended.resumed() && clock.instant().isBefore(graceEnds)) {
            endedSinceStart.add(Names.key(ended.username()));
        }
    }

    /** The sweep every 5 s ({@code RegistryTimers}) on the cluster's coordinator; skipped while another sweep is still running. */
    public void onTimer() {
        Instant now = clock.instant();
        if (!graceOverSaid && !now.isBefore(graceEnds)) {
            graceOverSaid = true;
            endedSinceStart.clear(); // from now on every sweep looks at everyone
            LOG.info("the rejoin grace after start is over: members who did not come back leave their rooms now");
        }
        if (cluster.coordinator() && sweeping.tryLock()) {
            try {
                sweep(now);
            } finally {
                sweeping.unlock();
            }
        }
    }

    /**
     * Takes out of every room each user who has no session, among those the sweep considers at
     * {@code now}: before the grace ends, the users whose session ended since the start; after,
     * everyone in a room or invited to one. Returns how many memberships it ended. The timer calls
     * it with the clock's time; a test may pass another.
     */
    public int sweep(Instant now) {
        sweeping.lock();
        try {
            boolean inGrace = now.isBefore(graceEnds);
            Collection<String> suspects = inGrace ? List.copyOf(endedSinceStart) : repository.holders();
            int ended = 0;
            RuntimeException failed = null;
            for (String username : suspects) {
                if (presence.hasSession(username)) {
                    endedSinceStart.remove(Names.key(username)); // back: they hold their rooms again
                    continue;
                }
                try {
                    int left = rooms.leaveAll(username);
                    endedSinceStart.remove(Names.key(username));
                    if (left > 0) {
                        LOG.info(() -> username + " has no session: taken out of " + left
                                + (left == 1 ? " room" : " rooms") + " by the sweep");
                    }
                    ended += left;
                } catch (RuntimeException e) {
                    failed = e; // try the others: one user's failure must not keep everyone else in
                }
            }
            if (failed != null) {
                throw failed;
            }
            if (failing) {
                failing = false;
                LOG.info("the room sweep works again");
            }
            return ended;
        } catch (RuntimeException e) {
            // Said once when it starts failing, not every few seconds while the database is away.
            LOG.log(failing ? Level.FINE : Level.WARNING, "the room sweep failed; it tries again in a few seconds", e);
            failing = true;
            return 0;
        } finally {
            sweeping.unlock();
        }
    }
}
