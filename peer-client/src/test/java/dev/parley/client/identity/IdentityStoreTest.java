package dev.parley.client.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity key at rest: saved under the password, owner-only, refused with the wrong password. */
class IdentityStoreTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    @TempDir
    Path folder;

    @Test
    void savedIdentityLoadsWithTheSamePasswordAndKey() throws Exception {
        Identity made = Identity.create("alice");
        IdentityStore.save(folder, made, PASSWORD);
        Identity loaded = IdentityStore.load(folder, "alice", PASSWORD).orElseThrow();
        assertEquals(made.publicKeyText(), loaded.publicKeyText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(IdentityStore.file(folder))));
    }

    @Test
    void wrongPasswordCannotUnlockTheKey() throws Exception {
        IdentityStore.save(folder, Identity.create("alice"), PASSWORD);
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.load(folder, "alice", "not the password".toCharArray()));
        assertTrue(e.getMessage().startsWith("cannot unlock "), e.getMessage());
    }

    @Test
    void noFileMeansNoIdentity() throws Exception {
        assertEquals(Optional.empty(), IdentityStore.load(folder, "alice", PASSWORD));
    }

    @Test
    void damagedFileIsReportedNotThrown() throws Exception {
        Files.write(IdentityStore.file(folder), new byte[] {1, 2, 3, 4});
        assertThrows(IdentityException.class, () -> IdentityStore.load(folder, "alice", PASSWORD));
    }

    @Test
    void pinsAreOwnerOnlyAndFoundInAnyLetterCase() throws Exception {
        KnownPeers pins = new KnownPeers(folder.resolve("known_peers"));
        String key = Identity.create("bob").publicKeyText();
        pins.pin("Bob", key);
        assertEquals(Optional.of(key), pins.pinned("BOB"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins.file())));
    }

    @Test
    void somethingThatIsNotAnEcP256KeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Identity.decode("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> Identity.decode("AAAA"));
    }

    @Test
    void fingerprintIsSixteenGroupsOfFourHexDigits() {
        String fp = Fingerprint.of(Identity.create("alice").publicKey());
        assertTrue(fp.matches("([0-9A-F]{4} ){15}[0-9A-F]{4}"), fp);
    }
}
