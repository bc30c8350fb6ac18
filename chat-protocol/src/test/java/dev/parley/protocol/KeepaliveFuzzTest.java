package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A UDP keepalive datagram of any bytes is read and checked, or refused with a
 * {@link MalformedFrameException}: no other exception.
 * Saved inputs under {@code src/test/resources/.../KeepaliveFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class KeepaliveFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void keepaliveParserSurvivesAnyBytes(byte[] input) {
        try {
            Keepalive k = Keepalive.parse(input, input.length);
            k.verify(new byte[Keepalive.KEY_BYTES]);
        } catch (MalformedFrameException expected) {
            assertNotNull(expected.getMessage());
        }
    }
}
