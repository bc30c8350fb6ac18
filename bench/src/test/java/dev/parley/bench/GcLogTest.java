package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the soak reads from the registry's GC log: pauses the JVM chose, as lines are appended. */
class GcLogTest {

    @Test
    void readsThePausesOfWholeLinesAddedSinceTheLastReadLeavingOutTheOnesAskedFor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gc.log");
        Files.writeString(file, "[0.010s][info][gc] Using G1\n"
                + "[1.200s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(64M) 9.876ms\n");
        GcLog log = GcLog.from(file);
        assertEquals(List.of(), log.pausesSinceLastRead(), "what the log held before is not read");

        append(file, "[5.000s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 40M->8M(64M) 3.250ms\n"
                + "[6.000s][info][gc] GC(2) Pause Full (Diagnostic Command) 187M->93M(317M) 173.032ms\n"
                + "[6.500s][info][gc] GC(3) Pause Full (System.gc()) 30M->7M(64M) 120.500ms\n"
                + "[7.000s][info][gc] GC(3) Pause Young (Concurrent Start) (G1 Humongous Allocation) 50M->9M(64M) 4.1ms\n"
                + "[7.100s][info][gc] GC(3) Pause Remark 20M->20M(64M) 1.5ms\n"
                + "[7.200s][info][gc] GC(3) Concurrent Mark Cycle 95.000ms\n"
                + "[7.300s][info][gc] GC(4) Pause Young (Mix");
        assertEquals(List.of(3.25, 4.1, 1.5), log.pausesSinceLastRead(),
                "young, concurrent-start and remark pauses; not the full GCs asked for (jcmd GC.run, System.gc()), not the"
                        + " concurrent cycle");

        append(file, "ed) (G1 Evacuation Pause) 30M->10M(64M) 2.000ms\n");
        assertEquals(List.of(2.0), log.pausesSinceLastRead(), "a line half written is read once it is whole");
        assertEquals(List.of(), log.pausesSinceLastRead());
    }

    @Test
    void aLogStartedAgainIsReadFromItsBeginning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gc.log");
        Files.writeString(file, "[1.0s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(64M) 9.0ms\n");
        GcLog log = GcLog.from(file);
        Files.writeString(file, "[0.5s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 4M->1M(8M) 1.0ms\n");
        assertEquals(List.of(1.0), log.pausesSinceLastRead());
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
