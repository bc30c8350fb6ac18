package dev.parley.registry;

import dev.parley.protocol.Status;
import jakarta.ejb.ApplicationException;

/**
 * A service declined a request for a reason the caller should see (taken name, wrong password,
 * too many attempts). Carries the status and the words sent back; not a failure of the registry.
 */
@ApplicationException(rollback = true)
public class RequestRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Status status;
    private final long retryAfterSeconds;

    public RequestRefused(Status status, String reason) {
        this(status, reason, 0);
    }

    public RequestRefused(Status status, String reason, long retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Status status() {
        return status;
    }

    /** Seconds until trying again makes sense (429 only); 0 when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
