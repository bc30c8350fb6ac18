package dev.parley.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void anIdIsNewOnceAndARepeatAfterwards() {
        RecentIds ids = new RecentIds(10);
        assertTrue(ids.add("m-1"));
        assertTrue(ids.add("m-2"));
        assertFalse(ids.add("m-1"));
        assertFalse(ids.add("m-2"));
        assertEquals(2, ids.size());
    }

    @Test
    void theOldestIsForgottenBeyondTheLimit() {
        RecentIds ids = new RecentIds(3);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            assertTrue(ids.add(id));
        }
        assertEquals(3, ids.size());
        assertFalse(ids.add("b"), "b is among the three newest");
        assertFalse(ids.add("d"));
        assertTrue(ids.add("a"), "a was the oldest of four and is forgotten");
        assertTrue(ids.add("b"), "adding a pushed b out");
    }

    @Test
    void idsThatDifferOnlyInOrderOrLengthAreDifferent() {
        RecentIds ids = new RecentIds(100);
        for (String id : new String[] {"ab", "ba", "a", "aa", "aaa", "", "a-b", "b-a", "0", "00"}) {
            assertTrue(ids.add(id), id);
        }
    }

    /**
     * The filter answers exactly as a set of strings that forgets its oldest would, through growth,
     * wrap-around and deletions in the middle of probe runs: a million adds of ids drawn from a pool
     * a little larger than the limit, so about half are repeats and the rest push old ones out.
     */
    @Test
    void answersAsASetOfTheNewestIdsWould() {
        for (int limit : new int[] {1, 2, 7, 64, 65, 1000, 10_000}) {
            RecentIds ids = new RecentIds(limit);
            LinkedHashSet<String> model = new LinkedHashSet<>();
            Random random = new Random(limit);
            String[] pool = new String[limit * 2 + 3];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}).toString();
            }
            int adds = limit == 10_000 ? 1_000_000 : 200_000;
            for (int i = 0; i < adds; i++) {
                String id = pool[random.nextInt(pool.length)];
                boolean expected = model.add(id);
                if (expected && model.size() > limit) {
                    model.removeFirst();
                }
                if (expected != ids.add(id)) {
                    throw new AssertionError("limit " + limit + ", add " + i + " of " + id + ": expected " + expected);
                }
            }
            assertEquals(model.size(), ids.size());
        }
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RecentIds(0));
    }
}
