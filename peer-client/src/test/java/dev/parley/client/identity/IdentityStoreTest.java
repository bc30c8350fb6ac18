package dev.parley.client.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.OldIdentityFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
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
        assertEquals("cannot unlock " + IdentityStore.file(folder) + " with this password: it belongs to another"
                + " account of that name, or the password is wrong", e.getMessage());
    }

    @Test
    void theKeyIsSealedWithArgon2idAt64MiBAndThreePasses() throws Exception {
        IdentityStore.save(folder, Identity.create("alice"), PASSWORD);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(IdentityStore.file(folder)));
        byte[] magic = new byte[8];
        header.get(magic);
        assertEquals("PARLEYID", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(1, header.get(), "format version");
        assertEquals(1, header.get(), "Argon2id");
        assertEquals(64 * 1024, header.getInt(), "memory in KiB");
        assertEquals(3, header.getInt(), "passes");
        assertFalse(Files.exists(IdentityStore.oldFile(folder)));
    }

    @Test
    void anOlderClientsPkcs12FileIsUpgradedAtLoginAndRemoved() throws Exception {
        Identity made = Identity.create("alice");
        saveTheOldWay(made);
        Identity loaded = IdentityStore.load(folder, "alice", PASSWORD).orElseThrow();
        assertEquals(made.publicKeyText(), loaded.publicKeyText());
        assertFalse(Files.exists(IdentityStore.oldFile(folder)), "the old file is gone");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(IdentityStore.file(folder))));
        assertEquals(made.publicKeyText(), IdentityStore.load(folder, "alice", PASSWORD).orElseThrow().publicKeyText(),
                "the new file opens on its own");
    }

    @Test
    void anOldFileWithTheWrongPasswordIsRefusedAsBeforeAndKept() throws Exception {
        saveTheOldWay(Identity.create("alice"));
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.load(folder, "alice", "not the password".toCharArray()));
        assertTrue(e.getMessage().startsWith("cannot unlock " + IdentityStore.oldFile(folder) + " with this password"),
                e.getMessage());
        assertTrue(Files.exists(IdentityStore.oldFile(folder)));
        assertFalse(Files.exists(IdentityStore.file(folder)));
    }

    @Test
    void anUpgradeThatCannotWriteTheNewFileKeepsTheOldOne() throws Exception {
        Identity made = Identity.create("alice");
        saveTheOldWay(made);
        // Where the new file is written first, something that cannot be replaced.
        Path blocker = Files.createDirectories(folder.resolve(IdentityStore.FILE_NAME + ".tmp"));
        Files.writeString(blocker.resolve("in the way"), "x");
        IdentityException e = assertThrows(IdentityException.class, () -> IdentityStore.load(folder, "alice", PASSWORD));
        assertTrue(e.getMessage().startsWith("cannot upgrade " + IdentityStore.oldFile(folder)), e.getMessage());
        assertTrue(e.getMessage().endsWith("the old file is kept"), e.getMessage());
        assertTrue(Files.exists(IdentityStore.oldFile(folder)));
        assertFalse(Files.exists(IdentityStore.file(folder)));
    }

    @Test
    void anUpgradeInterruptedBeforeTheOldFileWentIsFinished() throws Exception {
        Identity made = Identity.create("alice");
        saveTheOldWay(made);
        IdentityStore.save(folder, made, PASSWORD);
        IdentityStore.load(folder, "alice", PASSWORD).orElseThrow();
        assertFalse(Files.exists(IdentityStore.oldFile(folder)));
    }

    @Test
    void anOldFileWithAnotherKeyBesideTheNewOneIsNotDeleted() throws Exception {
        saveTheOldWay(Identity.create("alice"));
        Identity current = Identity.create("alice");
        IdentityStore.save(folder, current, PASSWORD);
        assertEquals(current.publicKeyText(), IdentityStore.load(folder, "alice", PASSWORD).orElseThrow().publicKeyText());
        assertTrue(Files.exists(IdentityStore.oldFile(folder)));
    }

    @Test
    void aTruncatedFileIsReportedAsDamaged() throws Exception {
        IdentityStore.save(folder, Identity.create("alice"), PASSWORD);
        byte[] whole = Files.readAllBytes(IdentityStore.file(folder));
        for (int length = 0; length < whole.length; length++) {
            Files.write(IdentityStore.file(folder), Arrays.copyOf(whole, length));
            IdentityException e = assertThrows(IdentityException.class, () -> IdentityStore.load(folder, "alice", PASSWORD),
                    "cut to " + length + " bytes");
            assertEquals(IdentityStore.file(folder) + " is damaged: it is cut short — restore it from the computer where"
                    + " you registered, or from a backup", e.getMessage());
        }
    }

    @Test
    void noFileMeansNoIdentity() throws Exception {
        assertEquals(Optional.empty(), IdentityStore.load(folder, "alice", PASSWORD));
    }

    @Test
    void damagedFileIsReportedNotThrown() throws Exception {
        Files.write(IdentityStore.file(folder), new byte[] {1, 2, 3, 4});
        assertThrows(IdentityException.class, () -> IdentityStore.load(folder, "alice", PASSWORD));
        Files.write(IdentityStore.file(folder), "PARLEYID and then something else entirely, long enough".getBytes(
                StandardCharsets.US_ASCII));
        IdentityException e = assertThrows(IdentityException.class, () -> IdentityStore.load(folder, "alice", PASSWORD));
        assertTrue(e.getMessage().contains(" is damaged: "), e.getMessage());
    }

    /** What an older client wrote: PKCS#12 under the password, PBKDF2 with 10,000 iterations. */
    private void saveTheOldWay(Identity identity) throws Exception {
        OldIdentityFile.save(folder, identity, PASSWORD);
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
