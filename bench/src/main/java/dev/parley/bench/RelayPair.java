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
import dev.parley.client.registry.DeviceKey;
import dev.parley.client.registry.PeerListener;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.ChatNotices;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.protocol.Frame;
import dev.parley.protocol.registry.RegistryEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Alice and bob as two whole clients in this process, logged in to a running registry, whose
 * messages go through it: each is a {@link RegistrySession} with the peer side and the mail wired
 * onto it as {@code app.ChatClient} wires them. Bob listens for peers on 127.0.0.2 only, as a
 * client behind a firewall or NAT would be out of reach, so alice's {@code /chat bob} finds no
 * direct link and the conversation is relayed: sealed, deposited, passed on to bob, stored on his
 * disk and acknowledged, the receipt passed back.
 */
final class RelayPair implements AutoCloseable {

    /** One user's client: registry session, conversations, rooms and peer node. */
    static final class Client {
        final String name;
        final RegistrySession session;
        final PeerPair.CountingScreen screen;
        final Conversations conversations;
        final Rooms rooms;
        final PeerNode node;

        Client(BenchClient bench, String name, Path home, InetAddress peerBind) throws IOException, RegistryException {
            this.name = name;
            Identity identity = Identity.create(name);
            Path folder = Files.createDirectories(home.resolve(name));
            this.screen = new PeerPair.CountingScreen(name);
            this.session = bench.session();
            if (peerBind != null) {
                session.listenForPeersOn(peerBind);
            }
            char[] password = BenchClient.PASSWORD.toCharArray();
            session.register(name, password, identity.publicKeyText());
            session.login(name, password, new DeviceKey(identity.publicKeyText(), identity.privateKey()));
            PeerListener listener = session.peerListener().orElseThrow();
            // Wired as app.ChatClient.startPeers does.
            Buffers buffers = new Buffers();
            Clock clock = Clock.systemDefaultZone();
            ChatNotices notices = new ChatNotices(screen, clock);
            this.conversations = new Conversations(name, Files.createDirectories(folder.resolve("conversations")),
                    buffers, notices, clock, true);
            this.rooms = new Rooms(name, Files.createDirectories(folder.resolve("rooms")), session, buffers, notices,
                    clock, true);
            IdentityCheck keys = new IdentityCheck(new KnownPeers(folder.resolve("known_peers")));
            this.node = new PeerNode(identity, listener.socket(), session::search, keys,
                    new PeerRouter(conversations, rooms), (claimed, from, reason) -> screen.show(
                            Notice.of(NoticeKind.WARNING, "refused a link from " + from + ": " + reason)));
            conversations.attach(node);
            rooms.attach(node);
            conversations.flushAlso(rooms::flush);
            session.onEvent(event -> {
                switch (event) {
                    case RegistryEvent.Mail mail -> conversations.mailArrived(mail.envelope());
                    case RegistryEvent.Receipt receipt -> conversations.receiptArrived(receipt.receipt());
                    default -> rooms.registryEvent(event);
                }
            });
            node.start();
            conversations.resumeWaiting();
            conversations.attachMail(identity, session, keys, rooms);
        }

        void close() {
            conversations.close();
            rooms.close();
            node.close();
            session.close();
        }
    }

    final Client alice;
    final Client bob;

    private RelayPair(Client alice, Client bob) {
        this.alice = alice;
        this.bob = bob;
    }

    /**
     * Logs alice and bob (names made unique with {@code prefix}) in and opens alice's conversation
     * with bob: no direct link reaches bob, so it opens through the registry at once.
     */
    static RelayPair open(BenchClient bench, String prefix, Path home) throws Exception {
        Client bob = new Client(bench, prefix + "bob", home, InetAddress.getByName("127.0.0.2"));
        Client alice = new Client(bench, prefix + "alice", home, null);
        RelayPair pair = new RelayPair(alice, bob);
        alice.conversations.chat(bob.name);
        // "(away)": open, with no direct link
        within10s(() -> alice.conversations.describe().contains("*" + bob.name + " (away)"),
                () -> "alice's conversation with bob did not open: " + alice.conversations.describe() + "; "
                        + alice.screen.lastProblem);
        // bob's client keeps mail from someone he has no conversation with until he accepts: he does, as a person would.
        pair.send("hello").get(10, TimeUnit.SECONDS);
        within10s(() -> bob.conversations.hasRequestFrom(alice.name),
                () -> "bob was not asked by alice's mail: " + bob.conversations.describe());
        bob.conversations.accept(alice.name);
        return pair;
    }

    private static void within10s(BooleanSupplier done, Supplier<String> otherwise)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(otherwise.get());
            }
            Thread.sleep(10);
        }
    }

    /** Alice sends {@code body} to bob; completes with the receipt that came back through the registry. */
    CompletableFuture<Frame> send(String body) throws ClientException {
        return alice.conversations.sendTo(bob.name, body);
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }
}
