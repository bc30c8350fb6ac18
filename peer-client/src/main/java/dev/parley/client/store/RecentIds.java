package dev.parley.client.store;

import java.security.SecureRandom;

/**
 * The duplicate filter of one conversation: the ids of its newest received messages, forgetting the
 * oldest beyond a limit. A resent message whose id is here is acknowledged again but not shown twice.
 *
 * <p>Each id is kept as a 128-bit fingerprint in a ring (oldest first) with an open-addressing index
 * over it, not as a string in a set. A busy room's filter holds ten thousand ids that each live for
 * ten thousand messages: kept as strings in a {@code LinkedHashSet} (about 135 bytes and three
 * objects an id) they were most of what every young collection of a member's heap had to copy,
 * and the longest part of its pauses. Here they are two longs in arrays that are allocated once
 * and then only overwritten.
 *
 * <p>Two different ids with the same fingerprint would make the newer one a "duplicate": with a
 * random key per process and 10,000 ids remembered, the chance for a message is about 10,000 in
 * 2^128, far below that of a disk error. Guessing the key does not help a peer either: it could at
 * best make its own message look like a repeat of its own, since other senders' ids are unknown
 * to it until they arrive. Not thread-safe: the conversation's log holds its lock around it.
 */
final class RecentIds {
    private static final int FIRST_CAPACITY = 64;
    private static final long KEY_1;
    private static final long KEY_2;

    static {
        SecureRandom random = new SecureRandom();
        KEY_1 = random.nextLong();
        KEY_2 = random.nextLong();
    }

    private final int limit;
    /** The fingerprints, in the order added: {@code size} of them from {@code oldest}, wrapping. */
    private long[] high;
    private long[] low;
    private int oldest;
    private int size;
    /** Ring slot + 1 of each fingerprint, at the position its hash picks or the next free one; 0 is free. */
    private int[] index;

    RecentIds(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
        allocate(Math.min(limit, FIRST_CAPACITY));
    }

    /** Adds the id, forgetting the oldest beyond the limit; false if it is already here. */
    boolean add(String id) {
        long h = fingerprintHigh(id);
        long l = fingerprintLow(id);
        if (find(h, l) >= 0) {
            return false;
        }
        if (size == limit) {
            forgetOldest();
        } else if (size == high.length) {
            grow();
        }
        int slot = (oldest + size) % high.length;
        high[slot] = h;
        low[slot] = l;
        size++;
        indexSlot(slot);
        return true;
    }

    int size() {
        return size;
    }

    /** The index position holding this fingerprint, or -1. */
    private int find(long h, long l) {
        for (int p = home(h); index[p] != 0; p = (p + 1) & (index.length - 1)) {
            int slot = index[p] - 1;
            if (high[slot] == h && low[slot] == l) {
                return p;
            }
        }
        return -1;
    }

    private void forgetOldest() {
        int p = find(high[oldest], low[oldest]);
        oldest = (oldest + 1) % high.length;
        size--;
        // Backward-shift deletion: move later entries of the probe run into the hole, so every
        // entry stays reachable from its home position without tombstones.
        int mask = index.length - 1;
        int hole = p;
        int next = (hole + 1) & mask;
        while (index[next] != 0) {
            int home = home(high[index[next] - 1]);
            // The entry at next may fill the hole if its home is not in (hole, next], cyclically.
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        index[hole] = 0;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        int count = size;
        int from = oldest;
        allocate(Math.min(limit, oldHigh.length * 2));
        for (int i = 0; i < count; i++) {
            int slot = (from + i) % oldHigh.length;
            high[i] = oldHigh[slot];
            low[i] = oldLow[slot];
            indexSlot(i);
        }
        size = count;
    }

    /** Enters ring slot {@code slot} in the index: at its home position or the next free one. */
    private void indexSlot(int slot) {
        int p = home(high[slot]);
        while (index[p] != 0) {
            p = (p + 1) & (index.length - 1);
        }
        index[p] = slot + 1;
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        // At most two thirds full, so a probe run stays short.
        index = new int[Integer.highestOneBit(Math.max(1, capacity * 3 / 2 - 1)) * 2];
        oldest = 0;
        size = 0;
    }

    private int home(long h) {
        return (int) h & (index.length - 1);
    }

    private static long fingerprintHigh(String id) {
        long h = KEY_1;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        return mix(h ^ id.length());
    }

    private static long fingerprintLow(String id) {
        long h = KEY_2;
        for (int i = id.length() - 1; i >= 0; i--) {
            h = (h + id.charAt(i)) * 0x9e3779b97f4a7c15L;
            h ^= h >>> 29;
        }
        return mix(h ^ ((long) id.length() << 32));
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
