package dev.parley.client.identity;

import dev.parley.client.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Keeps a user's identity in {@code identity.p12} in their folder: a PKCS#12 file encrypted with
 * the account password (so a copied folder is useless without it), readable by the owner only.
 * Moving to another computer means copying the folder.
 */
public final class IdentityStore {
    static final String FILE_NAME = "identity.p12";
    private static final String ALIAS = "identity";

    private IdentityStore() {
    }

    public static Path file(Path userFolder) {
        return userFolder.resolve(FILE_NAME);
    }

    /**
     * The identity saved in this folder, or empty if there is none.
     *
     * @throws IdentityException the file exists but cannot be opened with this password, or is damaged
     */
    public static Optional<Identity> load(Path userFolder, String username, char[] password) throws IdentityException {
        Path file = file(userFolder);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Key key = store.getKey(ALIAS, password);
            Certificate certificate = store.getCertificate(ALIAS);
            if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
                throw new IdentityException(file + " holds no identity key; move it away and log in again");
            }
            return Optional.of(new Identity(username, privateKey, x509));
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IdentityException("cannot unlock " + file + " with this password: it belongs to"
                        + " another account of that name, or the password is wrong");
            }
            throw new IdentityException("cannot read " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IdentityException("cannot unlock " + file + " with this password: it belongs to"
                    + " another account of that name, or the password is wrong");
        }
    }

    /** Saves the identity, replacing the file atomically; it is owner-only from the moment it exists. */
    public static void save(Path userFolder, Identity identity, char[] password) throws IdentityException {
        Path file = file(userFolder);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, identity.privateKey(), password, new Certificate[] {identity.certificate()});
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            store.store(out, password);
            PrivateFiles.replace(file, out.toByteArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IdentityException("cannot save the identity key to " + file + ": " + e.getMessage());
        }
    }
}
