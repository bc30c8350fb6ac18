package dev.parley.bench;

import dev.parley.client.store.ChatMessage;
import dev.parley.client.store.ConversationLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The client's store: how long opening a conversation of N records takes with its checkpoint and
 * without it (the whole file replayed, as before checkpoints), and what a synced append costs alone
 * and in bursts (group commit).
 */
final class HistoryBench {
    private HistoryBench() {
    }

    static void run(int records) throws Exception {
        Path dir = Files.createTempDirectory("parley-history-bench");
        try {
            Path file = dir.resolve(ConversationLog.fileName("bob"));
            Clock clock = Clock.systemUTC();
            Instant t = Instant.parse("2026-12-01T10:00:00Z");
            try (ConversationLog log = ConversationLog.open(file, clock)) {
                for (int i = 0; i < records; i++) {
                    String body = "message " + i + " with a hundred characters of ordinary chat text, give or take a few words.";
                    if (i % 2 == 0) {
                        log.sent(new ChatMessage("a" + i, "alice", t, body, i / 2 + 1));
                        log.delivered("a" + i);
                    } else {
                        log.received(new ChatMessage("b" + i, "bob", t, body, i / 2 + 1));
                    }
                }
            }
            System.out.printf("file: %,d records (sent+delivered and received lines: %,d), %,d bytes%n", records,
                    Files.readAllLines(file).size(), Files.size(file));
            Path state = file.resolveSibling(file.getFileName() + ".state");
            Path saved = dir.resolve("saved.state");
            Files.copy(state, saved);
            for (int round = 0; round < 5; round++) {
                Files.deleteIfExists(state);
                long whole = timeOpen(file, clock);
                Files.copy(saved, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                long checkpointed = timeOpen(file, clock);
                Files.copy(saved, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.printf("round %d: open replaying the whole file %,.1f ms; open from the checkpoint %,.1f ms%n",
                        round + 1, whole / 1e6, checkpointed / 1e6);
            }
            syncs(dir.resolve(ConversationLog.fileName("carol")), clock);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long timeOpen(Path file, Clock clock) throws Exception {
        long start = System.nanoTime();
        try (ConversationLog log = ConversationLog.open(file, clock)) {
            long took = System.nanoTime() - start;
            if (log.pending().size() != 0) {
                throw new AssertionError("the outbox should be empty");
            }
            return took;
        }
    }

    /** One message at a time (each waits for its sync), then bursts of 200 appended before waiting. */
    private static void syncs(Path file, Clock clock) throws Exception {
        try (ConversationLog log = ConversationLog.open(file, clock)) {
            int single = 300;
            long start = System.nanoTime();
            for (int i = 0; i < single; i++) {
                log.sent(ChatMessage.compose("alice", "one at a time " + i, clock, log.nextSeq()));
                log.durable().get();
            }
            double perSync = (System.nanoTime() - start) / 1e3 / single;
            int bursts = 50;
            int burst = 200;
            start = System.nanoTime();
            for (int b = 0; b < bursts; b++) {
                List<CompletableFuture<Void>> synced = new ArrayList<>(burst);
                for (int i = 0; i < burst; i++) {
                    log.sent(ChatMessage.compose("alice", "burst " + b + " line " + i, clock, log.nextSeq()));
                    synced.add(log.durable());
                }
                CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).get();
            }
            double perBurst = (System.nanoTime() - start) / 1e3 / bursts;
            System.out.printf("synced append one at a time: %.0f µs each; a burst of %d appended then synced: %.0f µs"
                    + " per burst (%.1f µs a message)%n", perSync, burst, perBurst, perBurst / burst);
        }
    }
}
