package dev.parley.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb and pg_ctl on a data folder under target/, its
 * own port, trust authentication on 127.0.0.1), so that a test can stop and start the database
 * under a running registry without touching the shared server the other tests use. When the
 * tests run as root, the server runs as the {@code postgres} user, as PostgreSQL requires.
 */
final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;

    private PrivatePostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    /** A new server with an empty database {@code parley}, running. */
    static PrivatePostgres start(String name) throws Exception {
        Path dir = Path.of("target", name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
        if (Files.exists(dir)) {
            delete(dir);
        }
        Files.createDirectories(dir);
        PrivatePostgres pg = new PrivatePostgres(dir, binaries(), RegistryProcess.freePort());
        pg.run("chown", List.of("-R", "postgres:postgres", dir.toString()), false);
        pg.run(pg.bin.resolve("initdb").toString(), List.of("-D", pg.data.toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8"), true);
        pg.start();
        pg.sql("CREATE DATABASE parley");
        return pg;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/parley";
    }

    /** Starts the server (again) and waits until it accepts connections. */
    void start() throws Exception {
        run(bin.resolve("pg_ctl").toString(), List.of("-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "60",
                "start"), true);
    }

    /** Stops the server at once: connections are cut, as when a database host goes away. */
    void stop() throws Exception {
        run(bin.resolve("pg_ctl").toString(), List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
    }

    /** The first column of the first row of a query on the {@code parley} database. */
    long count(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "postgres", "");
                var s = c.createStatement(); var rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            run(bin.resolve("pg_ctl").toString(), List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
        } catch (AssertionError alreadyStopped) {
            // stopped by the test, or never started
        }
        delete(dir);
    }

    private void run(String command, List<String> args, boolean asPostgres) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && "root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(command);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("commands.log").toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("commands.log")));
        }
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError("no PostgreSQL server binaries under /usr/lib/postgresql"));
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
