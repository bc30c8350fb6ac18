package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Feeds arbitrary bytes to every decoder. The only outcomes allowed are a frame or a
 * {@link ProtocolException} (or {@link InvalidFieldException} from field access): no other
 * exception, no hang, no allocation beyond the frame limit. Saved inputs under
 * {@code src/test/resources/.../FrameDecoderFuzzTestInputs} replay in every normal test run;
 * {@code JAZZER_FUZZ=1} explores further.
 */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void frameReaderSurvivesAnyBytes(byte[] input) {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input), Limits.MAX_FRAME_BYTES);
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                touchFields(f);
            }
        } catch (ProtocolException expected) {
            assertNotNull(expected.getMessage());
        } catch (IOException e) {
            throw new AssertionError("a byte array stream cannot fail with I/O", e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void keepaliveParserSurvivesAnyBytes(byte[] input) {
        try {
            Keepalive k = Keepalive.parse(input, input.length);
            k.verify(new byte[Keepalive.KEY_BYTES]);
        } catch (MalformedFrameException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    private static void touchFields(Frame f) {
        f.type();
        f.id();
        f.status();
        f.message();
        try {
            f.optionalString("username");
            f.optionalInt("peerPort", 0, 1, 65535);
            f.optionalBoolean("detailed", false);
        } catch (InvalidFieldException expected) {
            assertNotNull(expected.getMessage());
        }
    }
}
