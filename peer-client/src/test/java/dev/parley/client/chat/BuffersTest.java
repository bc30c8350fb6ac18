package dev.parley.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which buffer typed text goes to, and what counts as unread. */
class BuffersTest {
    private final Buffers buffers = new Buffers();

    @Test
    void aMessageToABufferWhileNoneIsCurrentIsShownThereAndItBecomesCurrent() {
        assertEquals(-1, buffers.arrived("bob"), "shown, not counted");
        assertEquals(Optional.of("bob"), buffers.current());
        assertEquals(0, buffers.unread("bob"));
    }

    @Test
    void afterTheCurrentBufferClosesNoneBecomesCurrentUntilTheUserPicksOne() {
        buffers.show("bob");
        buffers.close("bob");
        assertEquals(0, buffers.arrived("#lobby"), "counted, not shown: the user did not pick #lobby");
        assertEquals(Optional.empty(), buffers.current());
        buffers.show("#lobby");
        buffers.close("#lobby");
        buffers.clear(); // logged out: the next login starts afresh
        assertEquals(-1, buffers.arrived("carol"));
        assertEquals(Optional.of("carol"), buffers.current());
    }

    @Test
    void unreadMessagesWaitForTheUsersSwitch() {
        buffers.show("#lobby");
        assertEquals(0, buffers.arrived("bob"));
        buffers.close("#lobby");
        buffers.add("bob");
        assertEquals(1, buffers.arrived("bob"), "still counted: becoming current would skip the unread one");
        assertEquals(Optional.empty(), buffers.current());
        assertEquals(List.of("bob(2)"), buffers.unreadElsewhere());
        assertEquals(2, buffers.show("bob"), "the user's /switch replays them");
    }
}
