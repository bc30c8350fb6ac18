package dev.parley.client.testing;

import dev.parley.client.chat.Buffers;
import dev.parley.client.chat.Conversations;
import dev.parley.client.chat.PeerRouter;
import dev.parley.client.chat.Rooms;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityCheck;
import dev.parley.client.identity.KnownPeers;
import dev.parley.client.peer.PeerDirectory;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.ChatNotices;
import dev.parley.client.render.Replies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user's peer side, in-process: identity, peer node on a loopback port, conversations, and
 * a screen that records what the user would see. Users find each other through a shared
 * {@link Directory} standing in for the registry.
 */
public final class TestPeer implements AutoCloseable {
    /** The registry's view for these tests: who is online where, with which key. */
    public static final class Directory implements PeerDirectory {
        private final Map<String, UserPresence> users = new ConcurrentHashMap<>();

        @Override
        public Optional<UserPresence> lookup(String username) {
            return Optional.ofNullable(users.get(username.toLowerCase(java.util.Locale.ROOT)));
        }

        public void put(UserPresence user) {
            users.put(user.username().toLowerCase(java.util.Locale.ROOT), user);
        }

        public void offline(String username) {
            users.computeIfPresent(username.toLowerCase(java.util.Locale.ROOT),
                    (k, u) -> new UserPresence(u.username(), false, "", 0, u.identityKey()));
        }
    }

    public final String name;
    public final Identity identity;
    public final RecordingScreen screen = new RecordingScreen();
    public final Buffers buffers = new Buffers();
    public final Conversations conversations;
    public final Rooms rooms;
    public final PeerNode node;
    public final Path folder;
    public final int port;

    public TestPeer(String name, Path home, Directory directory) {
        this(name, home, directory, Identity.create(name));
    }

    public TestPeer(String name, Path home, Directory directory, Identity identity) {
        this(name, home, directory, identity, null);
    }

    /** With rooms kept by {@code roomRegistry} (null: every room request fails). */
    public TestPeer(String name, Path home, Directory directory, Identity identity, FakeRoomRegistry roomRegistry) {
        try {
            this.name = name;
            this.identity = identity;
            this.folder = Files.createDirectories(home.resolve(name));
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            this.port = listener.getLocalPort();
            ChatNotices notices = new ChatNotices(screen, Clock.systemDefaultZone());
            this.conversations = new Conversations(name, Files.createDirectories(folder.resolve("conversations")), buffers,
                    notices, Clock.systemDefaultZone(), true);
            this.rooms = new Rooms(name, Files.createDirectories(folder.resolve("rooms")),
                    roomRegistry == null ? new RefusingRoomRegistry("no registry in this test") : roomRegistry.as(name),
                    buffers, notices, Clock.systemDefaultZone(), true);
            this.node = new PeerNode(identity, listener, directory,
                    new IdentityCheck(new KnownPeers(folder.resolve("known_peers"))), new PeerRouter(conversations, rooms),
                    new PeerNode.Observer() {
                        @Override
                        public void refusedLink(String claimed, String from, String reason) {
                            warn(Replies.refusedPeerLink(claimed, from, reason));
                        }

                        @Override
                        public void flooded(String from) {
                            warn(Replies.peerPortFlooded(from));
                        }
                    });
            conversations.attach(node);
            rooms.attach(node);
            if (roomRegistry != null) {
                roomRegistry.online(this);
            }
            node.start();
            directory.put(presence());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void warn(String text) {
        screen.show(dev.parley.client.render.Notice.of(dev.parley.client.render.NoticeKind.WARNING, text));
    }

    /** Lets this user's messages go through {@code mailbox} when no direct link can be made; fetches what waits. */
    public void useMail(FakeMailbox mailbox) {
        mailbox.online(name, conversations);
        conversations.attachMail(identity, mailbox.as(name), new IdentityCheck(new KnownPeers(folder.resolve("known_peers"))),
                rooms);
    }

    /** What the registry would say about this user while logged in. */
    public UserPresence presence() {
        return new UserPresence(name, true, "127.0.0.1", port, Optional.of(identity.publicKeyText()));
    }

    @Override
    public void close() {
        conversations.close();
        rooms.close();
        node.close();
    }
}
