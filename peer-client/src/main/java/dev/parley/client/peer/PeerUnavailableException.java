package dev.parley.client.peer;

import dev.parley.client.ClientException;

/** The other user cannot be reached now: offline, unknown, or their client does not answer. */
public final class PeerUnavailableException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final boolean retryLater;
    private final Why why;

    /** What kind of reason the message gives. */
    private enum Why { NETWORK, OFFLINE, THEIR_ANSWER }

    public PeerUnavailableException(String reason, boolean retryLater) {
        this(reason, retryLater, Why.NETWORK);
    }

    private PeerUnavailableException(String reason, boolean retryLater, Why why) {
        super(reason);
        this.retryLater = retryLater;
        this.why = why;
    }

    /** The registry lists {@code username} as offline. */
    public static PeerUnavailableException offline(String username) {
        return new PeerUnavailableException(username + " is offline", true, Why.OFFLINE);
    }

    /**
     * They can be reached, but their client (or the registry's record of them) says why not now:
     * busy, not accepted yet, on the web. The reason is theirs, not the network's, and is worth
     * showing as it is; they may take a direct link later.
     */
    public static PeerUnavailableException theirAnswer(String reason) {
        return new PeerUnavailableException(reason, true, Why.THEIR_ANSWER);
    }

    /** True when the user exists and may be reachable later (offline, or not answering). */
    public boolean retryLater() {
        return retryLater;
    }

    /** True for {@link #theirAnswer}: the message says why, in words fit for the screen. */
    public boolean isTheirAnswer() {
        return why == Why.THEIR_ANSWER;
    }

    /** True for {@link #offline}: no direct link was tried. */
    public boolean isOffline() {
        return why == Why.OFFLINE;
    }
}
