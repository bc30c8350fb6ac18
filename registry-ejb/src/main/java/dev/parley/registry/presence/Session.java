package dev.parley.registry.presence;

import dev.parley.registry.cluster.SessionCard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;

/**
 * One logged-in client: who, where its peer listener is, and the keepalive state. The id and key
 * are secrets shared only with that client (over TLS); the token lets the same client resume.
 * The account's identity public key rides along so finding an online user needs no database.
 *
 * <p>A session another registry node serves is known here from its {@link SessionCard}: it has a
 * {@link #node()}, no keepalive key, and of its resume token only the hash.
 */
public final class Session {
    /** Never, in {@link System#nanoTime()} terms: a session served elsewhere expires there. */
    private static final long FAR_AWAY_NANOS = Long.MAX_VALUE / 4;

    private final String node;
    /** Served by a node that left the cluster: waits to be resumed on any node, until its deadline. */
    private final boolean orphan;
    private final String id;
    private final String username;
    private final String identityKey;
    private final String address;
    private final Integer peerPort;
    private final byte[] keepaliveKey;
    private final String resumeToken;
    private final byte[] resumeTokenHash;
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
        this(null, false, id, username, identityKey, address, peerPort, keepaliveKey, resumeToken, hash(resumeToken),
                since, deadlineNanos);
    }

    private Session(String node, boolean orphan, String id, String username, String identityKey, String address, Integer peerPort,
            byte[] keepaliveKey, String resumeToken, byte[] resumeTokenHash, Instant since, long deadlineNanos) {
        this.node = node;
        this.orphan = orphan;
        this.resumeTokenHash = resumeTokenHash;
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

    /** A session {@code node} serves, as it described it. */
    static Session servedBy(String node, SessionCard card) {
        Session s = new Session(node, false, card.id(), card.username(), card.identityKey(), card.address(), card.peerPort(),
                new byte[0], null, card.resumeTokenHash(), card.since(), System.nanoTime() + FAR_AWAY_NANOS);
        s.attached = card.attached();
        return s;
    }

    /**
     * This session of a node that left the cluster, offline and resumable on any node until
     * {@code resumableUntilNanos}: what its client finds when it comes back through another node.
     */
    Session orphaned(long resumableUntilNanos) {
        Session s = new Session(node, true, id, username, identityKey, address, peerPort, keepaliveKey, null,
                resumeTokenHash, since, resumableUntilNanos);
        s.attached = false;
        return s;
    }

    /** Served by a node that has left the cluster, and not resumed yet. */
    public boolean isOrphan() {
        return orphan;
    }

    /** How the other nodes of the cluster learn of this session; {@code replaces} names the session it took over, if any. */
    public SessionCard card(String replaces) {
        return new SessionCard(id, username, identityKey, address, peerPort, since, isAttached(), resumeTokenHash,
                replaces);
    }

    /** The registry node that serves this session, or null when it is this one. */
    public String node() {
        return node;
    }

    /** Served by this registry node: its link and keepalives come here. */
    public boolean isLocal() {
        return node == null;
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

    /** The token its client resumes it with; null for a session another node serves (only the hash is known here). */
    public String resumeToken() {
        return resumeToken;
    }

    /** Whether {@code token} is this session's resume token; compared in constant time, by hash. */
    boolean resumableWith(String token) {
        return token != null && MessageDigest.isEqual(resumeTokenHash, hash(token));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
