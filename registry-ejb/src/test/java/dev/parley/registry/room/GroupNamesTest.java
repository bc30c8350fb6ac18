package dev.parley.registry.room;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.RoomRules;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupNamesTest {

    @Test
    void groupNamesAreValidRoomNamesOfTheDocumentedForm() {
        for (int i = 0; i < 1000; i++) {
            String name = GroupNames.next();
            assertTrue(name.matches("group-[a-z0-9]{6}"), name);
            assertTrue(RoomRules.nameProblem(name).isEmpty(), name);
        }
    }

    @Test
    void groupNamesRarelyRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(GroupNames.next());
        }
        assertTrue(seen.size() > 9_990, "36^6 names: repeats among 10,000 are rare");
    }
}
