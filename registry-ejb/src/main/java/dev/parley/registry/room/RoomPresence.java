package dev.parley.registry.room;

import dev.parley.registry.presence.SessionEnded;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Membership is presence: a user whose session ends (logout, missed keepalives, a closed link
 * nobody resumed, a fresh login elsewhere) leaves every room at once, so the others hear of it
 * within a keepalive interval. A session resumed with its token is the same client carrying on,
 * so its rooms stay. This is the quick path; {@link RoomSweep} is the one that cannot be missed.
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
            // Presence goes on regardless: the sweep finds the user without a session and finishes this.
            LOG.log(Level.WARNING, "taking " + ended.username() + " out of their rooms failed; the room sweep"
                    + " finishes it once the database answers", e);
        }
    }
}
