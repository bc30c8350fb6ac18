package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.PlainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees for the program's own options: one line of reason and hint, exit code 2, no trace. */
class ParleyOptionsTest {
    @TempDir
    Path home;

    private PlainRun run(String... args) {
        return PlainRun.of(List.of(args), Map.of());
    }

    @Test
    void unknownOptionIsRefusedWithOneLineAndExitCode2() {
        PlainRun r = run("--bogus");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: unknown option: '--bogus' — try 'parley --help'"), r.err());
        assertEquals(List.of(), r.out());
    }

    @Test
    void registryWithABadPortIsRefused() {
        PlainRun r = run("--registry", "localhost:http");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: invalid value for option '--registry': the registry port must be a number"
                + " from 1 to 65535, got 'http' — try 'parley --help'"), r.err());
    }

    @Test
    void aBadAddressInARegistryListIsNamed() {
        PlainRun r = run("--registry", "10.0.0.5:15600, localhost:http");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: invalid value for option '--registry': 'localhost:http' in the registry list:"
                + " the registry port must be a number from 1 to 65535, got 'http' — try 'parley --help'"), r.err());
    }

    @Test
    void anEmptyEntryInARegistryListIsRefused() {
        PlainRun r = run("--registry", "10.0.0.5,,10.0.0.6");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: invalid value for option '--registry': the registry list '10.0.0.5,,10.0.0.6'"
                + " has an empty entry (separate the addresses with single commas) — try 'parley --help'"), r.err());
    }

    @Test
    void theEnvironmentMayNameSeveralAddressesOfOneRegistryAndTheFirstThatAnswersIsUsed() throws Exception {
        int down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            down = s.getLocalPort();
        }
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.account("alice", "correct horse");
            PlainRun r = PlainRun.of(List.of(),
                    Map.of("PARLEY_REGISTRY", "127.0.0.1:" + down + " , " + registry.address(),
                            "PARLEY_HOME", home.toString()),
                    "/login alice", "correct horse");
            assertEquals(0, r.exitCode());
            assertTrue(r.out().contains("logged in as alice"), r.out().toString());
            assertEquals(List.of(registry.address() + " " + registry.certificate().fingerprint()),
                    Files.readAllLines(home.resolve("known_registries")));
        }
    }

    @Test
    void peerPortOutOfRangeIsRefused() {
        PlainRun r = run("--peer-port", "70000");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: --peer-port must be 0 to 65535, got 70000 — try 'parley --help'"), r.err());
    }

    @Test
    void keepalivePortOutOfRangeIsRefused() {
        PlainRun r = run("--keepalive-port", "0");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: --keepalive-port must be 1 to 65535, got 0 — try 'parley --help'"), r.err());
    }

    @Test
    void peerPortThatIsNotANumberIsRefused() {
        PlainRun r = run("--peer-port", "many");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().size());
        assertTrue(r.err().get(0).startsWith("parley: invalid value for option '--peer-port': 'many' is not an int"),
                r.err().get(0));
    }

    @Test
    void aBadRegistryInTheEnvironmentIsRefused() {
        PlainRun r = PlainRun.of(List.of("--home", home.toString()), Map.of("PARLEY_REGISTRY", "host:0"));
        assertEquals(2, r.exitCode());
        assertEquals(List.of("parley: PARLEY_REGISTRY: the registry port must be a number from 1 to 65535, got '0'"
                + " — set it to HOST[:PORT] or pass --registry"), r.err());
    }

    @Test
    void theEnvironmentNamesTheRegistryAndTheHomeWhenNoOptionDoes() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.account("alice", "correct horse");
            PlainRun r = PlainRun.of(List.of(),
                    Map.of("PARLEY_REGISTRY", registry.address().toString(), "PARLEY_HOME", home.toString()),
                    "/login alice", "correct horse");
            assertEquals(0, r.exitCode());
            assertTrue(r.out().contains("logged in as alice"), r.out().toString());
            assertTrue(Files.readString(home.resolve("known_registries")).startsWith(registry.address() + " "));
        }
    }

    @Test
    void theRegistryOptionBeatsTheEnvironment() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            PlainRun r = PlainRun.of(List.of("--registry", registry.address().toString(), "--home", home.toString()),
                    Map.of("PARLEY_REGISTRY", "127.0.0.1:1"), "/login alice", "wrong password");
            assertEquals("error: wrong username or password", r.out().get(r.out().size() - 1));
        }
    }

    @Test
    void versionNamesTheProgramAndTheProtocol() {
        PlainRun r = run("--version");
        assertEquals(0, r.exitCode());
        assertEquals(List.of("parley " + ParleyVersion.version() + " (protocol 1.0)"), r.out());
    }

    @Test
    void helpListsEveryOption() {
        PlainRun r = run("--help");
        assertEquals(0, r.exitCode());
        String help = String.join("\n", r.out());
        for (String option : List.of("--registry", "--plain", "--home", "--peer-port", "--keepalive-port", "--version",
                "--help")) {
            assertTrue(help.contains(option), option + " missing from\n" + help);
        }
        assertTrue(help.contains("--registry=HOST[:PORT][,HOST[:PORT]...]"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("for a registry cluster, its nodes' addresses separated by commas"),
                help);
    }

    @Test
    void aHomeThatIsAFileIsRefusedWithExitCode1() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-folder"), "x");
        PlainRun r = run("--home", file.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().size());
        assertTrue(r.err().get(0).startsWith("parley: cannot use " + file + " as the parley home: "), r.err().get(0));
        assertTrue(r.err().get(0).endsWith(" — choose another with --home DIR"), r.err().get(0));
    }
}
