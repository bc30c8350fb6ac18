package dev.parley.registry.room;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;

/**
 * Deletes every room when the registry starts. Sessions live in memory, so after a restart
 * nobody is online; memberships are presence, so every membership left in the database is stale,
 * and a room without members does not exist. Bans and invitations go with their rooms.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RoomReset {
    private static final Logger LOG = Logger.getLogger(RoomReset.class.getName());

    @EJB
    private RoomRepository rooms;

    @PostConstruct
    public void clearStaleRooms() {
        int cleared = rooms.clear();
        LOG.info(() -> cleared == 0 ? "no rooms left from before this start"
                : cleared + " rooms left from before this start deleted (nobody is online after a restart)");
    }
}
