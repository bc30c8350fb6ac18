package dev.parley.client.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class ChatTextTest {
    private static final String ESC = "\u001b";
    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final AttributedStyle BOLD = PLAIN.bold();
    private static final AttributedStyle ITALIC = PLAIN.italic();
    private static final AttributedStyle CODE = PLAIN.inverse();
    private static final AttributedStyle LINK = PLAIN.underline();

    private final Palette colours = Palette.forEnvironment(Map.of());
    private final ChatText styled = new ChatText(colours, false);
    private final ChatText linked = new ChatText(colours, true);
    private final ChatText colourless = new ChatText(Palette.colourless(), true);

    // --- sanitize -------------------------------------------------------------------------------

    @Test
    void escapeSequencesInIncomingTextAreNeutralised() {
        String attack = "hi\u001b[2J\u001b]0;owned\u0007\u001b]8;;file:///etc\u001b\\x\u009b31m";
        assertEquals("hi\uFFFD[2J\uFFFD]0;owned\uFFFD\uFFFD]8;;file:///etc\uFFFD\\x\uFFFD31m", ChatText.sanitize(attack));
        for (ChatText chat : new ChatText[] {styled, linked, colourless}) {
            String ansi = chat.body(attack).toAnsi();
            assertFalse(ansi.contains(ESC), ansi);
            assertFalse(ansi.contains("\u0007"), ansi);
        }
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
    void invisibleCharactersThatCouldHideOrDisguiseTextAreShown() {
        // zero-width space, word joiner, byte order mark, soft hyphen, invisible times, Hangul filler
        assertEquals("p\uFFFDa\uFFFDy\uFFFDp\uFFFDa\uFFFDl\uFFFD",
                ChatText.sanitize("p\u200ba\u2060y\ufeffp\u00ada\u2062l\u3164"));
        // tag characters spell a text nobody sees: "hi" in tags after "ok"
        assertEquals("ok\uFFFD\uFFFD", ChatText.sanitize("ok\udb40\udc68\udb40\udc69"));
    }

    @Test
    void joinersThatShapeEmojiAndWordsStay() {
        String text = "👨\u200d👩\u200d👧 می\u200cخواهم \u0601\u0662";
        assertSame(text, ChatText.sanitize(text));
    }

    @Test
    void aNoticeOfSeveralLinesKeepsItsBreaksAndLosesEverythingElse() {
        assertEquals("online (2):\n  \uFFFDlice\n  bob\uFFFD",
                ChatText.sanitizeLines("online (2):\n  \u202elice\n  bob\u200b"));
        Notice topic = Notice.of(NoticeKind.INFO, "#lobby: \u2067topic\u2069\u001b[2J", "ev\u202eil");
        assertEquals("#lobby: \uFFFDtopic\uFFFD\uFFFD[2J", topic.text());
        assertEquals(List.of("ev\uFFFDil"), topic.nicks());
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

    // --- markup ---------------------------------------------------------------------------------

    @Test
    void boldItalicAndCodeLoseTheirMarkersAndGainTheirStyles() {
        AttributedString s = styled.body("a **b** *c* _d_ `e` ***f***");
        assertEquals("a b c d e f", s.toString());
        assertEquals(PLAIN, s.styleAt(0));
        assertEquals(BOLD, s.styleAt(2));
        assertEquals(ITALIC, s.styleAt(4));
        assertEquals(ITALIC, s.styleAt(6));
        assertEquals(CODE, s.styleAt(8));
        assertEquals(PLAIN.bold().italic(), s.styleAt(10));
        assertTrue(s.toAnsi().contains(ESC + "[1m"), s.toAnsi());
    }

    @Test
    void markersNest() {
        AttributedString s = styled.body("**bold *both* bold** *it `code` it*");
        assertEquals("bold both bold it code it", s.toString());
        assertEquals(BOLD, s.styleAt(0));
        assertEquals(PLAIN.bold().italic(), s.styleAt(5));
        assertEquals(BOLD, s.styleAt(10));
        assertEquals(ITALIC, s.styleAt(15));
        assertEquals(PLAIN.italic().inverse(), s.styleAt(18));
    }

    @Test
    void unmatchedOrIntrawordMarkersStayLiteral() {
        for (String text : new String[] {
            "**never closed", "2*3*4", "5 * 3 * 2", "snake_case_name", "a ** b **", "*", "**", "****x****",
            "__init__", "a * b*", "*a *", "` alone", "``", "x*y* z", "_a_b",
        }) {
            AttributedString s = styled.body(text);
            assertEquals(text, s.toString(), text);
            for (int i = 0; i < s.length(); i++) {
                assertEquals(PLAIN, s.styleAt(i), text + " at " + i);
            }
        }
    }

    @Test
    void anOpenerTakesTheFirstCloserOfItsKind() {
        AttributedString s = styled.body("*a **b* c**");
        assertEquals("a **b c**", s.toString());
        assertEquals(ITALIC, s.styleAt(0));
        assertEquals(ITALIC, s.styleAt(4));
        assertEquals(PLAIN, s.styleAt(6));
    }

    @Test
    void codeSpansSuppressMarkupAndLinks() {
        AttributedString s = linked.body("`**not bold** _x_ https://example.org`");
        assertEquals("**not bold** _x_ https://example.org", s.toString());
        for (int i = 0; i < s.length(); i++) {
            assertEquals(CODE, s.styleAt(i), "at " + i);
        }
        assertFalse(s.toAnsi().contains("]8;"));
    }

    @Test
    void doubleBackticksHoldABacktick() {
        AttributedString s = styled.body("run `` echo `date` `` now");
        assertEquals("run echo `date` now", s.toString());
        assertEquals(CODE, s.styleAt(4));
        assertEquals(CODE, s.styleAt(14));
        assertEquals(PLAIN, s.styleAt(15));
    }

    // --- links ----------------------------------------------------------------------------------

    @Test
    void urlsBecomeOsc8HyperlinksWithExactEscapeBytes() {
        AttributedString s = linked.body("see https://example.org/a?b=1.");
        assertEquals("see " + ESC + "]8;;https://example.org/a?b=1" + ESC + "\\"
                + ESC + "[4mhttps://example.org/a?b=1" + ESC + "[0m"
                + ESC + "]8;;" + ESC + "\\.", s.toAnsi());
        assertEquals("see https://example.org/a?b=1.".length(), s.columnLength(), "the escape takes no columns");
    }

    @Test
    void withoutHyperlinksAUrlIsOnlyUnderlined() {
        AttributedString s = styled.body("see http://example.org now");
        assertEquals("see http://example.org now", s.toString());
        assertEquals(LINK, s.styleAt(4));
        assertEquals(LINK, s.styleAt(21));
        assertEquals(PLAIN, s.styleAt(22));
        assertFalse(s.toAnsi().contains("]8;"));
    }

    @Test
    void aUrlContainingEscOrBelCannotBreakOutOfTheHyperlink() {
        String body = "https://good.example/\u001b\\\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007";
        String ansi = linked.body(body).toAnsi();
        // Every OSC 8 in the output is one of ours, and each link shows the very address it opens.
        Matcher osc = Pattern.compile(ESC + "]8;;([!-~]*)" + ESC + "\\\\").matcher(ansi);
        List<String> targets = new ArrayList<>();
        while (osc.find()) {
            targets.add(osc.group(1));
        }
        assertEquals(List.of("https://good.example/", "", "https://evil.example", ""), targets, ansi);
        assertTrue(ansi.contains("[4mhttps://evil.example" + ESC + "[0m" + ESC + "]8;;" + ESC + "\\\uFFFDclick"), ansi);
        String rest = osc.replaceAll("").replaceAll(ESC + "\\[[0-9;]*m", "");
        assertFalse(rest.contains(ESC), rest);
        assertFalse(rest.contains("\u0007"), rest);
        assertEquals(ChatText.sanitize(body), rest);
    }

    @Test
    void theLinkTargetIsPrintableAsciiWhateverItIsGiven() {
        assertEquals("https://a.example/%1B%07%20x%5C%22%3C%C3%9F", ChatText.linkTarget("https://a.example/\u001b\u0007 x\\\"<ß"));
        assertEquals("https://www.example.org", ChatText.linkTarget("www.example.org"));
        assertEquals("https://X.org/Path", ChatText.linkTarget("HTTPS://X.org/Path"));
    }

    @Test
    void nonAsciiAddressesAreShownAsWrittenAndPercentEncodedInTheTarget() {
        String ansi = linked.body("https://de.wikipedia.org/wiki/Straße").toAnsi();
        assertTrue(ansi.startsWith(ESC + "]8;;https://de.wikipedia.org/wiki/Stra%C3%9Fe" + ESC + "\\"), ansi);
        assertTrue(ansi.contains("[4mhttps://de.wikipedia.org/wiki/Straße"), ansi);
    }

    @Test
    void trailingPunctuationAndUnbalancedBracketsAreNotPartOfALink() {
        assertLink("(see https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)");
        assertLink("is it https://example.org?", "https://example.org");
        assertLink("*https://example.org/x*.", "https://example.org/x");
        assertLink("[https://example.org]", "https://example.org");
        assertLink("go to www.example.org, then", "www.example.org");
    }

    @Test
    void onlyWebAddressesAtAWordStartAreLinks() {
        for (String text : new String[] {
            "javascript:alert(1)", "file:///etc/passwd", "ftp://example.org", "xhttps://example.org",
            "https://", "https:// example", "www.", "awww.example.org", "https://-x",
        }) {
            AttributedString s = linked.body(text);
            assertFalse(s.toAnsi().contains(ESC), text);
        }
    }

    @Test
    void aLinkCanBeBoldAndMarkersAroundItStillPair() {
        AttributedString s = linked.body("**see https://example.org**");
        assertEquals("see " + ESC + "]8;;https://example.org" + ESC + "\\https://example.org" + ESC + "]8;;" + ESC + "\\",
                s.toString());
        assertEquals(BOLD, s.styleAt(0));
        assertEquals(BOLD.underline(), s.styleAt(s.length() - 8));
    }

    // --- colour ---------------------------------------------------------------------------------

    @Test
    void aColourlessPaletteProducesNoEscapeAtAll() {
        String body = "**b** _i_ `c` https://example.org \u001b[31mred";
        AttributedString s = colourless.body(body);
        assertEquals(ChatText.sanitize(body), s.toString());
        assertEquals(s.toString(), s.toAnsi());
        for (int i = 0; i < s.length(); i++) {
            assertEquals(PLAIN, s.styleAt(i));
        }
        AttributedString line = colourless.line("14:02", "bob", body);
        assertEquals(ChatText.plainLine("14:02", "bob", body), line.toAnsi());
        assertFalse(line.toAnsi().contains(ESC));
    }

    @Test
    void aNickHasTheSameColourInAnyLetterCase() {
        AttributedString lower = styled.line("14:02", "bob", "hi");
        AttributedString upper = styled.line("14:03", "BOB", "hi");
        AttributedStyle expected = AttributedStyle.BOLD.foreground(Palette.nickColour("bob"));
        assertEquals(expected, lower.styleAt(6));
        assertEquals(expected, upper.styleAt(6));
        assertEquals(PLAIN, lower.styleAt(9), "the colon is not the nick's");
    }

    @Test
    void aStyledLineReadsLikeThePlainLineWithoutItsMarkers() {
        assertEquals("14:02 bob: hi there", styled.line("14:02", "bob", "hi **there**").toString());
        assertEquals("bob: hi", styled.line("", "bob", "hi").toString());
        assertEquals("14:02 b\uFFFD[31mob: x", styled.line("14:02", "b\u001b[31mob", "x").toString());
    }

    // --- robustness -----------------------------------------------------------------------------

    @Test
    void veryLongHostileInputRendersQuickly() {
        String[] units = {"*a ", "**", "_x ", "`", "``a", "https://e.org/(", "*`", "a*", "\u001b[", "👍*", ")", "https://e.org/)", "` ``` ``"};
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String unit : units) {
                String body = unit.repeat(4000 / unit.length() + 1).substring(0, 4000);
                for (ChatText chat : new ChatText[] {styled, linked, colourless}) {
                    AttributedString s = chat.body(body);
                    assertFalse(s.toString().isEmpty());
                }
            }
        });
    }

    // --- hyperlink support ----------------------------------------------------------------------

    @Test
    void hyperlinksOnlyWhereTheTerminalIsKnownAndColourAllowed() {
        assertTrue(ChatText.hyperlinksSupported(Map.of("TERM", "xterm-256color"), "xterm-256color"));
        assertTrue(ChatText.hyperlinksSupported(Map.of(), "windows-vtp"));
        assertTrue(ChatText.hyperlinksSupported(Map.of("TERM", "tmux-256color"), null));
        assertFalse(ChatText.hyperlinksSupported(Map.of("TERM", "xterm-256color"), "dumb"));
        assertFalse(ChatText.hyperlinksSupported(Map.of("TERM", "dumb"), "xterm"));
        assertFalse(ChatText.hyperlinksSupported(Map.of("TERM", "linux"), "linux"));
        assertFalse(ChatText.hyperlinksSupported(Map.of("TERM", "xterm", "NO_COLOR", "1"), "xterm"));
        assertFalse(ChatText.hyperlinksSupported(Map.of(), null));
        assertFalse(ChatText.hyperlinksSupported(Map.of("TERM", ""), ""));
    }

    private void assertLink(String body, String url) {
        String ansi = linked.body(body).toAnsi();
        String target = ChatText.linkTarget(url);
        assertTrue(Pattern.compile(Pattern.quote(ESC + "]8;;" + target + ESC + "\\") + ESC + "\\[[0-9;]*m"
                + Pattern.quote(url + ESC + "[0m" + ESC + "]8;;")).matcher(ansi).find(),
                body + " -> " + ansi.replace(ESC, "<ESC>"));
    }
}
