package dev.parley.client.shell;

import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.SessionObserver;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.client.render.Screen;

/** Shows what the registry session reports on its own, and lets the shell update its prompt on a change. */
public final class SessionNotices implements SessionObserver {
    private final Screen screen;
    private volatile Runnable stateChanged = () -> { };
    private volatile Runnable sessionLost = () -> { };

    public SessionNotices(Screen screen) {
        this.screen = screen;
    }

    /**
     * Run on every change of connection state, just before its notice is shown: the interactive
     * shell sets its new prompt, and printing the notice above the input line then draws it.
     */
    public void onStateChange(Runnable action) {
        this.stateChanged = action;
    }

    /** Run when reconnecting gives up: the session is over, so whatever depends on it (the peer links) must stop. */
    public void onSessionLost(Runnable action) {
        this.sessionLost = action;
    }

    @Override
    public void pinned(RegistryAddress registry, String fingerprint) {
        screen.show(NoticeKind.WARNING, Replies.pinned(registry, fingerprint));
    }

    @Override
    public void registryUnreachable(String reason) {
        stateChanged.run();
        screen.show(NoticeKind.ERROR, Replies.registryUnreachable(reason));
    }

    @Override
    public void registryReached() {
        stateChanged.run();
        screen.show(NoticeKind.SUCCESS, Replies.registryReached());
    }

    @Override
    public void registryRefused(String reason) {
        stateChanged.run();
        screen.show(NoticeKind.ERROR, Replies.error(reason));
    }

    @Override
    public void registryMoved(RegistryAddress gone, RegistryAddress now) {
        stateChanged.run(); // the prompt names the node in use
        screen.show(NoticeKind.INFO, Replies.registryMoved(gone, now));
    }

    @Override
    public void registryClosedLink(String reason) {
        screen.show(NoticeKind.WARNING, Replies.registryClosedLink(reason));
    }

    @Override
    public void registryLost() {
        stateChanged.run();
        screen.show(NoticeKind.WARNING, Replies.lostRegistry());
    }

    @Override
    public void reconnected(String username) {
        stateChanged.run();
        screen.show(NoticeKind.SUCCESS, Replies.reconnected());
    }

    @Override
    public void keepalivesNotArriving(String host, int udpPort) {
        screen.show(NoticeKind.WARNING, Replies.keepalivesNotArriving(host, udpPort));
    }

    @Override
    public void keepalivesArriveAgain(String host, int udpPort) {
        screen.show(NoticeKind.SUCCESS, Replies.keepalivesArriveAgain(host, udpPort));
    }

    @Override
    public void sessionExpired(String reason, String host, int udpPort) {
        screen.show(NoticeKind.WARNING, Replies.sessionExpired(reason, host, udpPort));
    }

    @Override
    public void reconnectAbandoned(String reason) {
        sessionLost.run();
        stateChanged.run();
        screen.show(NoticeKind.ERROR, Replies.error(reason));
    }
}
