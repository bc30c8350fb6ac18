package dev.parley.registry.room;

import dev.parley.registry.presence.SessionEnded;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Membership is presence: a user whose session ends (logout, missed keepalives, a closed link
 * nobody resumed, a fresh login elsewhere) leaves every room. A session resumed with its token
 * is the same client carrying on, so its rooms stay.
 */
@ApplicationScoped
public class RoomPresence {
    private static final Logger LOG = Logger.getLogger(RoomPresence.class.getName());

    @EJB
    private RoomService rooms;

    void onSessionEnded(@Observes SessionEnded ended) {
        if (ended.resumed()) {
            return;
        }
        try {
            rooms.leaveAll(ended.username());
        } catch (RuntimeException e) {
            // Presence goes on regardless; the rooms are cleared at the next start at the latest.
            LOG.log(Level.WARNING, "taking " + ended.username() + " out of their rooms failed", e);
        }
    }
}
