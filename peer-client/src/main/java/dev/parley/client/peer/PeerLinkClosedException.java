package dev.parley.client.peer;

/** A call on a peer link cannot be answered: the link closed first. The message says why, for the user. */
public final class PeerLinkClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerLinkClosedException(String reason) {
        super(reason, null, false, false);
    }
}
