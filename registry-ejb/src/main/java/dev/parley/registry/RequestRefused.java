package dev.parley.registry;

import dev.parley.protocol.Status;
import jakarta.ejb.ApplicationException;

/**
 * A service declined a request for a reason the caller should see (taken name, wrong password,
 * too many attempts). Carries the status and the words sent back, and for requests whose refusals
 * a program must tell apart (rooms) a machine-readable reason; not a failure of the registry.
 */
@ApplicationException(rollback = true)
public class RequestRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Status status;
    private final long retryAfterSeconds;
    private final String reason;

    public RequestRefused(Status status, String message) {
        this(status, message, 0);
    }

    public RequestRefused(Status status, String message, long retryAfterSeconds) {
        this(status, message, retryAfterSeconds, null);
    }

    /** A refusal with a machine-readable {@code reason} (e.g. {@code full}) beside the human message. */
    public RequestRefused(Status status, String message, String reason) {
        this(status, message, 0, reason);
    }

    public RequestRefused(Status status, String message, long retryAfterSeconds, String reason) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.reason = reason;
    }

    public Status status() {
        return status;
    }

    /** Seconds until trying again makes sense (429 only); 0 when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The machine-readable reason, or null when this kind of request has none. */
    public String reason() {
        return reason;
    }
}
