package dev.parley.client.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/** Checks that a folder tree is the owner's alone: every file 0600, every folder 0700. */
public final class OwnerOnly {
    private OwnerOnly() {
    }

    /** The paths under {@code root} (itself included) whose mode is not owner-only, with their modes. */
    public static List<String> loose(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !mode(p).equals(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------"))
                    .map(p -> root.relativize(p) + " " + mode(p)).sorted().toList();
        }
    }

    public static void assertOwnerOnly(Path root) throws IOException {
        assertEquals(List.of(), loose(root), "files or folders others can read under " + root);
    }

    public static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
