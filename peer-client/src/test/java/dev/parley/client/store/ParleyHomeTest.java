package dev.parley.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    void anExistingFolderIsUsedAsItIs() throws Exception {
        Files.writeString(dir.resolve("known_registries"), "kept\n");
        ParleyHome home = ParleyHome.open(dir);
        assertTrue(Files.readString(home.knownRegistries()).equals("kept\n"));
    }
}
