package dev.parley.client.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ChatTextTest {
    // --- sanitize -------------------------------------------------------------------------------

    @Test
    void escapeSequencesInIncomingTextAreNeutralised() {
        String attack = "hi\u001b[2J\u001b]0;owned\u0007\u001b]8;;file:///etc\u001b\\x\u009b31m";
        assertEquals("hi\uFFFD[2J\uFFFD]0;owned\uFFFD\uFFFD]8;;file:///etc\uFFFD\\x\uFFFD31m", ChatText.sanitize(attack));
    }

    @Test
    void everyC0ControlAndDelBecomeTheReplacementCharacter() {
        for (char c = 0; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                assertEquals("a\uFFFDb", ChatText.sanitize("a" + c + "b"), "U+" + Integer.toHexString(c));
            }
        }
        assertEquals("a\uFFFDb", ChatText.sanitize("a\u007fb"));
    }

    @Test
    void c1ControlsIncludingEightBitCsiAreReplaced() {
        for (char c = 0x80; c <= 0x9f; c++) {
            if (c != '\u0085') {
                assertEquals("a\uFFFDb", ChatText.sanitize("a" + c + "b"), "U+" + Integer.toHexString(c));
            }
        }
        assertEquals("\uFFFD2J", ChatText.sanitize("\u009b2J"));
    }

    @Test
    void bidiControlsCannotReorderTheLine() {
        String trojan = "\u202eevil\u202c \u2066a\u2069 \u2067b\u2068 \u202a\u202b\u202d \u200e\u200f\u061c";
        assertEquals("\uFFFDevil\uFFFD \uFFFDa\uFFFD \uFFFDb\uFFFD \uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD",
                ChatText.sanitize(trojan));
    }

    @Test
    void tabsBecomeSpacesAndLineBreaksAVisibleSymbol() {
        assertEquals("a b", ChatText.sanitize("a\tb"));
        assertEquals("one\u23CEtwo\u23CEthree\u23CEfour\u23CEfive\u23CEsix",
                ChatText.sanitize("one\ntwo\r\nthree\rfour\u0085five\u2028six"));
        assertEquals("\u23CE\u23CE", ChatText.sanitize("\n\r\n"));
    }

    @Test
    void emojiAndOtherSurrogatePairsSurviveIntact() {
        String text = "ok 👍🏽 👨‍👩‍👧 𝄞 ñ 中文 שלום";
        assertSame(text, ChatText.sanitize(text));
        assertEquals("👍 \uFFFD x \uFFFD", ChatText.sanitize("👍 \ud83d x \udc4d"));
        assertEquals("\uFFFD", ChatText.sanitize("\ud83d"));
    }

    @Test
    void plainLineKeepsTheMarkupAsWrittenMinusControls() {
        assertEquals("14:02 bob: **hi** `x` https://a.org\u23CEok",
                ChatText.plainLine("14:02", "bob", "**hi** `x` https://a.org\nok"));
        assertEquals("b\uFFFDb: hi", ChatText.plainLine("", "b\u001bb", "hi"));
    }
}
