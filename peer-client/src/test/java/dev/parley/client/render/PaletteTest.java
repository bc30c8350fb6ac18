package dev.parley.client.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class PaletteTest {
    private final Palette colours = Palette.forEnvironment(Map.of());

    @Test
    void aNickAlwaysGetsTheSameColourWhateverItsCase() {
        assertEquals(Palette.nickColour("alice"), Palette.nickColour("alice"));
        assertEquals(Palette.nickColour("alice"), Palette.nickColour("ALICE"));
    }

    @Test
    void differentNicksAreSpreadOverSeveralColours() {
        long distinct = java.util.stream.Stream.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")
                .map(Palette::nickColour).distinct().count();
        assertTrue(distinct >= 4, "only " + distinct + " colours for 8 nicks");
    }

    @Test
    void noColorLeavesTheTextUnstyled() {
        Palette none = Palette.forEnvironment(Map.of("NO_COLOR", "1"));
        AttributedString s = none.render(Notice.of(NoticeKind.ERROR, "error: wrong username or password"));
        assertEquals("error: wrong username or password", s.toAnsi());
        assertFalse(none.prompt("alice", "localhost:15600", Replies.RECONNECTING).toAnsi().contains("\u001b"));
    }

    @Test
    void anEmptyNoColorStillMeansColour() {
        assertTrue(Palette.forEnvironment(Map.of("NO_COLOR", "")).coloured());
    }

    @Test
    void aNickIsColouredInsideTheLineAndTheTextStaysTheSame() {
        AttributedString s = colours.render(Notice.of(NoticeKind.PRESENCE, "bob is offline", "bob"));
        assertEquals("bob is offline", s.toString());
        AttributedStyle nick = s.styleAt(0);
        AttributedStyle rest = s.styleAt(5);
        assertNotEquals(nick, rest);
        assertTrue(s.toAnsi().contains("\u001b["));
    }

    @Test
    void partOfALongerNameIsNotColouredAsTheNick() {
        AttributedString s = colours.render(Notice.of(NoticeKind.INFO, "alice and al", "al"));
        assertEquals(s.styleAt(0), s.styleAt(1));
        assertNotEquals(s.styleAt(0), s.styleAt(10));
    }

    @Test
    void errorsAreStyledDifferentlyFromInformation() {
        AttributedString error = colours.render(Notice.of(NoticeKind.ERROR, "error: x"));
        AttributedString info = colours.render(Notice.of(NoticeKind.INFO, "error: x"));
        assertNotEquals(error.styleAt(0), info.styleAt(0));
    }

    @Test
    void thePromptShowsUserAndRegistry() {
        assertEquals("alice@localhost:15600> ", colours.prompt("alice", "localhost:15600", null).toString());
        assertEquals("localhost:15600> ", colours.prompt(null, "localhost:15600", null).toString());
        assertEquals("alice@localhost:15600 (reconnecting)> ",
                colours.prompt("alice", "localhost:15600", Replies.RECONNECTING).toString());
        assertEquals("localhost:15600 (no registry)> ",
                colours.prompt(null, "localhost:15600", Replies.NO_REGISTRY).toString());
    }
}
