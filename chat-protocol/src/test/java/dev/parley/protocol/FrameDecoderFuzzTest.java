package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.peer.PeerEvent;
import dev.parley.protocol.peer.PeerRequest;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Feeds arbitrary bytes to every decoder. The only outcomes allowed are a frame or a
 * {@link ProtocolException} (or {@link InvalidFieldException} from field access): no other
 * exception, no hang, no allocation beyond the frame limit. Saved inputs under
 * {@code src/test/resources/.../FrameDecoderFuzzTestInputs} replay in every normal test run;
 * {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
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

    private static void touchFields(Frame f) {
        f.type();
        f.id();
        f.status();
        f.message();
        // Every reading a receiver does: as a request and an event of either link, and as an answer.
        for (Runnable read : List.<Runnable>of(() -> RegistryRequest.CATALOG.read(f), () -> RegistryEvent.CATALOG.read(f),
                () -> PeerRequest.CATALOG.read(f), () -> PeerEvent.CATALOG.read(f), () -> f.as(RoomAnswer.class),
                () -> f.as(LoginAnswer.class))) {
            try {
                read.run();
            } catch (InvalidFieldException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }
}
