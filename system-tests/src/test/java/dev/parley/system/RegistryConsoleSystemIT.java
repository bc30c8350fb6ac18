package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What someone who runs bin/registry sees in the terminal: a short start that says where the
 * registry listens, the certificate fingerprint to compare, the database and where the full log
 * is, none of WildFly's INFO lines, a plain line when the start failed, and a short stop on Ctrl-C.
 */
class RegistryConsoleSystemIT {
    /** A line as WildFly's own console handler writes it: time with milliseconds, level, category. */
    private static final Pattern WILDFLY_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d,\\d{3} +[A-Z]+ +\\[");
    private static final Pattern MESSAGE_ID = Pattern.compile("\\b(WFLY[A-Z]*|JBWS|HHH|ISPN|IJ|ELY)\\d{4,}");

    @Test
    void theConsoleShowsAShortStartAndAShortStop() throws Exception {
        Path home = RegistryProcess.tempHome("registry-console").toRealPath();
        RegistryProcess registry = RegistryProcess.start(home, Map.of());
        try {
            // RegistryProcess.start returns at the web client's address, the last line of the start:
            // its module starts after the registry's.
            String log = home.resolve("log/server.log").toString();
            List<String> console = registry.output();
            String all = String.join("\n", console);

            assertTrue(console.getFirst().startsWith("registry: starting on Java ") && console.getFirst().endsWith(
                    "the full log is " + log), all);
            assertTrue(console.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d database jdbc:h2:file:"
                    + Pattern.quote(home.resolve("data/parley/registry").toString())
                    + " \\(H2 .+\\), user SA: schema migrated to version \\d+ \\(\\d+ migrations applied\\)")), all);
            assertTrue(console.stream().anyMatch(l -> l.endsWith("Parley registry listening on 127.0.0.1:" + registry.port
                    + "/tcp (TLS) and 127.0.0.1:" + registry.udpPort + "/udp (keepalives); certificate SHA-256 fingerprint "
                    + registry.fingerprint)), all);
            // The settings given (here by the environment RegistryProcess sets), once.
            assertEquals(1, console.stream().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d settings: the defaults, except "
                    + "parley.bind=127.0.0.1, parley.registry.port=" + registry.port + ", parley.keepalive.port="
                    + registry.udpPort)).count(), all);
            assertTrue(registry.fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), registry.fingerprint);
            assertTrue(console.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d registry started in \\d+\\.\\d s; "
                    + "the full log is " + Pattern.quote(log))), all);
            assertTrue(console.getLast().matches("\\d\\d:\\d\\d:\\d\\d web client at https://localhost:" + registry.webPort + "/"),
                    all);

            assertFalse(console.stream().anyMatch(l -> WILDFLY_LINE.matcher(l).find() || MESSAGE_ID.matcher(l).find()
                    || l.contains(" INFO ") || l.contains("JBoss") || l.startsWith("WARNING:") || l.startsWith("=====")),
                    "no WildFly INFO lines, banner or JVM warnings:\n" + all);
            assertTrue(console.size() <= 8, "a short start:\n" + all);
            // All of it is in the log file. WildFly writes its own "started" line (WFLYSRV0025) once the
            // deployment is done, which can be a moment after the registry's last start-up line.
            String serverLog = "";
            for (long end = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < end; Thread.sleep(100)) {
                serverLog = Files.readString(home.resolve("log/server.log"));
                if (serverLog.contains("WFLYSRV0025")) {
                    break;
                }
            }
            assertTrue(serverLog.contains("WFLYSRV0025") && serverLog.contains("Parley registry listening"), "server.log");

            assertTrue(registry.interrupt(Duration.ofSeconds(60)), "Ctrl-C stops the registry");
            registry.awaitOutput("registry stopped", Duration.ofSeconds(5));
            List<String> stop = registry.output().subList(console.size(), registry.output().size());
            assertEquals(2, stop.size(), "a short stop: " + stop);
            assertTrue(stop.get(0).endsWith(" Parley registry listeners closed"), stop.toString());
            assertTrue(stop.get(1).matches("\\d\\d:\\d\\d:\\d\\d registry stopped"), stop.toString());
        } finally {
            registry.close();
        }
    }

    /**
     * A stop begins by suspending the server, and WildFly refuses the jobs of its own scheduler while
     * it is suspended, logging each refusal as an ERROR (one in every few stops showed one on the
     * console). The registry's jobs are not on that scheduler: suspended for two seconds (four turns
     * of the link watchdog), the server refuses none of them and none fails.
     */
    @Test
    @Timeout(300)
    void whileTheServerIsSuspendedTheRegistrysJobsAreNotRefused() throws Exception {
        Path home = RegistryProcess.tempHome("registry-console-suspend").toRealPath();
        RegistryProcess registry = RegistryProcess.start(home, Map.of());
        try {
            String suspended = cli(registry, ":suspend(suspend-timeout=30)");
            assertTrue(suspended.contains("\"outcome\" => \"success\""), suspended);
            String state = cli(registry, ":read-attribute(name=suspend-state)");
            assertTrue(state.contains("\"SUSPENDED\""), state);
            Thread.sleep(2000);
            String resumed = cli(registry, ":resume");
            assertTrue(resumed.contains("\"outcome\" => \"success\""), resumed);
            String serverLog = Files.readString(home.resolve("log/server.log"));
            assertFalse(serverLog.contains("WFLYEE0110") || serverLog.contains("WFLYEE0111")
                    || serverLog.contains("failed; it runs again"), "a job refused or failed while suspended:\n" + serverLog);
            assertFalse(registry.output().stream().anyMatch(l -> l.contains(" ERROR ") || l.contains(" WARN ")),
                    String.join("\n", registry.output()));
        } finally {
            registry.close();
        }
    }

    /**
     * Runs one WildFly CLI command against the registry's management port (local authentication, as
     * its owner); its output. Never waits for input: a CLI that would ask for a password fails.
     */
    private static String cli(RegistryProcess registry, String command) throws Exception {
        Path out = Files.createTempFile("parley-cli", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(RegistryProcess.REPO.resolve("wildfly-config/target/wildfly/bin/jboss-cli.sh")
                    .toString(), "--connect", "--controller=127.0.0.1:" + registry.managementPort, "--error-on-interact",
                    "--timeout=10000", "--command=" + command)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("JAVA_HOME", System.getProperty("parley.java.home", System.getProperty("java.home")));
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + ": the CLI did not end in 60 s: " + Files.readString(out));
            }
            String text = Files.readString(out);
            assertEquals(0, p.exitValue(), command + ": " + text);
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aStartThatFailsSaysSoAndWhereToLook() throws Exception {
        Path home = RegistryProcess.tempHome("registry-console-busy").toRealPath();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RegistryProcess.StartFailed failed = assertThrows(RegistryProcess.StartFailed.class, () -> RegistryProcess
                    .start(home, Map.of("PARLEY_REGISTRY_PORT", Integer.toString(taken.getLocalPort()))).close());
            String all = String.join("\n", failed.console);
            assertTrue(failed.console.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d ERROR +\\[.*")), all);
            // The failure's causes, as WildFly lists them under its error line.
            assertTrue(all.contains("the Parley gateway cannot start: Address already in use"), all);
            assertTrue(failed.console.getLast().matches("\\d\\d:\\d\\d:\\d\\d start-up FAILED: see the errors above; "
                    + "the full log is " + Pattern.quote(home.resolve("log/server.log").toString())), all);
            assertFalse(failed.console.stream().anyMatch(l -> l.contains(" INFO ")), all);
        }
    }

    @Test
    void aSettingThatIsNotValidIsNamedOnItsOwnLineAndTheStartFails() throws Exception {
        Path home = RegistryProcess.tempHome("registry-console-settings").toRealPath();
        RegistryProcess.StartFailed failed = assertThrows(RegistryProcess.StartFailed.class, () -> RegistryProcess.start(home,
                Map.of("PARLEY_KEEPALIVE_INTERVAL_SECONDS", "soon", "PARLEY_GATEWAY_MAX_LINKS", "0")).close());
        String all = String.join("\n", failed.console);
        assertTrue(failed.console.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\S+ +\\[\\S+\\] setting not valid: "
                + "parley.keepalive.interval-seconds \\(PARLEY_KEEPALIVE_INTERVAL_SECONDS\\) must be a whole number from 1 to 3600, not 'soon'")), all);
        assertTrue(failed.console.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\S+ +\\[\\S+\\] setting not valid: "
                + "parley.gateway.max-links \\(PARLEY_GATEWAY_MAX_LINKS\\) must be from 1 to 1000000, not 0")), all);
        assertTrue(failed.console.getLast().contains("start-up FAILED"), all);
    }

    @Test
    void aClusterMemberListThatIsNotOneIsRefusedBeforeTheServerStarts() throws Exception {
        List<String> console = refusedBeforeTheServerStarts("registry-console-cluster",
                Map.of("PARLEY_CLUSTER_MEMBERS", "127.0.0.1:7600, 127.0.0.1:7700"));
        assertTrue(console.stream().anyMatch(l -> l.startsWith("registry: PARLEY_CLUSTER_MEMBERS must be "
                + "host[port],host[port],... ") && l.endsWith("not: 127.0.0.1:7600, 127.0.0.1:7700")), String.join("\n", console));
    }

    @Test
    void aClusterNodeWithoutTheClustersKeyIsRefusedBeforeTheServerStarts() throws Exception {
        List<String> console = refusedBeforeTheServerStarts("registry-console-cluster-key",
                Map.of("PARLEY_CLUSTER_MEMBERS", "127.0.0.1[7600],127.0.0.1[7700]"));
        assertTrue(console.stream().anyMatch(l -> l.startsWith("registry: this cluster node has no cluster key: copy "
                + "registry-cluster.p12 and registry-cluster.password into ") && l.contains("make them by starting it once "
                + "with PARLEY_CLUSTER_NEW_KEY=1")), String.join("\n", console));
    }

    /** Starts bin/registry with this environment in a new home and returns its console, once it has failed before starting the server or making any key. */
    private static List<String> refusedBeforeTheServerStarts(String homeName, Map<String, String> env) throws Exception {
        Path home = RegistryProcess.tempHome(homeName).toRealPath();
        RegistryProcess.StartFailed failed = assertThrows(RegistryProcess.StartFailed.class,
                () -> RegistryProcess.start(home, env).close());
        String all = String.join("\n", failed.console);
        assertFalse(all.contains("starting on Java"), "nothing started: " + all);
        assertFalse(Files.exists(home.resolve("data/parley/registry-cluster.p12")), "no cluster key made: " + all);
        return failed.console;
    }
}
