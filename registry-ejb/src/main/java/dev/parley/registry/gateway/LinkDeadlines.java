package dev.parley.registry.gateway;

import dev.parley.protocol.Status;
import dev.parley.registry.config.RegistrySettings;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * How long a client may take, whatever carries its link: to open it (the TLS handshake), to finish
 * a frame it has begun, to take a frame the registry is sending (or the close after the last one),
 * and, until it logs in, to send anything at all. The watchdog asks every link each round; a link
 * past a deadline is told why while it can still hear it, and cut off when it cannot.
 */
final class LinkDeadlines {
    private static final Logger LOG = Logger.getLogger(LinkDeadlines.class.getName());
    /** A client that trickles bytes or reads nothing would never let its BYE through; this long, then it is reset. */
    private static final long BYE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Link link;
    private final LinkTransport transport;
    private final RequestPipeline requests;
    private final RegistrySettings settings;
    private final long openedNanos;
    // Only the watchdog touches these, one round after another.
    private boolean resetPlanned;
    private boolean resetDone;
    private long resetAtNanos;

    LinkDeadlines(Link link, LinkTransport transport, RequestPipeline requests, RegistrySettings settings,
            long openedNanos) {
        this.link = link;
        this.transport = transport;
        this.requests = requests;
        this.settings = settings;
        this.openedNanos = openedNanos;
    }

    /** Closes the link if it stalls its opening, a frame or a write, or sits idle before login. */
    void check(long now) {
        if (resetPlanned && !resetDone && now - resetAtNanos >= 0) {
            resetDone = true;
            link.abort("the BYE was not taken within " + TimeUnit.NANOSECONDS.toSeconds(BYE_GRACE_NANOS) + " s");
            return;
        }
        long frameLimit = settings.frameTimeout().toNanos();
        if (!transport.opened() && now - openedNanos > frameLimit) {
            link.abort("no handshake within " + settings.frameTimeout().toSeconds() + " s");
            return;
        }
        long receiving = transport.receivingSince();
        if (receiving != 0 && now - receiving > frameLimit) {
            link.bye(Status.BAD_REQUEST, "frame not completed within " + settings.frameTimeout().toSeconds() + " s");
            resetAfterGrace(now);
            return;
        }
        long sending = transport.sendingSince();
        if (sending != 0 && now - sending > settings.writeTimeout().toNanos()) {
            // At INFO like a full outbox: either way the client stopped reading, which an operator wants to see.
            LOG.info(() -> "closing link from " + link.describe() + ": it does not read (a write has waited "
                    + settings.writeTimeout().toSeconds() + " s)");
            link.abort("a write stalled for " + settings.writeTimeout().toSeconds() + " s");
            return;
        }
        if (link.session().id() == null && transport.opened()
                && now - requests.lastRequestNanos() > settings.idleTimeout().toNanos()) {
            link.bye(Status.BAD_REQUEST, "no request for " + settings.idleTimeout().toSeconds() + " s; closing");
            resetAfterGrace(now);
        }
    }

    private void resetAfterGrace(long now) {
        if (!resetPlanned) {
            resetPlanned = true;
            resetAtNanos = now + BYE_GRACE_NANOS;
        }
    }
}
