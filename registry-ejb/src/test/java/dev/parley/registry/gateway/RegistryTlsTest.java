package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTlsTest {

    @Test
    void firstStartCreatesAKeyThatLaterStartsReuse(@TempDir Path dir) throws Exception {
        RegistryTls first = RegistryTls.loadOrCreate("", "", dir);
        RegistryTls second = RegistryTls.loadOrCreate("", "", dir);

        assertEquals(first.fingerprint(), second.fingerprint());
        assertTrue(first.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), first.fingerprint());
    }

    @Test
    void theKeyAndItsPasswordAreReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        RegistryTls.loadOrCreate("", "", dir);

        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertEquals(ownerOnly, Files.getPosixFilePermissions(dir.resolve("registry-tls.p12")));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(dir.resolve("registry-tls.password")));
    }

    @Test
    void theFolderOfTheKeyIsTheOwnersOnlyEvenWhenItWasNot(@TempDir Path dir) throws Exception {
        Path keyFolder = Files.createDirectories(dir.resolve("data").resolve("parley"));
        Files.setPosixFilePermissions(keyFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        RegistryTls.loadOrCreate("", "", keyFolder);

        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE),
                Files.getPosixFilePermissions(keyFolder));
    }
}
