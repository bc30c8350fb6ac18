package dev.parley.client.identity;

import dev.parley.client.PrivateFiles;
import dev.parley.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The identity keys this user has seen for other users, pinned on first contact like SSH's
 * known_hosts: one line per user, {@code name base64-key}. A key that later differs from its pin
 * is refused until the user removes the line (after checking with /verify).
 */
public final class KnownPeers {
    private final Path file;

    public KnownPeers(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The key pinned for this user (any letter case), if any. */
    public synchronized Optional<String> pinned(String username) throws IOException {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 2 && !fields[0].startsWith("#") && fields[0].equalsIgnoreCase(username)) {
                    return Optional.of(fields[1]);
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Pins a key for a user seen for the first time. */
    public synchronized void pin(String username, String key) throws IOException {
        PrivateFiles.createFile(file);
        Files.writeString(file, Names.key(username) + " " + key + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
