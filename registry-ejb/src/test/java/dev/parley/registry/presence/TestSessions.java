package dev.parley.registry.presence;

import java.time.Instant;

/** Sessions for tests outside this package, which cannot make one (only logging in does). */
public final class TestSessions {
    private TestSessions() {
    }

    public static Session online(String username, String identityKey, String address, int peerPort) {
        return new Session("s-" + username, username, identityKey, address, peerPort, new byte[32], "resume",
                Instant.now(), Long.MAX_VALUE);
    }
}
