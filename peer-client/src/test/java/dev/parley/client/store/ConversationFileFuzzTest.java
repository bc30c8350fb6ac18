package dev.parley.client.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.client.testing.FuzzFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A conversation file and its checkpoint of any bytes (what a crash, a full disk or an edit can
 * leave) open and replay, or are refused with an I/O error; and a message written after opening
 * is in the outbox when the file is opened again: whatever came before, the client goes on
 * writing records it can read back.
 * Saved inputs under {@code src/test/resources/.../ConversationFileFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class ConversationFileFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private static final Path HOME = FuzzFolder.create();

    @FuzzTest(maxDuration = "60s")
    void conversationFilesReplay(FuzzedDataProvider data) throws IOException {
        Path file = HOME.resolve("bob.log");
        Path checkpoint = Checkpoint.fileOf(file);
        Files.deleteIfExists(file);
        Files.write(checkpoint, data.consumeBytes(data.consumeInt(0, 2000)));
        Files.write(file, data.consumeRemainingAsBytes());
        ChatMessage written;
        try (ConversationLog log = ConversationLog.open(file, CLOCK)) {
            log.last(20);
            log.pending();
            log.unshown();
            log.outboxAfter(0);
            written = new ChatMessage("after-any-bytes", "alice", CLOCK.instant(), "still readable", log.nextSeq());
            log.sent(written);
            log.flush();
        } catch (IOException unreadable) {
            assertNotNull(unreadable.getMessage());
            return;
        }
        try (ConversationLog again = ConversationLog.open(file, CLOCK)) {
            assertTrue(again.pending().contains(written), "the message written after the damage is in the outbox");
        }
    }
}
