package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    @Test
    void whatInstantToStringWritesComesBackExactly() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            // 0001-01-01 to 9999-12-31, with every fraction length toString writes (none, 3, 6, 9 digits)
            long second = -62_135_596_800L + (long) (random.nextDouble() * 315_537_897_599L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nanos);
            assertEquals(t, WireTime.parse(t.toString()), t.toString());
        }
    }

    @Test
    void everyTextParsesAsInstantParseDoesOrIsRefusedAsItIs() {
        List<String> texts = List.of("2026-11-21T14:02:03Z", "2026-11-21T14:02:03.1Z", "2026-11-21T14:02:03.12345Z",
                "2026-11-21T14:02:03.123456789Z", "2024-02-29T00:00:00Z", "2000-02-29T23:59:59.999Z",
                "2026-12-31T23:59:60Z", "2026-11-21t14:02:03z", "2026-11-21T14:02:03+01:00", "+12026-11-21T14:02:03Z",
                "2026-11-21T24:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                "2026-11-31T00:00:00Z", "2026-11-21T14:60:00Z", "2026-11-21T14:02:03.Z", "2026-11-21T14:02:03.1234567890Z",
                "2026-11-21T14:02:0xZ", "2026-1a-21T14:02:03Z", "2026-11-21 14:02:03Z", "2026-11-21T14:02:03", "",
                "not a time", "0000-01-01T00:00:00Z", "2026-11-21T14:02:03.-12Z");
        for (String text : texts) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException refused) {
                assertThrows(DateTimeParseException.class, () -> WireTime.parse(text), text);
                continue;
            }
            assertEquals(expected, WireTime.parse(text), text);
        }
    }
}
