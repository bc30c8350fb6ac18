package dev.parley.registry.presence;

import java.time.Instant;

/**
 * One logged-in client: who, where its peer listener is, and the keepalive state. The id and key
 * are secrets shared only with that client (over TLS); the token lets the same client resume.
 * The account's identity public key rides along so finding an online user needs no database.
 */
public final class Session {
    private final String id;
    private final String username;
    private final String identityKey;
    private final String address;
    private final int peerPort;
    private final byte[] keepaliveKey;
    private final String resumeToken;
    private final Instant since;
    private long lastCounter;
    private long deadlineNanos;
    private boolean attached = true;

    Session(String id, String username, String identityKey, String address, int peerPort, byte[] keepaliveKey,
            String resumeToken, Instant since, long deadlineNanos) {
        this.id = id;
        this.username = username;
        this.identityKey = identityKey;
        this.address = address;
        this.peerPort = peerPort;
        this.keepaliveKey = keepaliveKey;
        this.resumeToken = resumeToken;
        this.since = since;
        this.deadlineNanos = deadlineNanos;
    }

    public String id() {
        return id;
    }

    public String username() {
        return username;
    }

    /** The account's identity public key as it was at login (canonical base64), or null if it has none. */
    public String identityKey() {
        return identityKey;
    }

    public String address() {
        return address;
    }

    public int peerPort() {
        return peerPort;
    }

    public byte[] keepaliveKey() {
        return keepaliveKey.clone();
    }

    byte[] keepaliveKeyRaw() {
        return keepaliveKey;
    }

    public String resumeToken() {
        return resumeToken;
    }

    public Instant since() {
        return since;
    }

    /** Accepts a keepalive counter if it is newer than the last; moves the deadline. */
    synchronized boolean advance(long counter, long newDeadlineNanos) {
        if (counter <= lastCounter) {
            return false;
        }
        lastCounter = counter;
        deadlineNanos = newDeadlineNanos;
        return true;
    }

    synchronized long deadlineNanos() {
        return deadlineNanos;
    }

    /** Online means logged in with a live link; a detached session is offline and only waits to be resumed. */
    public synchronized boolean isAttached() {
        return attached;
    }

    synchronized void detach(long resumableUntilNanos) {
        attached = false;
        deadlineNanos = resumableUntilNanos;
    }
}
