package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.peer.PeerAnswer;
import dev.parley.protocol.registry.RegistryAnswer;
import java.util.List;
import java.util.stream.Stream;

/**
 * Answers as the client reads them from the registry and from peers: a frame of any bytes is read
 * as every answer record (and as the session a LOGIN grants); the only outcomes allowed are the
 * record or the codec's refusal with a reason.
 * Saved inputs under {@code src/test/resources/.../AnswerFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class AnswerFuzzTest {
    /** The answer records are declared inside these two interfaces. */
    private static final List<Class<? extends Record>> ANSWERS = Stream.concat(
            Stream.of(RegistryAnswer.class.getDeclaredClasses()), Stream.of(PeerAnswer.class.getDeclaredClasses()))
            .filter(Class::isRecord).<Class<? extends Record>>map(c -> c.asSubclass(Record.class)).toList();

    @FuzzTest(maxDuration = "60s")
    void answersFromTheRegistryAndPeers(byte[] input) {
        assertTrue(ANSWERS.contains(RegistryAnswer.LoginAnswer.class) && ANSWERS.contains(PeerAnswer.Receipt.class),
                "the answer records were found: " + ANSWERS);
        Frame frame;
        try {
            frame = FrameCodec.decode(input);
        } catch (ProtocolException notAFrame) {
            assertNotNull(notAFrame.getMessage());
            return;
        }
        for (Class<? extends Record> kind : ANSWERS) {
            try {
                frame.as(kind);
            } catch (InvalidFieldException refused) {
                assertNotNull(refused.getMessage());
            }
        }
        try {
            SessionGrant.from(frame);
        } catch (RegistryException refused) {
            assertNotNull(refused.getMessage());
        }
    }
}
