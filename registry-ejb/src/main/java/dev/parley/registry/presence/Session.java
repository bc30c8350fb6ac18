package dev.parley.registry.presence;

import java.time.Instant;
import java.util.Set;

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
    private final Integer peerPort;
    private final byte[] keepaliveKey;
    private final String resumeToken;
    private final Instant since;
    private final long startedNanos;
    private long lastCounter;
    private long deadlineNanos;
    /** When the last UDP keepalive was accepted; 0 before the first. */
    private long lastDatagramNanos;
    /** The client was told its UDP keepalives do not arrive, and none has arrived since. */
    private boolean datagramsReportedMissing;
    private boolean attached = true;
    /** Lower-case names this session watches; replaced whole, guarded by the PresenceService. */
    private volatile Set<String> watching = Set.of();

    Session(String id, String username, String identityKey, String address, Integer peerPort, byte[] keepaliveKey,
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
        this.startedNanos = System.nanoTime();
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

    /** Where its peer listener is, or null for a client that has none (a browser): it is reached through the registry. */
    public Integer peerPort() {
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
        lastDatagramNanos = System.nanoTime();
        datagramsReportedMissing = false;
        return true;
    }

    /** A keepalive over the TLS link (the fallback when UDP is blocked): moves the deadline, not the UDP record. */
    synchronized void keptAliveOverLink(long newDeadlineNanos) {
        if (attached) {
            deadlineNanos = Math.max(deadlineNanos, newDeadlineNanos);
        }
    }

    /** True if a UDP keepalive was accepted within {@code windowNanos} before {@code now}. */
    synchronized boolean datagramsArriving(long now, long windowNanos) {
        return lastDatagramNanos != 0 && now - lastDatagramNanos < windowNanos;
    }

    /**
     * How long this online session's UDP keepalives have been silent (since login when none came),
     * if that is at least {@code limitNanos} and the client has not been told yet; marks it told and
     * gives the client {@code graceNanos} from now to keep the session alive another way. Otherwise -1.
     * A session without a peer port (a browser) never sends datagrams, only KEEPALIVE over its link,
     * so there is nothing to tell it.
     */
    synchronized long reportMissingDatagrams(long now, long limitNanos, long graceNanos) {
        if (!attached || datagramsReportedMissing || peerPort == null) {
            return -1;
        }
        long silent = now - (lastDatagramNanos == 0 ? startedNanos : lastDatagramNanos);
        if (silent < limitNanos) {
            return -1;
        }
        datagramsReportedMissing = true;
        deadlineNanos = Math.max(deadlineNanos, now + graceNanos);
        return silent;
    }

    synchronized long deadlineNanos() {
        return deadlineNanos;
    }

    /** Online means logged in with a live link; a detached session is offline and only waits to be resumed. */
    public synchronized boolean isAttached() {
        return attached;
    }

    Set<String> watching() {
        return watching;
    }

    void watching(Set<String> names) {
        watching = Set.copyOf(names);
    }

    synchronized void detach(long resumableUntilNanos) {
        attached = false;
        deadlineNanos = resumableUntilNanos;
    }
}
