package dev.parley.client.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How times read on chat lines: the minute a message was written (and the day, in history), the second a receipt came. */
final class ChatTimes {
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

    static String second(Instant at, ZoneId zone) {
        return SECOND.format(at.atZone(zone));
    }
}
