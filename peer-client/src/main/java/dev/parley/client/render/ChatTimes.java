package dev.parley.client.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How times read on chat lines: the minute a message was written (and the day, in history), the
 * second a receipt came; and whether the sender's clock can be believed about when it was written.
 */
final class ChatTimes {
    /**
     * How far ahead of our clock a sender's may be and still be shown: computers without time
     * synchronisation drift by seconds to a few minutes. Beyond that the time is impossible, not skewed.
     */
    static final Duration AHEAD_TOLERANCE = Duration.ofMinutes(5);
    /**
     * Earlier than any message of this protocol. A message may be days or weeks old when it arrives
     * (an outbox waits for its peer, mail waits on the registry), so only this is too old to be true.
     */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ChatTimes() {
    }

    static String minute(Instant at, ZoneId zone) {
        return MINUTE.format(at.atZone(zone));
    }

    /** For history: the minute for a message of today, with the date for an older one. */
    static String inHistory(Instant at, Instant now, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        return t.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? MINUTE.format(t) : DAY_AND_MINUTE.format(t);
    }

    /** Whether a message a peer says it wrote at {@code sentAt}, received at {@code receivedAt}, can be shown at that time. */
    static boolean believable(Instant sentAt, Instant receivedAt) {
        return !sentAt.isBefore(EARLIEST) && !sentAt.isAfter(receivedAt.plus(AHEAD_TOLERANCE));
    }

    static String second(Instant at, ZoneId zone) {
        return SECOND.format(at.atZone(zone));
    }
}
