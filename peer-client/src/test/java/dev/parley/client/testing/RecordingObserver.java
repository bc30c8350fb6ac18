package dev.parley.client.testing;

import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.SessionObserver;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what the registry session reports on its own, as short strings in order. */
public final class RecordingObserver implements SessionObserver {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void pinned(RegistryAddress registry, String fingerprint) {
        events.add("pinned " + registry + " " + fingerprint);
    }

    @Override
    public void registryUnreachable(String reason) {
        events.add("unreachable: " + reason);
    }

    @Override
    public void registryReached() {
        events.add("reached");
    }

    @Override
    public void registryRefused(String reason) {
        events.add("refused: " + reason);
    }

    @Override
    public void registryMoved(RegistryAddress gone, RegistryAddress now) {
        events.add("moved " + gone + " -> " + now);
    }

    @Override
    public void registryClosedLink(String reason) {
        events.add("closed: " + reason);
    }

    @Override
    public void registryLost() {
        events.add("lost");
    }

    @Override
    public void reconnected(String username) {
        events.add("reconnected " + username);
    }

    @Override
    public void reconnectAbandoned(String reason) {
        events.add("abandoned: " + reason);
    }

    @Override
    public void keepalivesNotArriving(String host, int udpPort) {
        events.add("udp missing " + host + ":" + udpPort);
    }

    @Override
    public void keepalivesArriveAgain(String host, int udpPort) {
        events.add("udp back " + host + ":" + udpPort);
    }

    @Override
    public void sessionExpired(String reason, String host, int udpPort) {
        events.add("expired: " + reason + " (udp " + host + ":" + udpPort + ")");
    }

    /** The next event, waiting up to 10 s. */
    public String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no session event within 10 s");
        }
        return e;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }
}
