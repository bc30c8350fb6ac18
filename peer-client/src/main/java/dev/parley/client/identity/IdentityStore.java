package dev.parley.client.identity;

import dev.parley.client.Diagnostics;
import dev.parley.client.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * Keeps a user's identity in {@code identity.key} in their folder: the key and certificate sealed
 * under the account password with a memory-hard derivation ({@link KeyFile}), so a copied folder
 * is useless without the password and each guess at it costs a third of a second and 64 MiB;
 * readable by the owner only. Moving to another computer means copying the folder.
 *
 * <p>Older clients kept it in {@code identity.p12} (PKCS#12, PBKDF2 with 10,000 iterations: a few
 * milliseconds a guess). Such a file is read the old way when its owner next logs in, written again
 * in the new format, and removed once the new file is on the disk.
 */
public final class IdentityStore {
    static final String FILE_NAME = "identity.key";
    /** The PKCS#12 file of older clients, read only to upgrade it. */
    static final String OLD_FILE_NAME = "identity.p12";
    private static final String OLD_ALIAS = "identity";
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdentityStore() {
    }

    /** The identity key file in {@code userFolder}. */
    public static Path file(Path userFolder) {
        return userFolder.resolve(FILE_NAME);
    }

    static Path oldFile(Path userFolder) {
        return userFolder.resolve(OLD_FILE_NAME);
    }

    /**
     * The identity saved in this folder, or empty if there is none. An identity found only in an
     * older client's {@code identity.p12} is saved in the current format and the old file removed.
     *
     * @throws IdentityException the file exists but cannot be opened with this password, or is damaged,
     *     or an old file could not be upgraded (it is then left as it was)
     */
    public static Optional<Identity> load(Path userFolder, String username, char[] password) throws IdentityException {
        Path file = file(userFolder);
        Path old = oldFile(userFolder);
        if (Files.exists(file)) {
            Identity identity = readCurrent(file, username, password);
            if (Files.exists(old)) {
                finishUpgrade(old, identity, username, password);
            }
            return Optional.of(identity);
        }
        if (!Files.exists(old)) {
            return Optional.empty();
        }
        Identity identity = readOld(old, username, password);
        try {
            write(file, identity, password);
        } catch (IdentityException e) {
            throw new IdentityException("cannot upgrade " + old + " to " + file.getFileName() + " (" + e.getMessage()
                    + "); the old file is kept");
        }
        removeOld(old);
        return Optional.of(identity);
    }

    /** Saves the identity, replacing the file atomically; it is owner-only from the moment it exists. */
    public static void save(Path userFolder, Identity identity, char[] password) throws IdentityException {
        write(file(userFolder), identity, password);
    }

    private static void write(Path file, Identity identity, char[] password) throws IdentityException {
        byte[] bytes;
        try {
            bytes = KeyFile.write(identity, password, KeyFile.Cost.STANDARD, RANDOM);
        } catch (GeneralSecurityException e) {
            throw new IdentityException("cannot seal the identity key: " + e.getMessage());
        }
        try {
            PrivateFiles.replace(file, bytes);
        } catch (IOException e) {
            throw new IdentityException("cannot save the identity key to " + file + ": " + Diagnostics.reason(e));
        }
    }

    private static Identity readCurrent(Path file, String username, char[] password) throws IdentityException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // One byte over the cap is enough to know the file is too big, without reading all of it.
            bytes = in.readNBytes(KeyFile.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IdentityException("cannot read " + file + ": " + Diagnostics.reason(e));
        }
        try {
            return KeyFile.read(bytes, username, password);
        } catch (KeyFile.WrongPasswordException e) {
            throw wrongPassword(file);
        } catch (KeyFile.DamagedException e) {
            throw new IdentityException(file + " is damaged: " + e.getMessage() + " — restore it from the computer"
                    + " where you registered, or from a backup");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Reads an older client's PKCS#12 file. */
    private static Identity readOld(Path file, String username, char[] password) throws IdentityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Key key = store.getKey(OLD_ALIAS, password);
            Certificate certificate = store.getCertificate(OLD_ALIAS);
            if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
                throw new IdentityException(file + " holds no identity key; move it away and log in again");
            }
            return new Identity(username, privateKey, x509);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw wrongPassword(file);
            }
            throw new IdentityException("cannot read " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw wrongPassword(file);
        }
    }

    /**
     * Both files are there: an upgrade stopped between writing the new file and removing the old.
     * The old one goes if it holds the same key (a different one is not ours to delete).
     */
    private static void finishUpgrade(Path old, Identity current, String username, char[] password) {
        try {
            if (readOld(old, username, password).publicKeyText().equals(current.publicKeyText())) {
                removeOld(old);
            }
        } catch (IdentityException e) {
            Diagnostics.note("left " + old + " beside the current key file: " + e.getMessage());
        }
    }

    /**
     * Removes the old file once the new one is on the disk, and makes the removal durable too. If it
     * cannot be removed the login goes on (the key is safe in the new file); the next login tries again.
     */
    private static void removeOld(Path old) {
        try {
            Files.delete(old);
        } catch (IOException e) {
            Diagnostics.trace("removing " + old + " after upgrading it", e);
            return;
        }
        try (FileChannel folder = FileChannel.open(old.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            Diagnostics.trace("syncing " + old.getParent(), e); // not possible on every platform
        }
    }

    private static IdentityException wrongPassword(Path file) {
        return new IdentityException("cannot unlock " + file + " with this password: it belongs to"
                + " another account of that name, or the password is wrong");
    }
}
