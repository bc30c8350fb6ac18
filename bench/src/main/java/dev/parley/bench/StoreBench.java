package dev.parley.bench;

import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The client's store against the embedded database it could have been: the same messages kept
 * durably by {@link ConversationLog} (JSON Lines, grouped fsync) and by SQLite in WAL mode with
 * {@code synchronous=FULL} (a sync per commit) and a unique index on the message id. Three costs
 * a user feels: one message written and synced on its own, a burst of 200 written and synced
 * together, and opening a conversation of N messages to find its outbox.
 */
final class StoreBench {
    private static final int SINGLE = 300;
    private static final int BURSTS = 50;
    private static final int BURST = 200;

    private StoreBench() {
    }

    static void run(int records) throws Exception {
        Path dir = Files.createTempDirectory("parley-store-bench");
        try {
            jsonLines(dir.resolve(ConversationLog.fileName("bob")), records);
            sqlite(dir.resolve("bob.sqlite"), records);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String body(int i) {
        return "message " + i + " with a hundred characters of ordinary chat text, give or take a few words.";
    }

    private static void jsonLines(Path file, int records) throws Exception {
        Clock clock = Clock.systemUTC();
        try (ConversationLog log = ConversationLog.open(file, clock)) {
            long start = System.nanoTime();
            for (int i = 0; i < SINGLE; i++) {
                log.sent(ChatMessage.compose("alice", body(i), clock, log.nextSeq()));
                log.durable().get();
            }
            double single = (System.nanoTime() - start) / 1e3 / SINGLE;
            start = System.nanoTime();
            for (int b = 0; b < BURSTS; b++) {
                List<CompletableFuture<Void>> synced = new ArrayList<>(BURST);
                for (int i = 0; i < BURST; i++) {
                    log.sent(ChatMessage.compose("alice", body(i), clock, log.nextSeq()));
                    synced.add(log.durable());
                }
                CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).get();
            }
            double burst = (System.nanoTime() - start) / 1e3 / BURSTS;
            for (ChatMessage m : log.pending()) {
                log.delivered(m.id());
            }
            Instant t = Instant.parse("2026-12-01T10:00:00Z");
            for (int i = 0; i < records; i++) {
                log.sent(new ChatMessage("a" + i, "alice", t, body(i), log.nextSeq()));
                if (i % 1000 != 0) {
                    log.delivered("a" + i);
                }
            }
            report("JSON Lines, grouped fsync", single, burst);
        }
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            try (ConversationLog log = ConversationLog.open(file, clock)) {
                int outbox = log.pending().size();
                System.out.printf("  open %d: %.1f ms, outbox %d%n", round, (System.nanoTime() - start) / 1e6, outbox);
            }
        }
    }

    private static void sqlite(Path file, int records) throws Exception {
        String url = "jdbc:sqlite:" + file;
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE message (id TEXT PRIMARY KEY, direction TEXT NOT NULL, sender TEXT NOT NULL,"
                        + " sent_at TEXT NOT NULL, body TEXT NOT NULL, seq INTEGER NOT NULL, delivered_at TEXT)");
                s.execute("CREATE INDEX message_outbox ON message (seq) WHERE direction = 'sent' AND delivered_at IS NULL");
            }
            String insert = "INSERT INTO message (id, direction, sender, sent_at, body, seq) VALUES (?, 'sent', 'alice', ?, ?, ?)";
            long seq = 0;
            try (PreparedStatement p = c.prepareStatement(insert)) {
                long start = System.nanoTime();
                for (int i = 0; i < SINGLE; i++) {
                    bind(p, "s" + i, body(i), ++seq).executeUpdate(); // autocommit: one transaction, one sync
                }
                double single = (System.nanoTime() - start) / 1e3 / SINGLE;
                start = System.nanoTime();
                c.setAutoCommit(false);
                for (int b = 0; b < BURSTS; b++) {
                    for (int i = 0; i < BURST; i++) {
                        bind(p, "b" + b + "-" + i, body(i), ++seq).executeUpdate();
                    }
                    c.commit();
                }
                double burst = (System.nanoTime() - start) / 1e3 / BURSTS;
                try (Statement s = c.createStatement()) {
                    s.execute("UPDATE message SET delivered_at = 'x'");
                }
                for (int i = 0; i < records; i++) {
                    bind(p, "a" + i, body(i), ++seq).executeUpdate();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("UPDATE message SET delivered_at = 'x' WHERE id LIKE 'a%' AND seq % 1000 != 0");
                }
                c.commit();
                report("SQLite WAL, synchronous=FULL, a commit per burst", single, burst);
            }
        }
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT id, sender, sent_at, body, seq FROM message"
                            + " WHERE direction = 'sent' AND delivered_at IS NULL ORDER BY seq")) {
                int outbox = 0;
                while (rows.next()) {
                    outbox++;
                }
                System.out.printf("  open %d: %.1f ms, outbox %d%n", round, (System.nanoTime() - start) / 1e6, outbox);
            }
        }
    }

    private static PreparedStatement bind(PreparedStatement p, String id, String body, long seq) throws Exception {
        p.setString(1, id);
        p.setString(2, "2026-12-01T10:00:00Z");
        p.setString(3, body);
        p.setLong(4, seq);
        return p;
    }

    private static void report(String store, double single, double burst) {
        System.out.printf("%s: one message synced alone %.0f µs; a burst of %d synced together %.0f µs (%.1f µs a message)%n",
                store, single, BURST, burst, burst / BURST);
    }
}
