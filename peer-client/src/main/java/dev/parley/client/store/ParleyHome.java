package dev.parley.client.store;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Names;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The client's folder (default {@code ~/.parley}): {@code known_registries} and the shell
 * {@code history} at the top, and one folder per user for what belongs to that account (keys,
 * settings, and {@code conversations/}: one {@link ConversationLog} per peer, history and outbox).
 * Readable by the owner only.
 */
public final class ParleyHome {
    private final Path dir;

    private ParleyHome(Path dir) {
        this.dir = dir;
    }

    /** Opens the folder, creating it (owner-only) if needed. */
    public static ParleyHome open(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IOException("it is a file, not a folder");
        }
        createOwnerOnly(absolute);
        return new ParleyHome(absolute);
    }

    public Path dir() {
        return dir;
    }

    /** The pinned registry certificates. */
    public Path knownRegistries() {
        return dir.resolve("known_registries");
    }

    /** The interactive shell's input history. */
    public Path history() {
        return dir.resolve("history");
    }

    /**
     * The folder of one account, created if needed; the name must be a valid username (it becomes a
     * path). Lower case, because the registry treats "Alice" and "alice" as one account.
     */
    public Path userFolder(String username) throws IOException {
        Path folder = userFolderPath(username);
        createOwnerOnly(folder);
        return folder;
    }

    /**
     * Where the folder of one account is, without creating it: for reading what may be there
     * before the registry has agreed the account is this user's.
     */
    public Path userFolderPath(String username) {
        Credentials.usernameProblem(username).ifPresent(p -> {
            throw new IllegalArgumentException("not a username: " + p);
        });
        return dir.resolve(Names.key(username));
    }

    /** The folder of one account's conversations (see {@link ConversationLog#fileName}), created if needed. */
    public Path conversationsFolder(String username) throws IOException {
        Path folder = userFolder(username).resolve("conversations");
        createOwnerOnly(folder);
        return folder;
    }

    /** The folder of one account's room histories, created if needed. */
    public Path roomsFolder(String username) throws IOException {
        Path folder = userFolder(username).resolve("rooms");
        createOwnerOnly(folder);
        return folder;
    }

    private static void createOwnerOnly(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            if (folder.getParent() != null) {
                Files.createDirectories(folder.getParent());
            }
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
    }
}
