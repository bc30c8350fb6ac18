package dev.parley.client.registry;

/** What the registry session tells the user about on its own, outside any command. Called from background threads. */
public interface SessionObserver {
    /** First connection to this registry: its certificate is now pinned. */
    void pinned(RegistryAddress registry, String fingerprint);

    /** The registry said BYE while we were logged in. */
    void registryClosedLink(String reason);

    /** The link dropped while logged in; reconnecting has begun. */
    void registryLost();

    /** Logged in again after a loss. */
    void reconnected(String username);

    /** Reconnecting stopped for good (refused login, changed certificate); the user is logged out. */
    void reconnectAbandoned(String reason);
}
