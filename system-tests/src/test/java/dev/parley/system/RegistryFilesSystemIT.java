package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What bin/registry leaves on disk: the database, the TLS key, their passwords and the logs are
 * the owner's only, and the H2 default database has a password of its own, not WildFly's sa.
 */
class RegistryFilesSystemIT {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static void assertOwnerOnly(Path path) throws IOException {
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
        assertTrue(modes.stream().noneMatch(GROUP_OR_OTHERS::contains),
                path + " is " + PosixFilePermissions.toString(modes));
    }

    /** Runs one SQL statement on an H2 file with H2's own tool, as the H2 that WildFly ships; true when it worked. */
    private static boolean h2(Path database, String user, String password, String sql) throws Exception {
        Path jar;
        try (Stream<Path> jars = Files.list(RegistryProcess.REPO.resolve(
                "wildfly-config/target/wildfly/modules/system/layers/base/com/h2database/h2/main"))) {
            jar = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path java = Path.of(System.getProperty("parley.java.home", System.getProperty("java.home")), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", jar.toString(), "org.h2.tools.Shell",
                "-url", "jdbc:h2:file:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "-user", user, "-password", password, "-sql", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "H2 shell did not finish");
        return p.exitValue() == 0 && !out.contains("Exception");
    }

    @Test
    void aFreshRegistryKeepsItsDatabaseKeyAndLogsForItsOwnerWithADatabasePasswordOfItsOwn() throws Exception {
        Path home = RegistryProcess.tempHome("registry-files").toRealPath();
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x")); // as a plain mkdir makes it
        RegistryProcess registry = RegistryProcess.start(home, Map.of());
        try {
            registry.awaitOutput("registry started in", Duration.ofSeconds(30));
            Path data = home.resolve("data/parley");
            for (Path p : List.of(home, home.resolve("data"), data, home.resolve("log"), data.resolve("registry.mv.db"),
                    data.resolve("registry-tls.p12"), data.resolve("registry-tls.password"),
                    data.resolve("registry-db.password"), home.resolve("log/server.log"))) {
                assertOwnerOnly(p);
            }
            String password = Files.readString(data.resolve("registry-db.password")).strip();
            assertNotEquals("sa", password);
            assertTrue(password.length() >= 24, "a random password: " + password.length() + " characters");
        } finally {
            registry.close();
        }
        Path database = home.resolve("data/parley/registry");
        String password = Files.readString(home.resolve("data/parley/registry-db.password")).strip();
        assertTrue(h2(database, "sa", password, "SELECT 1"), "the password in the file opens the database");
        assertTrue(!h2(database, "sa", "sa", "SELECT 1"), "sa does not");
    }

    @Test
    void aDatabaseFromBeforeWithThePasswordSaGetsARandomOneAndKeepsWorking() throws Exception {
        Path home = RegistryProcess.tempHome("registry-files-before").toRealPath();
        Path data = Files.createDirectories(home.resolve("data/parley"));
        Path database = data.resolve("registry");
        // As a registry of before left it: made with sa/sa, readable by all.
        assertTrue(h2(database, "sa", "sa", "SELECT 1"));
        Files.setPosixFilePermissions(data.resolve("registry.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        RegistryProcess registry = RegistryProcess.start(home, Map.of());
        try {
            registry.awaitOutput("registry started in", Duration.ofSeconds(30));
            assertTrue(registry.output().stream().anyMatch(l -> l.equals("registry: the H2 database now has a random "
                    + "password, kept in " + data.resolve("registry-db.password") + " (it had WildFly's default, sa)")),
                    String.join("\n", registry.output()));
            assertOwnerOnly(data);
            assertOwnerOnly(data.resolve("registry.mv.db"));
        } finally {
            registry.close();
        }
        String password = Files.readString(data.resolve("registry-db.password")).strip();
        assertNotEquals("sa", password);
        assertTrue(h2(database, "sa", password, "SELECT 1"), "the new password opens the database");
        assertTrue(!h2(database, "sa", "sa", "SELECT 1"), "sa no longer does");

        // The next start uses the kept password and says nothing more about it.
        RegistryProcess again = RegistryProcess.start(home, Map.of());
        try {
            again.awaitOutput("registry started in", Duration.ofSeconds(30));
            assertEquals(0, again.output().stream().filter(l -> l.contains("now has a random password")).count());
        } finally {
            again.close();
        }
    }
}
