package dev.parley.registry.gateway;

import dev.parley.protocol.Status;
import dev.parley.registry.config.RegistrySettings;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open link of every transport, logged in or not: the caps on links per address and in all,
 * the watchdog's round over their deadlines, and the BYE they all hear when the registry stops. One
 * for the whole gateway, so a client cannot pass a cap by opening some links over TLS and the rest
 * over WebSocket. ({@link OnlineLinks} is the other index: the links of logged-in sessions.)
 */
final class OpenLinks {
    private static final Logger LOG = Logger.getLogger(OpenLinks.class.getName());

    private final RegistrySettings settings;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    OpenLinks(RegistrySettings settings) {
        this.settings = settings;
    }

    /**
     * Counts a new link in. Returns why it is refused (over a cap, or the registry stopping), or null
     * when it may go on; either way it counts until {@link #closed(Link)}, so a refused link is told
     * why before it goes.
     */
    String admit(Link link) {
        String address = link.address();
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int fromAddress = count.incrementAndGet();
        String refusal = null;
        if (closed) {
            refusal = "the registry is shutting down";
        } else if (fromAddress > settings.maxLinksPerAddress()) {
            refusal = "too many links from " + address + " (at most " + settings.maxLinksPerAddress() + ")";
        } else if (links.size() >= settings.maxLinks()) {
            refusal = "the registry is full (" + settings.maxLinks() + " links); try again later";
        }
        links.add(link);
        return refusal;
    }

    /**
     * The transport is done with the link (it has marked it {@link Link#ended()} first, so nothing
     * more is queued): the session it held is released ({@link LinkHandler#onLinkClosed}), and it
     * no longer counts.
     */
    void closed(Link link) {
        try {
            link.requests().onClosed();
        } finally {
            forget(link);
        }
    }

    private void forget(Link link) {
        if (links.remove(link)) {
            AtomicInteger count = perAddress.get(link.address());
            if (count != null && count.decrementAndGet() <= 0) {
                perAddress.remove(link.address(), count);
            }
        }
    }

    int size() {
        return links.size();
    }

    /** Asks each link's deadlines; the watchdog's round ({@link Gateway#checkDeadlines()}). */
    void checkDeadlines() {
        long now = System.nanoTime();
        for (Link link : links) {
            try {
                link.deadlines().check(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "watchdog check of " + link.describe() + " failed", e);
            }
        }
    }

    /**
     * Says BYE to every link, gives them a moment to drain, then closes what is left. New links are
     * refused from now on; the listeners stop accepting before this is called.
     */
    void closeAll() {
        closed = true;
        for (Link link : links) {
            link.bye(Status.UNAVAILABLE, "the registry is shutting down");
        }
        // Undeploy waits here on purpose, at most 3 s, so the BYEs reach the clients before the
        // sockets go; nothing is scheduled, the caller is the one stopping.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!links.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Link link : links) {
            link.abort("shutdown");
        }
    }
}
