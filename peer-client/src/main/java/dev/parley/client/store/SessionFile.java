package dev.parley.client.store;

import dev.parley.client.Diagnostics;
import dev.parley.client.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An account folder as the one parley logged in with it holds it: a lock on {@code session.lock},
 * and the registry session's resume token in {@code session} (owner-only).
 *
 * <p>The token is what lets a parley that was killed, or whose terminal closed, take its session
 * back when it is started again and logs in: the registry keeps a session whose link dropped
 * resumable for a while (three keepalive intervals), rooms and all, and gives it only to a LOGIN
 * with its token. Without it the new login starts a session that has left every room, invite-only
 * ones included. A logout, or a session the registry ended, forgets the token.
 *
 * <p>The lock is what makes keeping the token safe: a second parley started on the same folder
 * would otherwise present it, take over the first one's session and write into the same
 * conversation files. The operating system releases the lock when the process ends, however it
 * ends, so a crash never leaves the folder held.
 */
public final class SessionFile implements AutoCloseable {
    /** The registry's tokens are 32 random bytes in URL-safe base64; anything else in the file is not one. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private final Path token;
    private final FileChannel channel;
    private final FileLock lock;

    private SessionFile(Path token, FileChannel channel, FileLock lock) {
        this.token = token;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Holds the account folder {@code folder} (which must exist) for this process; empty when
     * another parley holds it.
     */
    public static Optional<SessionFile> hold(Path folder) throws IOException {
        FileChannel channel = PrivateFiles.open(folder.resolve("session.lock"), StandardOpenOption.CREATE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new SessionFile(folder.resolve("session"), channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // another client in this same process holds it: as held as by another process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    /** The token kept by the last session on this folder, if it left one that reads as a token. */
    public Optional<String> resumeToken() {
        try {
            String kept = Files.readString(token, StandardCharsets.US_ASCII).strip();
            if (TOKEN.matcher(kept).matches()) {
                return Optional.of(kept);
            }
            Diagnostics.note("ignoring " + token + ": it does not hold a resume token");
        } catch (NoSuchFileException none) {
            // the last session ended in good order, or there was none
        } catch (IOException | RuntimeException e) {
            Diagnostics.trace("reading " + token, e);
        }
        return Optional.empty();
    }

    /** Keeps the token of the session now held, replacing the last one's; whole or not at all. */
    public void keep(String resumeToken) throws IOException {
        if (resumeToken == null || !TOKEN.matcher(resumeToken).matches()) {
            forget(); // a registry that gives none (or an odd one): there is nothing to resume with
            return;
        }
        PrivateFiles.replace(token, resumeToken.getBytes(StandardCharsets.US_ASCII));
    }

    /** The session ended: a restart has nothing to take back. */
    public void forget() throws IOException {
        Files.deleteIfExists(token);
    }

    /** Lets go of the folder; the token stays for the next parley unless it was forgotten. */
    @Override
    public void close() {
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
