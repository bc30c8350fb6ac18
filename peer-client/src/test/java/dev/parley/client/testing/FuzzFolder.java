package dev.parley.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One temporary folder for every input of a fuzz target that reads files: a new folder per input
 * would make the fuzzer measure the file system. Removed when the JVM ends.
 */
public final class FuzzFolder {
    private FuzzFolder() {
    }

    public static Path create() {
        try {
            Path folder = Files.createTempDirectory("parley-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(folder)));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder; the system clears it in time
        }
    }
}
