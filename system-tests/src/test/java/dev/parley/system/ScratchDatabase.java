package dev.parley.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of one test's own on the tests' PostgreSQL server ({@code parley.test.db.*}): made
 * empty before the test and dropped after it, so registries that crash and start again, or several
 * nodes of a cluster, share it and nothing else.
 */
final class ScratchDatabase implements AutoCloseable {
    private static final String SERVER_URL = System.getProperty("parley.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("parley.test.db.user", "postgres");
    private static final String PASSWORD = System.getProperty("parley.test.db.password", "postgres");

    final String name;

    private ScratchDatabase(String name) {
        this.name = name;
    }

    /** A new empty database named {@code prefix} and a random suffix. */
    static ScratchDatabase create(String prefix) throws SQLException {
        ScratchDatabase db = new ScratchDatabase(prefix + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36));
        sql("CREATE DATABASE " + db.name);
        return db;
    }

    /** What bin/registry needs to use it. */
    Map<String, String> registryEnv() {
        return Map.of("PARLEY_DB_URL", SERVER_URL.substring(0, SERVER_URL.lastIndexOf('/') + 1) + name,
                "PARLEY_DB_USER", USER, "PARLEY_DB_PASSWORD", PASSWORD, "PARLEY_DB_DRIVER", "postgresql");
    }

    @Override
    public void close() throws SQLException {
        sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
