package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keepalives over the TLS link, for while the registry says our UDP ones do not arrive (a firewall
 * or NAT drops them): a KEEPALIVE request at once, then one every interval, on whatever link the
 * session has then (none while reconnecting). UDP keepalives go on meanwhile; as soon as an answer
 * says they arrive again, this stops and {@code udpBack} runs. Its own thread, because the link's
 * reader must never wait for an answer it would itself have to read.
 */
final class LinkKeepalive implements AutoCloseable {
    private final Supplier<RegistryLink> link;
    private final Duration interval;
    private final Duration timeout;
    private final Runnable udpBack;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private LinkKeepalive(Supplier<RegistryLink> link, Duration interval, Duration timeout, Runnable udpBack) {
        this.link = link;
        this.interval = interval;
        this.timeout = timeout;
        this.udpBack = udpBack;
        this.thread = Thread.ofVirtual().name("keepalive over the registry link").unstarted(this::run);
    }

    /** Starts at once; {@code link} gives the session's current link or null. */
    static LinkKeepalive start(Supplier<RegistryLink> link, Duration interval, Duration timeout, Runnable udpBack) {
        LinkKeepalive k = new LinkKeepalive(link, interval, timeout, udpBack);
        k.thread.start();
        return k;
    }

    private void run() {
        try {
            do {
                if (keptAliveAndUdpArrives()) {
                    stopped.countDown();
                    udpBack.run();
                    return;
                }
            } while (!stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one KEEPALIVE; true when the registry says UDP keepalives arrive again. */
    private boolean keptAliveAndUdpArrives() {
        RegistryLink l = link.get();
        if (l == null || !l.isOpen()) {
            return false; // reconnecting: the won-back session is kept alive from its first interval on
        }
        try {
            Frame answer = l.call(new RegistryRequest.KeepaliveOverLink(), timeout);
            if (answer.status() != Status.OK) {
                Diagnostics.note("the registry refused a keepalive over the link: " + answer.message());
                return false;
            }
            return answer.as(RegistryAnswer.KeepaliveAnswer.class).udpKeepalivesArriving();
        } catch (RegistryException | RuntimeException e) {
            // The link is dying or slow; the session's loss, if it comes, is handled where links close.
            Diagnostics.trace("keepalive over the registry link", e);
            return false;
        }
    }

    boolean isRunning() {
        return stopped.getCount() > 0;
    }

    @Override
    public void close() {
        stopped.countDown();
    }
}
