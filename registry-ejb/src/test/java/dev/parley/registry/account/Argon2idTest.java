package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2idTest {

    @Test
    void rfc9106TestVectorForArgon2id() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);

        byte[] tag = new Argon2id().hash(password, salt, secret, associated, 32, 3, 4, 32);

        assertArrayEquals(HexFormat.of().parseHex(
                "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"), tag);
    }

    /** Lanes, passes, memory not a multiple of 4 lanes, tags of every length class of H', secret and data. */
    @Test
    void sameTagsAsBouncyCastleOverManyShapes() {
        Random random = new Random(9106);
        Argon2id argon2 = new Argon2id();
        for (int run = 0; run < 200; run++) {
            int lanes = 1 + random.nextInt(4);
            int memoryKib = 8 * lanes + random.nextInt(300);
            int passes = 1 + random.nextInt(4);
            int tagLength = switch (run % 5) {
                case 0 -> 32;
                case 1 -> 64;
                case 2 -> 65;
                case 3 -> 4 + random.nextInt(60);
                default -> 66 + random.nextInt(1100);
            };
            byte[] password = bytes(random, random.nextInt(40));
            byte[] salt = bytes(random, 8 + random.nextInt(24));
            byte[] secret = run % 3 == 0 ? bytes(random, 1 + random.nextInt(16)) : new byte[0];
            byte[] associated = run % 4 == 0 ? bytes(random, 1 + random.nextInt(16)) : new byte[0];

            byte[] ours = argon2.hash(password, salt, secret, associated, memoryKib, passes, lanes, tagLength);

            byte[] theirs = bouncyCastle(password, salt, secret, associated, memoryKib, passes, lanes, tagLength);
            assertArrayEquals(theirs, ours, "m=" + memoryKib + " t=" + passes + " p=" + lanes + " T=" + tagLength);
        }
    }

    /** Segments of 128 blocks and more, so Argon2i's addresses are made again within a segment, on several lanes. */
    @Test
    void sameTagsAsBouncyCastleWithLongSegmentsOnSeveralLanes() {
        Random random = new Random(128);
        Argon2id argon2 = new Argon2id();
        for (int lanes = 1; lanes <= 4; lanes++) {
            int memoryKib = 4 * lanes * (128 + random.nextInt(200));
            byte[] password = bytes(random, 16);
            byte[] salt = bytes(random, 16);

            byte[] ours = argon2.hash(password, salt, memoryKib, 2, lanes, 32);

            assertArrayEquals(bouncyCastle(password, salt, new byte[0], new byte[0], memoryKib, 2, lanes, 32), ours,
                    "m=" + memoryKib + " p=" + lanes);
        }
    }

    /** The registry's cost, one instance reused: the memory a previous hash left (larger or the same) changes nothing. */
    @Test
    void theRegistrysCostReusingOneInstance() {
        Argon2id argon2 = new Argon2id();
        Random random = new Random(19456);
        argon2.hash(bytes(random, 10), bytes(random, 16), 2 * PasswordHasher.MEMORY_KIB, 1, 1, 32);
        for (int i = 0; i < 3; i++) {
            byte[] password = bytes(random, 12 + i);
            byte[] salt = bytes(random, 16);

            byte[] ours = argon2.hash(password, salt, PasswordHasher.MEMORY_KIB, PasswordHasher.ITERATIONS,
                    PasswordHasher.PARALLELISM, 32);

            assertArrayEquals(bouncyCastle(password, salt, new byte[0], new byte[0], PasswordHasher.MEMORY_KIB,
                    PasswordHasher.ITERATIONS, PasswordHasher.PARALLELISM, 32), ours);
        }
    }

    @Test
    void aSinglePassIsClearedAfterwardsAndTwoPassesAreKept() {
        Argon2id argon2 = new Argon2id();
        byte[] salt = new byte[16];

        argon2.hash("guessable from its first blocks".getBytes(), salt, 64, 1, 1, 32);
        assertTrue(argon2.memoryIsClear(), "one pass leaves blocks a guess is cheap to test against");

        argon2.hash("a registry password".getBytes(), salt, 64, 2, 1, 32);
        assertFalse(argon2.memoryIsClear(), "two passes are left for the next hash to write over");
    }

    @Test
    void parametersOutsideTheStandardAreRefused() {
        Argon2id argon2 = new Argon2id();
        byte[] salt = new byte[16];

        assertThrows(IllegalArgumentException.class, () -> argon2.hash(new byte[1], salt, 15, 1, 2, 32));
        assertThrows(IllegalArgumentException.class, () -> argon2.hash(new byte[1], salt, 64, 0, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> argon2.hash(new byte[1], salt, 64, 1, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> argon2.hash(new byte[1], salt, 64, 1, 1, 3));
        assertThrows(IllegalArgumentException.class,
                () -> argon2.hash(new byte[1], salt, Argon2id.MAX_MEMORY_KIB + 1, 1, 1, 32));
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib,
            int passes, int lanes, int tagLength) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(passes).withParallelism(lanes)
                .withSalt(salt).withSecret(secret).withAdditional(associated).build());
        byte[] out = new byte[tagLength];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
