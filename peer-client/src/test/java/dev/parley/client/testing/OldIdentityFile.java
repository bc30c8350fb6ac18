package dev.parley.client.testing;

import dev.parley.client.identity.Identity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;

/** Writes an identity as clients before the key file format did: {@code identity.p12}, PKCS#12 under the password. */
public final class OldIdentityFile {
    private OldIdentityFile() {
    }

    public static Path save(Path userFolder, Identity identity, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("identity", identity.privateKey(), password, new Certificate[] {identity.certificate()});
        Path file = Files.createDirectories(userFolder).resolve("identity.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }
}
