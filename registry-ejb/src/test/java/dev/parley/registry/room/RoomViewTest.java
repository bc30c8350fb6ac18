package dev.parley.registry.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomViewTest {
    private static final Instant T = Instant.parse("2026-11-21T14:00:00Z");

    private static RoomView lobby() {
        return new RoomView("lobby", null, 50, 3, "Alice", false, false, List.of(
                new MemberView("Alice", RoomRole.HOST, T, null),
                new MemberView("bob", RoomRole.MEMBER, T.plusSeconds(60), "key"),
                new MemberView("Carol", RoomRole.MEMBER, T.plusSeconds(120), null)));
    }

    @Test
    void theOthersAreEveryMemberButTheOneNamedInAnyCase() {
        assertEquals(List.of("Alice", "Carol"), lobby().namesExcept("BOB"));
        assertEquals(List.of("Alice", "bob", "Carol"), lobby().namesExcept("dave"));
    }

    @Test
    void aMemberIsFoundByNameInAnyCase() {
        assertEquals(RoomRole.HOST, lobby().member("alice").orElseThrow().role());
        assertTrue(lobby().member("dave").isEmpty());
    }

    @Test
    void theMemberListCannotBeChangedFromOutside() {
        List<MemberView> members = new ArrayList<>(lobby().members());
        RoomView view = new RoomView("lobby", null, 50, 3, "Alice", false, false, members);
        members.clear();

        assertEquals(3, view.members().size());
        assertThrows(UnsupportedOperationException.class, () -> view.members().clear());
    }

    @Test
    void rolesHaveTheirDatabaseWords() {
        assertEquals("host", RoomRole.HOST.word());
        assertEquals(RoomRole.MEMBER, RoomRole.ofWord("member"));
    }
}
