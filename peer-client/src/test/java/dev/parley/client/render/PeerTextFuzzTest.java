package dev.parley.client.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Text from peers on its way to the screen: whatever a peer sends, no control character, no
 * bidirectional control and no lone surrogate reaches the terminal, and sanitising is stable.
 * Saved inputs under {@code src/test/resources/.../PeerTextFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class PeerTextFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void textFromPeersOnItsWayToTheScreen(@NotNull String text) {
        String shown = ChatText.sanitize(text);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f), "a control character reached the screen: " + (int) c);
            assertFalse(isBidiControl(c), "a bidirectional control reached the screen: " + (int) c);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < shown.length() && Character.isLowSurrogate(shown.charAt(i + 1)), "a lone surrogate");
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "a lone surrogate");
            }
        }
        assertEquals(shown, ChatText.sanitize(shown), "sanitising twice changes nothing");
        assertFalse(ChatText.plainLine("12:00", "bob", text).chars().anyMatch(c -> c == 0x1b),
                "no escape character in a plain line");
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
