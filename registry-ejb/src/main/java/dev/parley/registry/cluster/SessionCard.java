package dev.parley.registry.cluster;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the other registry nodes know of a session this node serves: enough to find the user, to
 * show them online, to send their events here, and to let their client resume the session on
 * another node should this one die. Never the keepalive key, and the resume token only as its
 * SHA-256 hash, so cluster traffic carries nothing a client could be impersonated with.
 *
 * @param replaces the id of the session this one took over (a resume, or a fresh login of a user
 *     whose session was detached), or null: the node that held that one ends it
 */
public record SessionCard(String id, String username, String identityKey, String address, Integer peerPort,
        Instant since, boolean attached, byte[] resumeTokenHash, String replaces) {

    public SessionCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(since, "since");
        resumeTokenHash = resumeTokenHash.clone();
    }

    @Override
    public byte[] resumeTokenHash() {
        return resumeTokenHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionCard c && id.equals(c.id) && username.equals(c.username)
                && Objects.equals(identityKey, c.identityKey) && address.equals(c.address)
                && Objects.equals(peerPort, c.peerPort) && since.equals(c.since) && attached == c.attached
                && Arrays.equals(resumeTokenHash, c.resumeTokenHash) && Objects.equals(replaces, c.replaces);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SessionCard[" + username + " " + id + (attached ? " online" : " detached") + "]";
    }
}
