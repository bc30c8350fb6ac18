package dev.parley.client.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreeTextTest {
    @Test
    void wordsAreJoinedBySingleSpaces() {
        assertEquals("general chat for all", FreeText.of(List.of("general", "chat", "for", "all")));
    }

    @Test
    void quotesAroundTheWholeTextAreDropped() {
        assertEquals("general *chat*", FreeText.of(List.of("'general", "*chat*'")));
        assertEquals("general chat", FreeText.of(List.of("\"general", "chat\"")));
    }

    @Test
    void quotesInsideOrUnmatchedStay() {
        assertEquals("it's \"fine\"", FreeText.of(List.of("it's", "\"fine\"")));
        assertEquals("'half", FreeText.of(List.of("'half")));
        assertEquals("'mixed\"", FreeText.of(List.of("'mixed\"")));
        assertEquals("'", FreeText.of(List.of("'")));
    }
}
