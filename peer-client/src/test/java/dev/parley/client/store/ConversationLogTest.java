package dev.parley.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.client.store.ConversationLog.Direction;
import dev.parley.client.store.ConversationLog.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationLogTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(ConversationLog.fileName("bob"));
    }

    private static ChatMessage mine(int i) {
        return new ChatMessage("a" + i, "alice", T0.plusSeconds(i), "hello " + i);
    }

    private static ChatMessage theirs(int i) {
        return new ChatMessage("b" + i, "bob", T0.plusSeconds(i), "hi " + i);
    }

    private static List<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }

    @Test
    void pendingMessagesSurviveReopening() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
            log.sent(mine(2));
            log.sent(mine(3));
            assertEquals(List.of("a1", "a2", "a3"), ids(log.pending()));
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of(mine(1), mine(2), mine(3)), log.pending(), "same messages, in send order");
            assertEquals(0, log.skippedLines());
        }
    }

    @Test
    void ackedMessageIsNoLongerPending() throws Exception {
        Instant at = T0.plusSeconds(60);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
            log.sent(mine(2));
            assertEquals(Optional.of(mine(1)), log.delivered("a1", at));
            assertEquals(List.of("a2"), ids(log.pending()));
            log.flush();
            long size = Files.size(file());
            assertEquals(Optional.empty(), log.delivered("a1", at), "already acknowledged");
            assertEquals(Optional.empty(), log.delivered("nope", at), "unknown");
            log.flush();
            assertEquals(size, Files.size(file()), "nothing recorded for an ack that changes nothing");
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("a2"), ids(log.pending()));
            assertEquals(Optional.of(mine(2)), log.delivered("a2"));
            assertEquals(List.of(), log.pending());
            assertEquals(CLOCK.instant(), log.last(1).get(0).deliveredAt(), "the clock's time when none is given");
        }
    }

    @Test
    void aMessageIsNotSentTwice() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
            assertThrows(IllegalArgumentException.class, () -> log.sent(mine(1)));
            assertEquals(1, log.pending().size());
        }
    }

    @Test
    void duplicateIdIsRejected() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertTrue(log.received(theirs(1), T0.plusSeconds(5)));
            log.flush();
            long size = Files.size(file());
            ChatMessage repeat = new ChatMessage("b1", "bob", T0.plusSeconds(9), "same id, other text");
            assertFalse(log.received(repeat, T0.plusSeconds(10)));
            log.flush();
            assertEquals(size, Files.size(file()), "a duplicate is not recorded");
            assertEquals(1, log.last(10).size());
        }
    }

    @Test
    void duplicateFilterSurvivesReopening() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.received(theirs(1), T0);
            log.received(theirs(2), T0);
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertFalse(log.received(theirs(1), T0));
            assertFalse(log.received(theirs(2), T0));
            assertTrue(log.received(theirs(3)));
        }
    }

    @Test
    void duplicateFilterRemembersTheMostRecentIds() throws Exception {
        int n = ConversationLog.RECENT_IDS + 1;
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int i = 0; i < n; i++) {
                assertTrue(log.received(theirs(i), T0));
            }
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertFalse(log.received(theirs(n - 1), T0));
            assertFalse(log.received(theirs(1), T0));
            assertTrue(log.received(theirs(0), T0), "the oldest id is forgotten past the bound");
        }
    }

    @Test
    void truncatedLastLineIsSkipped() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
            log.sent(mine(2));
        }
        // a crash while writing the next record
        Files.writeString(file(), "{\"kind\":\"sent\",\"id\":\"a3\",\"sender\":\"al", StandardOpenOption.APPEND);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(1, log.skippedLines());
            assertEquals(List.of("a1", "a2"), ids(log.pending()));
            log.sent(mine(4));
        }
        Files.delete(Checkpoint.fileOf(file())); // read the whole file again
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(1, log.skippedLines(), "the next record was not glued to the broken one");
            assertEquals(List.of("a1", "a2", "a4"), ids(log.pending()));
        }
    }

    @Test
    void unreadableLinesAreSkippedAndCounted() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
        }
        String bad = String.join("\n",
                "not json",
                "[1,2]",
                "{\"kind\":\"reaction\",\"id\":\"a1\"}",
                "{\"kind\":\"sent\",\"id\":\"has space\",\"sender\":\"alice\",\"sentAt\":\"2025-03-01T10:00:00Z\",\"body\":\"x\"}",
                "{\"kind\":\"delivered\",\"id\":\"a1\"}",
                "x".repeat(ConversationLog.MAX_LINE_BYTES + 10),
                "\u00ff\u00fe",
                "", "   ") + "\n";
        Files.write(file(), bad.getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(7, log.skippedLines(), "blank lines are not counted");
            assertEquals(List.of("a1"), ids(log.pending()));
            log.sent(mine(2));
            List<Entry> history = log.last(10);
            assertEquals(List.of("a1", "a2"), history.stream().map(e -> e.message().id()).toList());
        }
    }

    @Test
    void historyShowsLastNInOrderWithDeliveryTimes() throws Exception {
        Instant ack1 = T0.plusSeconds(100);
        Instant got2 = T0.plusSeconds(200);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(0));
            log.sent(mine(1));
            log.received(theirs(2), got2);
            log.delivered("a1", ack1);
            log.sent(mine(3));
            log.received(theirs(4), got2);

            List<Entry> last3 = log.last(3);
            assertEquals(List.of(
                    new Entry(theirs(2), Direction.RECEIVED, got2, null),
                    new Entry(mine(3), Direction.SENT, null, null),
                    new Entry(theirs(4), Direction.RECEIVED, got2, null)), last3);
            assertTrue(last3.get(1).pending());

            List<Entry> all = log.last(100);
            assertEquals(5, all.size());
            assertEquals(new Entry(mine(1), Direction.SENT, null, ack1), all.get(1));
            assertFalse(all.get(1).pending());
            assertEquals(new Entry(mine(0), Direction.SENT, null, null), all.get(0));
            assertEquals(List.of(), log.last(0));
            assertThrows(IllegalArgumentException.class, () -> log.last(-1));
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(ack1, log.last(5).get(1).deliveredAt(), "delivery times come back after reopening");
        }
    }

    @Test
    void historyOfALargeFileIsReadAcrossChunks() throws Exception {
        int n = 20_000; // about 2 MB: many 64 KiB chunks, lines cut at their edges
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int i = 0; i < n; i++) {
                log.sent(mine(i));
                if (i % 2 == 0) {
                    log.delivered("a" + i, T0.plusSeconds(i + 1));
                }
            }
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(n / 2, log.pending().size());
            List<Entry> last = log.last(n - 3);
            assertEquals(n - 3, last.size());
            for (int k = 0; k < last.size(); k++) {
                int i = k + 3;
                Entry e = last.get(k);
                assertEquals(mine(i), e.message());
                assertEquals(i % 2 == 0 ? T0.plusSeconds(i + 1) : null, e.deliveredAt());
            }
            assertEquals(n, log.last(n + 50).size());
        }
    }

    @Test
    void historyIsReadableAfterClosing() throws Exception {
        ConversationLog log = ConversationLog.open(file(), CLOCK);
        log.sent(mine(1));
        log.close();
        log.flush();
        assertEquals(1, log.last(5).size());
        assertThrows(java.io.IOException.class, () -> log.sent(mine(2)));
    }

    @Test
    void unicodeAndEscapesRoundTrip() throws Exception {
        ChatMessage emoji = new ChatMessage("u1", "alice", T0, "héllo 👋🏽 wörld — 日本語 \uD83D\uDE00");
        ChatMessage tricky = new ChatMessage("u2", "bob", T0.plusNanos(123_456_789),
                "line one\nline \"two\"\r\n\ttab \\ backslash {\"kind\":\"sent\"} \u0000\u2028end");
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(emoji);
            log.received(tricky, T0);
        }
        assertEquals(3, Files.readAllLines(file()).size(), "one record, one line (after the format line)");
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(0, log.skippedLines());
            assertEquals(List.of(emoji), log.pending());
            List<Entry> history = log.last(2);
            assertEquals(emoji, history.get(0).message());
            assertEquals(tricky, history.get(1).message());
        }
    }

    @Test
    void fileIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        }
        Path loose = dir.resolve("carol.jsonl");
        Files.writeString(loose, "");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-rw-r--"));
        try (ConversationLog log = ConversationLog.open(loose, CLOCK)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loose)),
                    "an existing file is narrowed to its owner");
        }
    }

    @Test
    void concurrentAppendsAreNotInterleaved() throws Exception {
        int threads = 4;
        int each = 5_000;
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                boolean sender = t % 2 == 0;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = base; i < base + each; i++) {
                        if (sender) {
                            log.sent(mine(i));
                            if (i % 3 == 0) {
                                log.delivered("a" + i, T0);
                            }
                        } else {
                            log.received(theirs(i), T0);
                        }
                        if (i % 1000 == 0) {
                            log.flush();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(0, log.skippedLines());
            List<Entry> all = log.last(threads * each);
            assertEquals(threads * each, all.size());
            Set<String> seen = new HashSet<>();
            all.forEach(e -> seen.add(e.message().id()));
            assertEquals(threads * each, seen.size());
            long pending = all.stream().filter(Entry::pending).count();
            assertEquals(pending, log.pending().size());
            long acked = java.util.stream.IntStream.range(0, threads * each)
                    .filter(i -> (i / each) % 2 == 0 && i % 3 == 0).count();
            assertEquals(2L * each - acked, pending);
            List<String> order = ids(log.pending());
            for (int t = 0; t < threads; t += 2) {
                int from = t * each;
                List<Integer> mineInOrder = order.stream().map(id -> Integer.parseInt(id.substring(1)))
                        .filter(i -> i >= from && i < from + each).toList();
                assertEquals(mineInOrder.stream().sorted().toList(), mineInOrder, "each thread's sends keep their order");
            }
        }
    }

    @Test
    void unsafePeerNameIsRefused() {
        for (String bad : new String[] {null, "", "..", "../bob", "bo/b", "bo\\b", ".hidden", "a\u0000b", "bob.jsonl/x",
                "x".repeat(100), "böb", "#room"}) {
            assertThrows(IllegalArgumentException.class, () -> ConversationLog.fileName(bad), String.valueOf(bad));
        }
        assertEquals("bob.jsonl", ConversationLog.fileName("bob"));
        assertEquals("bob.jsonl", ConversationLog.fileName("Bob"), "usernames are the same whatever their case");
        assertEquals("a.b_c-9.jsonl", ConversationLog.fileName("a.b_c-9"));
    }

    @Test
    void receivedMessagesAreNotPending() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.received(theirs(1), T0);
            assertEquals(List.of(), log.pending());
            assertEquals(Optional.empty(), log.delivered("b1", T0), "only our own messages are acknowledged");
            Entry e = log.last(1).get(0);
            assertNull(e.deliveredAt());
            assertFalse(e.pending());
        }
    }

    @Test
    void durableCompletesOnceTheRecordsAreSyncedAndABurstSharesSyncs() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            List<java.util.concurrent.CompletableFuture<Void>> synced = new ArrayList<>();
            for (int i = 1; i <= 500; i++) {
                log.sent(mine(i));
                synced.add(log.durable());
            }
            java.util.concurrent.CompletableFuture.allOf(synced.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(500, log.outboxAfter(0).size(), "every synced message of the outbox is there to be carried");
            assertTrue(log.durable().isDone(), "nothing appended since: nothing to wait for");
            // On the disk without close(): a crash now loses nothing that durable() promised.
            long lines = Files.readAllLines(file()).stream().filter(l -> l.contains("\"kind\":\"sent\"")).count();
            assertEquals(500, lines);
        }
    }

    /**
     * Two messages written, then each one's "sent" waits for the disk: the second must not be shown
     * sent before the first, although one sync covered both and the second asked after it was done.
     */
    @Test
    void aDurableAskedWhileAnEarlierOnesCallbacksRunCompletesAfterThem() throws Exception {
        Thread test = Thread.currentThread();
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int attempt = 0, seq = 1; attempt < 100; attempt++) {
                log.sent(mine(seq++));
                log.sent(mine(seq++));
                java.util.concurrent.CountDownLatch inCallback = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
                List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
                java.util.concurrent.CompletableFuture<Void> first = log.durable();
                first.whenComplete((v, e) -> {
                    if (Thread.currentThread() == test) {
                        return; // synced before the callback was added: it ran here; try again
                    }
                    inCallback.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    order.add("first");
                });
                if (!inCallback.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    continue;
                }
                // The sync covered both records and is done; its callbacks are still running.
                java.util.concurrent.CompletableFuture<Void> second = log.durable();
                assertFalse(second.isDone(), "completed before the first one's callbacks had run");
                java.util.concurrent.CompletableFuture<Void> shown = second.thenRun(() -> order.add("second"));
                release.countDown();
                shown.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(List.of("first", "second"), order);
                return;
            }
            throw new AssertionError("the sync finished before a callback could be added, 100 times");
        }
    }

    @Test
    void theOutboxAfterAPositionHoldsOnlyLaterSyncedMessagesInOrder() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
            log.sent(mine(2));
            log.sent(mine(3));
            log.durable().get(10, java.util.concurrent.TimeUnit.SECONDS);
            List<ConversationLog.Outgoing> all = log.outboxAfter(0);
            assertEquals(List.of("a1", "a2", "a3"), all.stream().map(o -> o.message().id()).toList());
            log.delivered("a2");
            assertEquals(List.of("a3"), log.outboxAfter(all.get(0).position()).stream().map(o -> o.message().id()).toList());
        }
    }

    @Test
    void sequenceNumbersAndTheOpenStateSurviveReopening() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(1, log.nextSeq());
            log.opened();
            log.sent(new ChatMessage("a1", "alice", T0, "one", log.nextSeq()));
            log.sent(new ChatMessage("a2", "alice", T0, "two", log.nextSeq()));
            log.received(new ChatMessage("b7", "bob", T0, "seven", 7));
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertTrue(log.isOpen());
            assertEquals(3, log.nextSeq());
            assertEquals(7, log.lastReceivedSeq());
            assertEquals(List.of(1L, 2L), log.pending().stream().map(ChatMessage::seq).toList());
            log.closed();
        }
        Files.delete(Checkpoint.fileOf(file()));
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertFalse(log.isOpen(), "the same state from the whole file as from the checkpoint");
            assertEquals(3, log.nextSeq());
        }
    }

    @Test
    void openingALongConversationReplaysOnlyWhatFollowsItsCheckpoint() throws Exception {
        int n = 3 * ConversationLog.CHECKPOINT_EVERY;
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int i = 1; i <= n; i++) {
                log.sent(mine(i));
                if (i != 17) {
                    log.delivered("a" + i);
                }
            }
        }
        // Spoil a line early in the file: a replay from the start would trip over it and count it.
        String text = Files.readString(file());
        int at = text.indexOf("\"id\":\"a5\"");
        Files.writeString(file(), text.substring(0, at) + "\"id\":#a5\"" + text.substring(at + 9));
        assertEquals(text.length(), Files.readString(file()).length());
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(0, log.skippedLines(), "the lines before the checkpoint were not read again");
            assertEquals(List.of("a17"), ids(log.pending()));
            log.sent(mine(n + 1));
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("a17", "a" + (n + 1)), ids(log.pending()));
            assertFalse(log.received(new ChatMessage("b1", "bob", T0, "x")) && log.received(new ChatMessage("b1", "bob", T0, "x")));
        }
    }

    @Test
    void theCheckpointIsOwnerOnlyLikeItsConversation() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int i = 1; i <= 2 * ConversationLog.CHECKPOINT_EVERY; i++) {
                log.sent(mine(i));
            }
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(2 * ConversationLog.CHECKPOINT_EVERY, log.pending().size());
        }
        try (var files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertTrue(all.size() >= 2, "a checkpoint beside the conversation: " + all);
            for (Path f : all) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void aCheckpointThatDoesNotMatchItsFileIsIgnored() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
        }
        Path saved = dir.resolve("saved.state");
        Files.copy(Checkpoint.fileOf(file()), saved);
        Files.delete(file());
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(2)); // another conversation in the same place
        }
        Files.copy(saved, Checkpoint.fileOf(file()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("a2"), ids(log.pending()), "the file's own content, not the stale checkpoint's");
        }
    }

    @Test
    void messagesStoredButNeverShownAreFoundAfterReopening() throws Exception {
        List<ChatMessage> five = new ArrayList<>();
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int i = 1; i <= 5; i++) {
                five.add(new ChatMessage("b" + i, "bob", T0.plusSeconds(i), "hi " + i, i));
                log.received(five.getLast());
            }
            log.shown(five.get(0)); // the client stopped after showing two of the five
            log.shown(five.get(1));
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(2, log.lastShownSeq());
            assertEquals(3, log.unshownCount());
            assertFalse(log.storedUnshown(five.get(1)), "shown before the stop");
            assertTrue(log.storedUnshown(five.get(2)));
            assertEquals(List.of("b3", "b4", "b5"), ids(log.unshown()));
            for (ChatMessage m : five.subList(2, 5)) {
                log.shown(m);
            }
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of(), log.unshown(), "all shown now");
        }
    }

    /**
     * Two logs writing one file (which Conversations does not let happen): the one that closes last
     * saves no checkpoint at its own count of the file's length, which would point into the other's
     * line and lose it at the next open.
     */
    @Test
    void aLogSavesNoCheckpointAtALengthAnotherWriterHasMoved() throws Exception {
        ConversationLog ours = ConversationLog.open(file(), CLOCK);
        try (ConversationLog other = ConversationLog.open(file(), CLOCK)) {
            other.received(new ChatMessage("b1", "bob", T0, "a long message from bob ".repeat(20), 1));
        }
        ours.sent(new ChatMessage("a1", "alice", T0, "short", 1));
        ours.close();
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(1, log.unshownCount(), "bob's message, written by the other log, is still there");
            assertEquals(List.of("a1"), ids(log.pending()));
        }
    }

    /** What decides whether a repeat is shown: the sync after its first arrival may have failed before it was. */
    @Test
    void aRepeatOfAMessageStoredAndNotShownIsStillUnshownAndOneShownIsNot() throws Exception {
        ChatMessage m = new ChatMessage("b1", "bob", T0, "hi", 1);
        ChatMessage unnumbered = new ChatMessage("b0", "bob", T0, "from an older client", 0);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertTrue(log.received(m));
            assertTrue(log.received(unnumbered));
            assertFalse(log.received(m), "a repeat is not stored again");
            assertTrue(log.storedUnshown(m), "but it is still to be shown");
            assertFalse(log.storedUnshown(unnumbered), "a message without a number is not followed");
            log.shown(m);
            assertFalse(log.storedUnshown(m));
        }
    }

    @Test
    void messagesOfASenderWhoCountsAfreshAreFoundUnshownThroughACheckpointToo() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            for (int i = 1; i <= 5; i++) {
                ChatMessage m = new ChatMessage("b" + i, "bob", T0.plusSeconds(i), "hi " + i, i);
                log.received(m);
                log.shown(m);
            }
            // bob's new device numbers from 1 again; the client stops before showing these two
            log.received(new ChatMessage("n1", "bob", T0.plusSeconds(60), "new phone", 1));
            log.received(new ChatMessage("n2", "bob", T0.plusSeconds(61), "who dis", 2));
        }
        assertTrue(Files.exists(Checkpoint.fileOf(file())), "closing saved a checkpoint");
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("n1", "n2"), ids(log.unshown()), "read from the checkpoint");
        }
        Files.delete(Checkpoint.fileOf(file()));
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("n1", "n2"), ids(log.unshown()), "read by replaying the whole file");
            log.shownAll(); // /reject
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(0, log.unshownCount());
            assertEquals(5, log.lastShownSeq());
        }
    }

    @Test
    void aRoomsHistoryFollowsNoShownMarks() throws Exception {
        try (ConversationLog log = ConversationLog.openHistory(file(), CLOCK)) {
            log.received(new ChatMessage("r1", "bob", T0, "hello room"));
            assertEquals(0, log.unshownCount());
        }
        assertEquals(1, Files.readAllLines(file()).size(), "the message alone, no format line: " + Files.readString(file()));
    }

    @Test
    void anUnshownMessageWhoseLineCannotBeReadWholeIsMarkedAndNotLookedForAgain() throws Exception {
        Files.writeString(file(), """
                {"kind":"format","shown":"id"}
                {"kind":"received","id":"x1","sender":"bob","sentAt":"not a time","receivedAt":"2026-12-06T12:00:01Z","body":"one","seq":1}
                {"kind":"received","id":"b2","sender":"bob","sentAt":"2026-12-06T12:00:02Z","receivedAt":"2026-12-06T12:00:02Z","body":"two","seq":2}
                """);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(2, log.unshownCount(), "both are counted by id and number");
            assertEquals(List.of("b2"), ids(log.unshown()), "only b2 can be shown");
            assertEquals(1, log.unshownCount());
        }
        Files.delete(Checkpoint.fileOf(file()));
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(1, log.unshownCount(), "x1's mark is in the file");
        }
    }

    @Test
    void aFileOfAnOlderVersionCountsAsShownWhatThatVersionShowedAndTheNextMessagesAreFollowedById() throws Exception {
        Files.writeString(file(), """
                {"kind":"received","id":"b1","sender":"bob","sentAt":"2026-12-06T12:00:01Z","receivedAt":"2026-12-06T12:00:01Z","body":"one","seq":1}
                {"kind":"received","id":"b2","sender":"bob","sentAt":"2026-12-06T12:00:02Z","receivedAt":"2026-12-06T12:00:02Z","body":"two","seq":2}
                {"kind":"received","id":"b3","sender":"bob","sentAt":"2026-12-06T12:00:03Z","receivedAt":"2026-12-06T12:00:03Z","body":"three","seq":3}
                {"kind":"shown","seq":2}
                {"kind":"received","id":"n1","sender":"bob","sentAt":"2026-12-06T12:01:00Z","receivedAt":"2026-12-06T12:01:00Z","body":"afresh","seq":1}
                """);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            // That version showed n1 without a mark (numbered below the 2 it had shown): not again.
            assertEquals(List.of("b3"), ids(log.unshown()));
        }
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("b3"), ids(log.unshown()), "the same from the checkpoint the last close saved");
            log.received(new ChatMessage("n2", "bob", Instant.parse("2026-12-06T12:02:00Z"), "afresh, two", 2));
        }
        assertTrue(Files.readString(file()).contains("{\"kind\":\"format\",\"shown\":\"id\"}\n{\"kind\":\"received\",\"id\":\"n2\""),
                "this version says so before its first record");
        for (boolean withCheckpoint : new boolean[] {true, false}) {
            if (!withCheckpoint) {
                Files.delete(Checkpoint.fileOf(file()));
            }
            try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
                assertEquals(List.of("b3", "n2"), ids(log.unshown()), "n2 came after the format line: followed by id");
            }
        }
    }

    @Test
    void aLogOpenedOnlyToBeReadIsClosedWithoutWritingAnything() throws Exception {
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            log.sent(mine(1));
        }
        Path state = Checkpoint.fileOf(file());
        java.nio.file.attribute.FileTime saved = Files.getLastModifiedTime(state);
        byte[] before = Files.readAllBytes(file());
        Thread.sleep(20);
        try (ConversationLog log = ConversationLog.open(file(), CLOCK)) {
            assertEquals(List.of("a1"), ids(log.pending()));
        }
        assertEquals(saved, Files.getLastModifiedTime(state), "no new checkpoint for a log nobody wrote to");
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(file())));
    }
}
