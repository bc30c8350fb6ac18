package dev.parley.bench;

import dev.parley.client.ClientException;
import dev.parley.client.chat.Buffers;
import dev.parley.client.chat.Conversations;
import dev.parley.client.chat.PeerRouter;
import dev.parley.client.chat.Rooms;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityCheck;
import dev.parley.client.identity.KnownPeers;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.registry.RoomRegistry;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.ChatNotices;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Screen;
import dev.parley.client.store.ConversationLog;
import dev.parley.client.testing.RefusingRoomRegistry;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Names;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Two users, alice and bob, in this process, each with the real client's peer side: an identity
 * key, a {@link PeerNode} on a loopback port, {@link Conversations} writing its history under a
 * folder of its own, and a screen that counts what the user would see. A map stands in for the
 * registry. {@link #open} starts the conversation as users do: alice asks, bob accepts.
 */
final class PeerPair implements AutoCloseable {
    private static final JsonProvider JSON = JsonProvider.provider();

    /** A screen that shows nothing but counts the chat lines from the other user, receipts and problems. */
    static class CountingScreen implements Screen {
        private final String me;
        final LongAdder messagesShown = new LongAdder();
        final LongAdder receiptsShown = new LongAdder();
        final LongAdder problems = new LongAdder();
        volatile String lastProblem;

        CountingScreen(String me) {
            this.me = me;
        }

        @Override
        public void show(Notice notice) {
            switch (notice.kind()) {
                case CHAT -> {
                    if (notice.chat() != null && !notice.chat().sender().equalsIgnoreCase(me)) {
                        messagesShown.increment();
                    }
                }
                case RECEIPT -> receiptsShown.increment();
                case ERROR, WARNING -> {
                    problems.increment();
                    lastProblem = notice.text();
                }
                default -> {
                }
            }
            noticed(notice);
        }

        /** Every notice, after it was counted; for screens that look closer. */
        void noticed(Notice notice) {
        }
    }

    /** One user's client, peer side only. */
    static final class User {
        final String name;
        final Identity identity;
        final Path folder;
        final CountingScreen screen;
        final Conversations conversations;
        final Rooms rooms;
        final PeerNode node;
        final int port;

        User(String name, Path home, Map<String, UserPresence> directory) throws IOException {
            this(name, home, directory, new RefusingRoomRegistry("no registry in this benchmark"),
                    new CountingScreen(name));
        }

        /** With rooms kept by {@code roomRegistry} and this screen. */
        User(String name, Path home, Map<String, UserPresence> directory, RoomRegistry roomRegistry,
                CountingScreen screen) throws IOException {
            this.name = name;
            this.identity = Identity.create(name);
            this.folder = Files.createDirectories(home.resolve(name));
            this.screen = screen;
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.port = listener.getLocalPort();
            // Wired as app.ChatClient.startPeers does.
            Buffers buffers = new Buffers();
            Clock clock = Clock.systemDefaultZone();
            ChatNotices notices = new ChatNotices(screen, clock);
            this.conversations = new Conversations(name, Files.createDirectories(folder.resolve("conversations")),
                    buffers, notices, clock, true);
            this.rooms = new Rooms(name, Files.createDirectories(folder.resolve("rooms")), roomRegistry, buffers, notices,
                    clock, true);
            this.node = new PeerNode(identity, listener,
                    who -> Optional.ofNullable(directory.get(Names.key(who))),
                    new IdentityCheck(new KnownPeers(folder.resolve("known_peers"))), new PeerRouter(conversations, rooms),
                    (claimed, from, reason) -> screen.show(Notice.of(NoticeKind.WARNING,
                            "refused a link from " + from + ": " + reason)));
            conversations.attach(node);
            rooms.attach(node);
            node.start();
            directory.put(name, new UserPresence(name, true, "127.0.0.1", port, Optional.of(identity.publicKeyText())));
        }

        /** The user's history file of the conversation with {@code peer}. */
        Path log(String peer) {
            return folder.resolve("conversations").resolve(ConversationLog.fileName(peer));
        }

        void close() {
            conversations.close();
            rooms.close();
            node.close();
        }
    }

    final User alice;
    final User bob;

    private PeerPair(User alice, User bob) {
        this.alice = alice;
        this.bob = bob;
    }

    /** Makes both users under {@code home} and opens their conversation: alice asks, bob accepts. */
    static PeerPair open(Path home) throws IOException, ClientException, InterruptedException {
        Map<String, UserPresence> directory = new ConcurrentHashMap<>();
        PeerPair pair = new PeerPair(new User("alice", home, directory), new User("bob", home, directory));
        pair.alice.conversations.chat("bob");
        await(() -> pair.bob.conversations.describe().contains("alice (asks to chat)"), "bob to see alice's request");
        pair.bob.conversations.accept("alice");
        await(() -> pair.alice.conversations.describe().contains("*bob"), "alice's conversation with bob to open");
        return pair;
    }

    /** Alice sends {@code body} to bob; completes with bob's receipt. */
    CompletableFuture<Frame> send(String body) throws ClientException {
        return alice.conversations.sendTo("bob", body);
    }

    /** Closes both users (which flushes and closes their history files). */
    @Override
    public void close() {
        alice.close();
        bob.close();
    }

    /** What the history files say after {@link #close()}. */
    record Logs(long sent, long delivered, long received, long distinctReceived) {
    }

    /** Reads alice's and bob's history files: messages sent and acknowledged, received and how many distinct. */
    Logs logs() throws IOException {
        long[] sentAndDelivered = new long[2];
        forEachRecord(alice.log("bob"), o -> {
            switch (o.getString("kind")) {
                case "sent" -> sentAndDelivered[0]++;
                case "delivered" -> sentAndDelivered[1]++;
                default -> {
                }
            }
        });
        long[] received = new long[1];
        Set<String> ids = new HashSet<>();
        forEachRecord(bob.log("alice"), o -> {
            if (o.getString("kind").equals("received")) {
                received[0]++;
                ids.add(o.getString("id"));
            }
        });
        return new Logs(sentAndDelivered[0], sentAndDelivered[1], received[0], ids.size());
    }

    private static void forEachRecord(Path file, java.util.function.Consumer<JsonObject> visitor) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    try (var reader = JSON.createReader(new StringReader(line))) {
                        visitor.accept(reader.readObject());
                    }
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
