package dev.parley.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.OwnerOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParleyHomeTest {
    @TempDir
    Path dir;

    @Test
    void theHomeAndUserFoldersAreCreatedForTheOwnerOnly() throws Exception {
        ParleyHome home = ParleyHome.open(dir.resolve("nested/.parley"));
        Path alice = home.userFolder("alice");
        assertEquals(home.dir().resolve("alice"), alice);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dir())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(alice)));
        assertEquals(home.dir().resolve("known_registries"), home.knownRegistries());
        assertEquals(home.dir().resolve("history"), home.history());
        assertFalse(Files.exists(home.knownRegistries()), "nothing is written before it is needed");
    }

    @Test
    void conversationsHaveAnOwnerOnlyFolderPerAccount() throws Exception {
        ParleyHome home = ParleyHome.open(dir);
        Path folder = home.conversationsFolder("alice");
        assertEquals(home.userFolder("alice").resolve("conversations"), folder);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals(folder, home.conversationsFolder("alice"), "an existing folder is reused");
    }

    @Test
    void aNameThatIsNotAUsernameNeverBecomesAPath() throws Exception {
        ParleyHome home = ParleyHome.open(dir);
        assertThrows(IllegalArgumentException.class, () -> home.userFolder("../escape"));
        assertFalse(Files.exists(dir.resolveSibling("escape")));
    }

    @Test
    void whatAnOlderClientLeftReadableByOthersIsTightenedAtStart() throws Exception {
        Path alice = Files.createDirectories(dir.resolve("alice").resolve("conversations"), loose("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("alice"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path file : List.of(dir.resolve("history"), dir.resolve("known_registries"),
                dir.resolve("alice").resolve("identity.p12"), dir.resolve("alice").resolve("known_peers"),
                alice.resolve("bob.jsonl"))) {
            Files.writeString(file, "kept\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notOurs = Files.createDirectories(dir.resolve("Photos"));
        Files.setPosixFilePermissions(notOurs, PosixFilePermissions.fromString("rwxr-xr-x"));

        ParleyHome home = ParleyHome.open(dir);

        assertEquals(List.of(), home.untightened());
        assertEquals(List.of("Photos rwxr-xr-x"), OwnerOnly.loose(dir), "only what parley keeps is changed");
        assertEquals("kept\n", Files.readString(home.history()));
    }

    private static java.nio.file.attribute.FileAttribute<?> loose(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    @Test
    void anExistingFolderIsUsedAsItIs() throws Exception {
        Files.writeString(dir.resolve("known_registries"), "kept\n");
        ParleyHome home = ParleyHome.open(dir);
        assertTrue(Files.readString(home.knownRegistries()).equals("kept\n"));
    }
}
