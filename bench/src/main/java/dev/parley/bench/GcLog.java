package dev.parley.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pauses another JVM's unified GC log ({@code -Xlog:gc:file=...}) has recorded since the
 * last read, from lines such as {@code [12.3s][info][gc] GC(5) Pause Young (Normal) (G1 Evacuation
 * Pause) 50M->20M(256M) 4.123ms}. Pauses of a collection asked for from outside the JVM's own
 * choice ({@code jcmd GC.run} logs "(Diagnostic Command)", {@code System.gc()} "(System.gc())") are
 * left out: they are the measurement's, not the load's.
 */
final class GcLog {
    private static final Pattern PAUSE = Pattern.compile("\\bPause .*?(\\d+(?:\\.\\d+)?)ms\\s*$");
    private final Path file;
    private long offset;

    private GcLog(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** A reader of {@code file} from its present end on. */
    static GcLog from(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            return new GcLog(file, f.length());
        }
    }

    /** The pauses, in ms, of the whole lines written since the last call (a line still being written waits). */
    List<Double> pausesSinceLastRead() throws IOException {
        byte[] fresh;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length < offset) {
                offset = 0; // the log was started again
            }
            fresh = new byte[(int) (length - offset)];
            f.seek(offset);
            f.readFully(fresh);
        }
        int end = fresh.length;
        while (end > 0 && fresh[end - 1] != '\n') {
            end--;
        }
        offset += end;
        return pauses(new String(fresh, 0, end, StandardCharsets.UTF_8));
    }

    static List<Double> pauses(String lines) {
        List<Double> pauses = new ArrayList<>();
        for (String line : lines.split("\n")) {
            Matcher m = PAUSE.matcher(line);
            if (m.find() && !line.contains("(Diagnostic Command)") && !line.contains("(System.gc())")) {
                pauses.add(Double.parseDouble(m.group(1)));
            }
        }
        return pauses;
    }
}
