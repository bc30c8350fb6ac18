package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;

/**
 * What carries a {@link Link}: TLS over TCP ({@link TlsLink}) or a WebSocket ({@link WebSocketLink}).
 * It moves whole frames and says how far it has got with them; what the frames mean, and when to
 * give up on a client, is decided by the link's rules ({@link RequestPipeline}, {@link
 * LinkDeadlines}) so that every transport applies the same ones.
 */
public interface LinkTransport {

    /** The client's IP address as text, for caps, throttles and the log. */
    String address();

    /**
     * Queues a frame to be sent after those queued before it; never waits. False when the client is
     * so far behind that the transport has no room left for it.
     */
    boolean offer(Frame frame);

    /** Closes once everything queued so far is sent: the last frame was a BYE. */
    void closeWhenSent();

    /** Closes at once, sending nothing more; never blocks the caller (it may be the watchdog). */
    void reset();

    /** Whether the transport's own opening (the TLS handshake) is over; a frame can only come after it. */
    boolean opened();

    /** When the frame now being received began to arrive ({@link System#nanoTime()}), or 0 when none is. */
    long receivingSince();

    /**
     * When the frame now being sent, or the close after the last one, began to go out
     * ({@link System#nanoTime()}), or 0 when nothing is.
     */
    long sendingSince();
}
