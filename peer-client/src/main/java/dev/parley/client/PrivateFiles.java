package dev.parley.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that creates the client's files and folders. Everything under the parley home
 * holds chat text, keys or pins, so files are created readable and writable by the owner only
 * (0600) and folders usable by the owner only (0700) from the moment they exist: setting the mode
 * after writing would leave a moment in which another user could open the file and keep reading.
 * Where the file system has no POSIX permissions (Windows), files are created plainly and the
 * user's profile folder is what protects them.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code folder} and any missing parents owner-only; an existing folder is left as it is. */
    public static Path createFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        return Files.createDirectories(folder, folderAttributes());
    }

    /** Creates {@code file} empty and owner-only if it does not exist; returns whether it did not. */
    public static boolean createFile(Path file) throws IOException {
        try {
            Files.createFile(file, fileAttributes());
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        }
    }

    /** Opens a file for writing with {@code options}; if the options create it, it is created owner-only. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(List.of(options));
        set.add(StandardOpenOption.WRITE);
        return FileChannel.open(file, set, fileAttributes());
    }

    /**
     * Replaces {@code target} with {@code content}, whole or not at all: written to an owner-only
     * temporary file beside it, forced to the disk, then moved over it (atomically where the file
     * system can), and the folder forced too so the move itself survives a crash.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (FileChannel out = open(temporary, StandardOpenOption.CREATE_NEW)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** Makes a file (0600) or folder (0700) owner-only; does nothing without POSIX permissions. */
    public static void tighten(Path path) throws IOException {
        if (!POSIX) {
            return;
        }
        boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> wanted = folder ? FOLDER : FILE;
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    /**
     * Makes {@code root} and everything under it owner-only: files an older client made with the
     * default mode (0644, readable by every user of the computer) are tightened at start. Symbolic
     * links are not followed (their targets are not ours to change). Returns what could not be changed.
     */
    public static List<String> tightenAll(Path root) throws IOException {
        if (!POSIX || !Files.isDirectory(root)) {
            return List.of();
        }
        List<String> failures = new java.util.ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                tightenOrNote(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    tightenOrNote(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                failures.add(file + ": " + Diagnostics.reason(e));
                return FileVisitResult.CONTINUE;
            }

            private void tightenOrNote(Path path) {
                try {
                    tighten(path);
                } catch (IOException | UnsupportedOperationException e) {
                    failures.add(path + ": " + Diagnostics.reason(e));
                }
            }
        });
        return failures;
    }

    /** Forces a folder's entries to the disk, where the platform allows opening a folder. */
    private static void forceFolder(Path folder) {
        if (!POSIX || folder == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            Diagnostics.trace("syncing " + folder, e);
        }
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] folderAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER)} : new FileAttribute<?>[0];
    }
}
