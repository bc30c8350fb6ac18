package dev.parley.client.peer;

import dev.parley.client.ClientException;

/** The other user cannot be reached now: offline, unknown, or their client does not answer. */
public final class PeerUnavailableException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final boolean retryLater;

    public PeerUnavailableException(String reason, boolean retryLater) {
        super(reason);
        this.retryLater = retryLater;
    }

    /** True when the user exists and may be reachable later (offline, or not answering). */
    public boolean retryLater() {
        return retryLater;
    }
}
