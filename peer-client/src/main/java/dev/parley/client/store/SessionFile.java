package dev.parley.client.store;

import dev.parley.client.Diagnostics;
import dev.parley.client.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An account folder as the one parley logged in with it holds it: a lock on {@code session.lock},
 * and the registry session's resume token in {@code session} (owner-only).
 *
 * <p>The token is what lets a parley that was killed (kill -9), crashed or lost its power take its
 * session back when it is started again and logs in (one that stops in good order, Ctrl-C or a
 * closed terminal included, logs out and forgets it): the registry keeps a session whose link dropped
 * resumable for a while (three keepalive intervals), rooms and all, and gives it only to a LOGIN
 * with its token. Without it the new login starts a session that has left every room, invite-only
 * ones included. A logout, or a session the registry ended, forgets the token.
 *
 * <p>The lock is what makes keeping the token safe: a second parley started on the same folder
 * would otherwise present it, take over the first one's session and write into the same
 * conversation files. The operating system releases the lock when the process ends, however it
 * ends, so a crash never leaves the folder held. (Within one process the lock alone cannot tell:
 * the operating system's locks belong to the process, and closing any channel on the file would
 * release them, so the folders held here are also kept in a set.)
 *
 * <p>The token is kept with the registry it was given by (the addresses as configured, every node
 * of a cluster) and presented only to that registry: another registry has no use for it.
 */
public final class SessionFile implements AutoCloseable {
    /** The registry's tokens are 32 random bytes in URL-safe base64; anything else in the file is not one. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    /** The folders this process holds, by real path. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final Path token;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private SessionFile(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.token = folder.resolve("session");
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Holds the account folder {@code folder} (which must exist) for this process; empty when
     * another parley holds it.
     */
    public static Optional<SessionFile> hold(Path folder) throws IOException {
        Path real = folder.toRealPath();
        if (!HELD_HERE.add(real)) {
            return Optional.empty(); // held by another client of this process; no second channel on the file
        }
        FileChannel channel = null;
        try {
            channel = PrivateFiles.open(real.resolve("session.lock"), StandardOpenOption.CREATE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new SessionFile(real, channel, lock));
            }
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(real);
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
        HELD_HERE.remove(real);
        channel.close();
        return Optional.empty();
    }

    /**
     * The token the last session on this folder kept, if it was given by {@code registry} (the
     * addresses as configured) and reads as a token.
     */
    public synchronized Optional<String> resumeToken(String registry) {
        try {
            String[] kept = Files.readString(token, StandardCharsets.UTF_8).strip().split("\n");
            if (kept.length == 2 && TOKEN.matcher(kept[1]).matches()) {
                return kept[0].equals(registry) ? Optional.of(kept[1]) : Optional.empty();
            }
            Diagnostics.note("ignoring " + token + ": it does not hold a resume token");
        } catch (NoSuchFileException none) {
            // the last session ended in good order, or there was none
        } catch (IOException | RuntimeException e) {
            Diagnostics.trace("reading " + token, e);
        }
        return Optional.empty();
    }

    /**
     * Keeps the token {@code registry} gave the session now held, replacing the last one's; whole
     * or not at all. Nothing once the folder is let go of: a session renewed just as its user logs
     * out must not leave a token behind. Best effort: a token that cannot be written costs only the
     * rooms after a crash, so the session goes on and the failure is traced.
     */
    public synchronized void keep(String registry, String resumeToken) {
        if (closed) {
            return;
        }
        if (resumeToken == null || !TOKEN.matcher(resumeToken).matches() || registry.contains("\n")) {
            forget(); // a registry that gives none (or an odd one): there is nothing to resume with
            return;
        }
        try {
            PrivateFiles.replace(token, (registry + "\n" + resumeToken + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Diagnostics.trace("keeping the session's resume token in " + token, e);
        }
    }

    /** The session ended: a restart has nothing to take back. Best effort, as {@link #keep}. */
    public synchronized void forget() {
        if (closed) {
            return;
        }
        try {
            Files.deleteIfExists(token);
        } catch (IOException e) {
            Diagnostics.trace("forgetting the session's resume token in " + token, e);
        }
    }

    /** Lets go of the folder; the token stays for the next parley unless it was forgotten. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HELD_HERE.remove(folder);
        try {
            lock.release();
        } catch (IOException e) {
            Diagnostics.trace("releasing " + token + ".lock", e);
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                Diagnostics.trace("closing " + token + ".lock", e);
            }
        }
    }
}
