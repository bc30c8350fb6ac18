package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryEvent.Bye;
import dev.parley.registry.config.RegistrySettings;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One client's link to the registry as the endpoints and the events see it, whatever carries it
 * ({@link LinkTransport}). Everything the client hears goes out through here, in the order it must
 * hear it: an answer, then the events that came while it was made ({@link EventOrder}), then a BYE
 * asked for meanwhile. A client so far behind that its transport has no room is cut off, so it
 * holds up nobody else.
 *
 * <p>Each link has its rules with it, {@link RequestPipeline} for what comes in and
 * {@link LinkDeadlines} for how long anything may take, so no transport has rules of its own.
 */
public final class Link {
    private static final Logger LOG = Logger.getLogger(Link.class.getName());
    /**
     * Frames a link may have waiting to go out: a transport queues this many, and as many events
     * may wait for an answer being made (more could not be queued after it either).
     */
    static final int OUTBOX_FRAMES = 256;

    private final LinkTransport transport;
    private final LinkSession session;
    private final EventOrder events;
    private final RequestPipeline requests;
    private final LinkDeadlines deadlines;
    /** The link's MAIL_DEPOSIT rate (parley.mail.deposits-per-second, -burst), apart from its request rate. */
    private final TokenBucket mailDeposits;
    private volatile boolean closing;
    /** Set while a request is answered, on the thread answering it. */
    private String byeAfterAnswer;
    private Status byeAfterAnswerStatus;

    Link(LinkTransport transport, LinkHandler handler, OnlineLinks online, RegistrySettings settings) {
        long now = System.nanoTime();
        this.transport = transport;
        this.session = new LinkSession(this, online);
        this.events = new EventOrder(transport::offer, OUTBOX_FRAMES);
        this.requests = new RequestPipeline(this, handler, settings, now);
        this.deadlines = new LinkDeadlines(this, transport, requests, settings, now);
        this.mailDeposits = new TokenBucket(settings.mailDepositsPerSecond(), settings.mailDepositBurst(), now);
    }

    /** What the client said about itself: HELLO, and the session it is logged in as. */
    public LinkSession session() {
        return session;
    }

    /** The client's IP address as text. */
    public String address() {
        return transport.address();
    }

    /** Takes one mail deposit from the link's allowance; false when it deposits faster than its rate. */
    synchronized boolean mayDepositMail() {
        return mailDeposits.tryTake(System.nanoTime());
    }

    /** The rules for what the client sends; the transport hands each frame it reads to them. */
    RequestPipeline requests() {
        return requests;
    }

    /** The rules for how long the client may take; the watchdog asks them. */
    LinkDeadlines deadlines() {
        return deadlines;
    }

    /**
     * Queues an event from another thread (someone else's request); never waits. It follows the
     * answer this link may be making now ({@link EventOrder}). A client that has no room left is
     * cut off, without waiting for it.
     */
    void push(Frame event) {
        if (!closing && !events.event(event)) {
            LOG.info(() -> "closing link from " + describe() + ": it does not read its events");
            abort("outbox full");
        }
    }

    /**
     * Sends the answer {@code making} builds. Events that come while it is made wait and follow it;
     * a BYE asked for while it is made ({@link #closeAfterAnswer}) comes after both.
     */
    void answer(Supplier<Frame> making) {
        events.answering();
        try {
            send(making.get());
        } finally {
            if (!events.answered()) {
                LOG.info(() -> "closing link from " + describe() + ": it does not read its events");
                abort("outbox full");
            }
        }
        if (byeAfterAnswer != null) {
            bye(byeAfterAnswerStatus, byeAfterAnswer);
        }
    }

    /** Queues a frame of this link's own; a client so far behind that there is no room is cut off. */
    void send(Frame frame) {
        if (!transport.offer(frame)) {
            LOG.info(() -> "closing link from " + describe() + ": it does not read its answers");
            closing = true;
            transport.reset();
        }
    }

    /** Says why, then closes once the BYE is sent. */
    void bye(Status status, String reason) {
        bye(new Bye(status.code(), reason, null, null));
    }

    /** Sends this BYE, then closes once it is sent. */
    void bye(Bye bye) {
        if (closing) {
            return;
        }
        closing = true;
        LOG.fine(() -> "closing link from " + describe() + ": " + bye.message());
        send(Frame.event(bye));
        transport.closeWhenSent();
    }

    /** Closes the link with this BYE right after the answer now being made is sent. */
    public void closeAfterAnswer(Status status, String reason) {
        byeAfterAnswerStatus = status;
        byeAfterAnswer = reason;
    }

    /** Closes at once, without sending anything more; never blocks the caller (it may be the watchdog). */
    void abort(String reason) {
        LOG.fine(() -> "aborting link from " + describe() + ": " + reason);
        closing = true;
        transport.reset();
    }

    /** Whether the link is on its way out: it reads no more requests and queues no more events. */
    boolean isClosing() {
        return closing;
    }

    /** The transport is done with the link: nothing more is sent. */
    void ended() {
        closing = true;
    }

    /** The client for the log: user@address once logged in. */
    public String describe() {
        String u = session.username();
        return u == null ? address() : u + "@" + address();
    }
}
