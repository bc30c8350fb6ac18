package dev.parley.client.chat;

import dev.parley.client.identity.Identity;
import dev.parley.client.testing.FakeRoomRegistry;
import dev.parley.client.testing.TestPeer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the room tests share: real peer nodes on loopback, the registry's bookkeeping an in-process fake. */
abstract class RoomPeersTest {
    @TempDir
    Path home;
    final TestPeer.Directory directory = new TestPeer.Directory();
    final FakeRoomRegistry registry = new FakeRoomRegistry();
    private final List<TestPeer> peers = new ArrayList<>();

    @AfterEach
    void stopPeers() {
        peers.forEach(TestPeer::close);
    }

    /** A user's client, closed after the test. */
    TestPeer peer(String name) {
        TestPeer p = new TestPeer(name, home, directory, Identity.create(name), registry);
        peers.add(p);
        return p;
    }
}
