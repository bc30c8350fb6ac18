package dev.parley.registry.account;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 0x13 (RFC 9106), that keeps its memory from one hash to the next.
 *
 * <p>Why not BouncyCastle's generator, which this replaces for the registry's password hashes: it
 * allocates the hash's memory as 19,456 blocks, each an object and its array, on every {@code init}
 * (the salt can only be set there) and clears them after every hash. At a login flood that is
 * 19 MiB of young objects per login that the GC copies while they live. Here the memory is one
 * array per instance, kept by the hashing slot that uses it, written over by each hash and never
 * collected.
 *
 * <p>After a hash of two passes or more the memory is left as it is, not cleared (clearing 19 MiB
 * costs about 1 ms, 4 % of a hash): every block then holds the last pass, and checking a password
 * guess against one of them still costs all the passes before it, at least half a hash and all of
 * its memory. Whoever can read the registry's heap can read the passwords of recent requests there
 * as text anyway. A single pass (blocks 0 and 1 are two BLAKE2b chains from the password) and a
 * hash cut short by an exception are cleared.
 *
 * <p>BouncyCastle still provides BLAKE2b; its Argon2 generator stays the reference in the tests,
 * with RFC 9106's test vector. An instance is for one thread at a time.
 */
public final class Argon2id {
    private static final int BLOCK_BYTES = 1024;
    private static final int BLOCK_LONGS = BLOCK_BYTES / 8;
    private static final int SYNC_POINTS = 4;
    private static final int VERSION = 0x13;
    private static final int TYPE = 2;
    private static final byte[] NONE = new byte[0];
    /** The memory fits one Java array: 16 GiB less a block, far above any cost the registry stores. */
    static final int MAX_MEMORY_KIB = Integer.MAX_VALUE / BLOCK_LONGS - 1;

    /** The blocks of every lane, one after another, 128 words each; grown when a hash needs more. */
    private long[] memory = new long[0];
    /** Compression's working blocks: R = X xor Y, and the copy P is applied to. */
    private final long[] r = new long[BLOCK_LONGS];
    private final long[] q = new long[BLOCK_LONGS];
    /** Argon2i's address generation: the counter block and the 128 addresses it gives. */
    private final long[] counter = new long[BLOCK_LONGS];
    private final long[] addresses = new long[BLOCK_LONGS];
    private final byte[] blockBytes = new byte[BLOCK_BYTES];
    private final Blake2bDigest blake512 = new Blake2bDigest(512);

    /** The tag of a password with this salt and cost (memory in KiB, passes, lanes), no secret or associated data. */
    public byte[] hash(byte[] password, byte[] salt, int memoryKib, int passes, int lanes, int tagLength) {
        return hash(password, salt, NONE, NONE, memoryKib, passes, lanes, tagLength);
    }

    /** The tag with RFC 9106's optional secret and associated data too (its test vector uses both). */
    byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib, int passes,
            int lanes, int tagLength) {
        if (lanes < 1 || lanes > 0xFFFFFF || passes < 1 || tagLength < 4 || memoryKib < 8 * lanes
                || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id needs 1 to 2^24-1 lanes, a pass, a tag of 4 bytes"
                    + " and 8 KiB a lane, here at most " + MAX_MEMORY_KIB + " KiB in all; got m=" + memoryKib
                    + " t=" + passes + " p=" + lanes + " T=" + tagLength);
        }
        int segmentLength = memoryKib / (SYNC_POINTS * lanes);
        int laneLength = segmentLength * SYNC_POINTS;
        int blocks = laneLength * lanes;
        if (memory.length < blocks * BLOCK_LONGS) {
            memory = new long[blocks * BLOCK_LONGS];
        }
        boolean clear = true;
        try {
            byte[] h0 = initialHash(password, salt, secret, associated, memoryKib, passes, lanes, tagLength);
            for (int lane = 0; lane < lanes; lane++) {
                firstBlock(h0, 0, lane, lane * laneLength);
                firstBlock(h0, 1, lane, lane * laneLength + 1);
            }
            Shape shape = new Shape(passes, lanes, segmentLength, laneLength, blocks);
            for (int pass = 0; pass < passes; pass++) {
                for (int slice = 0; slice < SYNC_POINTS; slice++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        fillSegment(shape, pass, slice, lane);
                    }
                }
            }
            byte[] tag = tag(shape, tagLength);
            clear = passes == 1;
            return tag;
        } finally {
            if (clear) { // see the class comment: what a single pass or a hash cut short leaves is cheap to test guesses on
                Arrays.fill(memory, 0, blocks * BLOCK_LONGS, 0L);
            }
        }
    }

    /** True when no word of the memory is set: what a hash left, for a test to see. */
    boolean memoryIsClear() {
        for (long word : memory) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    /** The sizes of one hash's memory. */
    private record Shape(int passes, int lanes, int segmentLength, int laneLength, int blocks) {
    }

    private byte[] initialHash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib,
            int passes, int lanes, int tagLength) {
        blake512.reset();
        for (int value : new int[] {lanes, tagLength, memoryKib, passes, VERSION, TYPE}) {
            updateInt(blake512, value);
        }
        for (byte[] field : new byte[][] {password, salt, secret, associated}) {
            updateInt(blake512, field.length);
            blake512.update(field, 0, field.length);
        }
        byte[] h0 = new byte[64];
        blake512.doFinal(h0, 0);
        return h0;
    }

    /** Block 0 or 1 of a lane: H'(H0 || column || lane), 1024 bytes. */
    private void firstBlock(byte[] h0, int column, int lane, int block) {
        byte[] seed = new byte[h0.length + 8];
        System.arraycopy(h0, 0, seed, 0, h0.length);
        putInt(seed, h0.length, column);
        putInt(seed, h0.length + 4, lane);
        variableHash(seed, blockBytes);
        ByteBuffer.wrap(blockBytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                .get(memory, block * BLOCK_LONGS, BLOCK_LONGS);
    }

    private void fillSegment(Shape shape, int pass, int slice, int lane) {
        boolean dataIndependent = pass == 0 && slice < SYNC_POINTS / 2;
        int first = pass == 0 && slice == 0 ? 2 : 0;
        if (dataIndependent) {
            Arrays.fill(counter, 0);
            counter[0] = pass;
            counter[1] = lane;
            counter[2] = slice;
            counter[3] = shape.blocks();
            counter[4] = shape.passes();
            counter[5] = TYPE;
            if (first != 0) {
                nextAddresses();
            }
        }
        int current = lane * shape.laneLength() + slice * shape.segmentLength() + first;
        int previous = current % shape.laneLength() == 0 ? current + shape.laneLength() - 1 : current - 1;
        for (int index = first; index < shape.segmentLength(); index++, current++, previous++) {
            if (current % shape.laneLength() == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (dataIndependent) {
                if (index % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                pseudoRandom = addresses[index % BLOCK_LONGS];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % shape.lanes());
            int refIndex = referenceIndex(shape, pass, slice, index, pseudoRandom & 0xFFFFFFFFL, refLane == lane);
            compress(previous, refLane * shape.laneLength() + refIndex, current, pass > 0);
        }
    }

    /** The column of the block to mix in, from 32 pseudo-random bits (RFC 9106, 3.4.1.2). */
    private static int referenceIndex(Shape shape, int pass, int slice, int index, long j1, boolean sameLane) {
        long area;
        if (pass == 0) {
            if (slice == 0) {
                area = index - 1;
            } else if (sameLane) {
                area = (long) slice * shape.segmentLength() + index - 1;
            } else {
                area = (long) slice * shape.segmentLength() + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            area = shape.laneLength() - shape.segmentLength() + index - 1;
        } else {
            area = shape.laneLength() - shape.segmentLength() + (index == 0 ? -1 : 0);
        }
        // Both products are of numbers below 2^32: exact as unsigned 64-bit, hence the unsigned shifts.
        long x = (j1 * j1) >>> 32;
        long relative = area - 1 - ((area * x) >>> 32);
        long start = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * shape.segmentLength();
        return (int) ((start + relative) % shape.laneLength());
    }

    /** The next 128 addresses: G(0, G(0, counter block)) after counting up. */
    private void nextAddresses() {
        counter[6]++;
        compressFromZero(counter, addresses);
        compressFromZero(addresses, addresses);
    }

    /** G(0, x) into {@code out}: R = x, out = P(R) xor R. */
    private void compressFromZero(long[] x, long[] out) {
        System.arraycopy(x, 0, r, 0, BLOCK_LONGS);
        System.arraycopy(x, 0, q, 0, BLOCK_LONGS);
        permute(q);
        for (int i = 0; i < BLOCK_LONGS; i++) {
            out[i] = q[i] ^ r[i];
        }
    }

    /**
     * Block {@code current} = G(previous, reference); from the second pass on (version 0x13) xored
     * into what the block held.
     */
    private void compress(int previous, int reference, int current, boolean xorIntoOld) {
        int p = previous * BLOCK_LONGS;
        int f = reference * BLOCK_LONGS;
        int c = current * BLOCK_LONGS;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long v = memory[p + i] ^ memory[f + i];
            r[i] = v;
            q[i] = v;
        }
        permute(q);
        if (xorIntoOld) {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                memory[c + i] ^= q[i] ^ r[i];
            }
        } else {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                memory[c + i] = q[i] ^ r[i];
            }
        }
    }

    /** P on a block as an 8x8 matrix of 16-byte registers: each row, then each column. */
    private static void permute(long[] v) {
        for (int row = 0; row < 8; row++) {
            round(v, row * 16, 2);
        }
        for (int column = 0; column < 8; column++) {
            round(v, column * 2, 16);
        }
    }

    /**
     * BLAKE2b's round without message on 16 words: pairs of adjacent words {@code stride} apart
     * from {@code base} (a row: stride 2; a column: stride 16).
     */
    private static void round(long[] v, int base, int stride) {
        int i0 = base;
        int i2 = base + stride;
        int i4 = base + 2 * stride;
        int i6 = base + 3 * stride;
        int i8 = base + 4 * stride;
        int i10 = base + 5 * stride;
        int i12 = base + 6 * stride;
        int i14 = base + 7 * stride;
        mix(v, i0, i4, i8, i12);
        mix(v, i0 + 1, i4 + 1, i8 + 1, i12 + 1);
        mix(v, i2, i6, i10, i14);
        mix(v, i2 + 1, i6 + 1, i10 + 1, i14 + 1);
        mix(v, i0, i4 + 1, i10, i14 + 1);
        mix(v, i0 + 1, i6, i10 + 1, i12);
        mix(v, i2, i6 + 1, i8, i12 + 1);
        mix(v, i2 + 1, i4, i8 + 1, i14);
    }

    /**
     * BLAKE2b's G on four words, in locals: a round's sixteen in locals at once measured 40 % slower
     * than this (more live values than x86-64 has registers), and BouncyCastle's hash, which goes
     * through the array at every step, takes more: this hash costs 4-31 % less CPU over six runs of
     * password-hash (docs/BENCHMARKS.md).
     */
    private static void mix(long[] v, int a, int b, int c, int d) {
        long va = v[a];
        long vb = v[b];
        long vc = v[c];
        long vd = v[d];
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 32);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 24);
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 16);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 63);
        v[a] = va;
        v[b] = vb;
        v[c] = vc;
        v[d] = vd;
    }

    /** BLAKE2b's addition with Argon2's multiplication of the low halves, against shortcuts through memory. */
    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }

    /** H' of the xor of every lane's last block. */
    private byte[] tag(Shape shape, int tagLength) {
        int last = (shape.laneLength() - 1) * BLOCK_LONGS;
        System.arraycopy(memory, last, r, 0, BLOCK_LONGS);
        for (int lane = 1; lane < shape.lanes(); lane++) {
            int offset = (lane * shape.laneLength() + shape.laneLength() - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                r[i] ^= memory[offset + i];
            }
        }
        ByteBuffer.wrap(blockBytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(r);
        byte[] tag = new byte[tagLength];
        variableHash(blockBytes, tag);
        return tag;
    }

    /** H' (RFC 9106, 3.3): BLAKE2b stretched to {@code out.length} bytes, 32 at a time past 64. */
    private void variableHash(byte[] input, byte[] out) {
        if (out.length <= 64) {
            Blake2bDigest digest = new Blake2bDigest(out.length * 8);
            updateInt(digest, out.length);
            digest.update(input, 0, input.length);
            digest.doFinal(out, 0);
            return;
        }
        // r = ceil(T/32) - 2 blocks of 64 bytes V1..Vr, each the hash of the one before, give their
        // first 32 bytes; the last T - 32r bytes are a hash of that length of Vr.
        int halves = (out.length + 31) / 32 - 2;
        byte[] v = new byte[64];
        blake512.reset();
        updateInt(blake512, out.length);
        blake512.update(input, 0, input.length);
        blake512.doFinal(v, 0);
        for (int i = 0; i < halves; i++) {
            System.arraycopy(v, 0, out, i * 32, 32);
            if (i + 1 < halves) {
                blake512.update(v, 0, 64);
                blake512.doFinal(v, 0);
            }
        }
        int rest = out.length - halves * 32;
        Blake2bDigest last = rest == 64 ? blake512 : new Blake2bDigest(rest * 8);
        last.update(v, 0, 64);
        last.doFinal(out, halves * 32);
    }

    private static void updateInt(Blake2bDigest digest, int value) {
        byte[] le = new byte[4];
        putInt(le, 0, value);
        digest.update(le, 0, 4);
    }

    private static void putInt(byte[] to, int at, int value) {
        to[at] = (byte) value;
        to[at + 1] = (byte) (value >>> 8);
        to[at + 2] = (byte) (value >>> 16);
        to[at + 3] = (byte) (value >>> 24);
    }
}
