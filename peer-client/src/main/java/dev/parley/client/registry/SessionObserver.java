package dev.parley.client.registry;

/** What the registry session tells the user about on its own, outside any command. Called from background threads. */
public interface SessionObserver {
    /** First connection to this registry: its certificate is now pinned. */
    void pinned(RegistryAddress registry, String fingerprint);

    /**
     * The registry could not be reached when the client started ({@code reason} says why); it is
     * tried again in the background until {@link #registryReached()}.
     */
    default void registryUnreachable(String reason) {
    }

    /** A registry that could not be reached answers now. */
    default void registryReached() {
    }

    /** Trying again stopped: the registry answered, but unusably ({@code reason}: a changed certificate, another protocol). */
    default void registryRefused(String reason) {
    }

    /**
     * The registry's node at {@code gone} (the address that worked last) did not answer, so the
     * client carries on with its node at {@code now}; a logged-in session resumes there.
     */
    default void registryMoved(RegistryAddress gone, RegistryAddress now) {
    }

    /** The registry said BYE while we were logged in. */
    void registryClosedLink(String reason);

    /** The link dropped while logged in; reconnecting has begun. */
    void registryLost();

    /** Logged in again after a loss. */
    void reconnected(String username);

    /** Reconnecting stopped for good (refused login, changed certificate); the user is logged out. */
    void reconnectAbandoned(String reason);

    /**
     * The registry says our UDP keepalives to {@code host:udpPort} do not arrive; the session is kept
     * alive over the TLS link meanwhile. Told once until they arrive again. A program without a
     * screen (the benchmarks) has nothing to show.
     */
    default void keepalivesNotArriving(String host, int udpPort) {
    }

    /** UDP keepalives arrive again; the TLS link no longer carries them. */
    default void keepalivesArriveAgain(String host, int udpPort) {
    }

    /**
     * The registry ended the session because no keepalive came in time ({@code reason} is its
     * words); reconnecting follows with a fresh session. Blocked UDP to {@code host:udpPort} is the
     * usual cause. By default told like any other closed link.
     */
    default void sessionExpired(String reason, String host, int udpPort) {
        registryClosedLink(reason);
    }
}
