package dev.parley.client.store;

import dev.parley.client.PrivateFiles;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.Names;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's folder (default {@code ~/.parley}): {@code known_registries} and the shell
 * {@code history} at the top, and one folder per user for what belongs to that account (keys,
 * settings, and {@code conversations/}: one {@link ConversationLog} per peer, history and outbox).
 * Readable by the owner only.
 */
public final class ParleyHome {
    /**
     * What marks a folder in the home as an account's: only those are tightened at start, so a home
     * pointed at a folder that holds other things (--home ~) does not have them changed.
     */
    private static final List<String> ACCOUNT_MARKERS = List.of("identity.p12", "identity.key", "known_peers",
            "conversations", "rooms");
    private final Path dir;
    private final List<String> untightened;

    private ParleyHome(Path dir, List<String> untightened) {
        this.dir = dir;
        this.untightened = untightened;
    }

    /**
     * Opens the folder, creating it (owner-only) if needed. What an older client left readable by
     * others (the history, pins, account folders with keys and conversations) is made owner-only.
     */
    public static ParleyHome open(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IOException("it is a file, not a folder");
        }
        PrivateFiles.createFolder(absolute);
        return new ParleyHome(absolute, tightenWhatIsOurs(absolute));
    }

    /** What could not be made owner-only at start (another user's file, a read-only disk), each with its reason. */
    public List<String> untightened() {
        return untightened;
    }

    public Path dir() {
        return dir;
    }

    /** The pinned registry certificates. */
    public Path knownRegistries() {
        return dir.resolve("known_registries");
    }

    /** The interactive shell's input history (the shell creates it owner-only). */
    public Path history() {
        return dir.resolve("history");
    }

    /**
     * The folder of one account, created if needed; the name must be a valid username (it becomes a
     * path). Lower case, because the registry treats "Alice" and "alice" as one account.
     */
    public Path userFolder(String username) throws IOException {
        return PrivateFiles.createFolder(userFolderPath(username));
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
        return PrivateFiles.createFolder(userFolder(username).resolve("conversations"));
    }

    /** The folder of one account's room histories, created if needed. */
    public Path roomsFolder(String username) throws IOException {
        return PrivateFiles.createFolder(userFolder(username).resolve("rooms"));
    }

    private static List<String> tightenWhatIsOurs(Path home) throws IOException {
        List<String> failures = new ArrayList<>();
        tightenOrNote(home, failures);
        for (String file : List.of("history", "known_registries")) {
            if (Files.isRegularFile(home.resolve(file), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                tightenOrNote(home.resolve(file), failures);
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(home, ParleyHome::isAccountFolder)) {
            for (Path account : entries) {
                failures.addAll(PrivateFiles.tightenAll(account));
            }
        }
        return List.copyOf(failures);
    }

    private static boolean isAccountFolder(Path folder) {
        String name = folder.getFileName().toString();
        return Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Credentials.usernameProblem(name).isEmpty() && Names.key(name).equals(name)
                && ACCOUNT_MARKERS.stream().anyMatch(m -> Files.exists(folder.resolve(m)));
    }

    private static void tightenOrNote(Path path, List<String> failures) {
        try {
            PrivateFiles.tighten(path);
        } catch (IOException | UnsupportedOperationException e) {
            failures.add(path + ": " + e.getMessage());
        }
    }
}
