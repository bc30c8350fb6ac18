package dev.parley.client.registry;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;

/** The registry answered a request with a failure status; the message is the registry's own words. */
public class RegistryRefusedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final Status status;
    private final int retryAfterSeconds;
    private final boolean identityKeyMismatch;
    private final String reason;

    public RegistryRefusedException(Status status, String message, int retryAfterSeconds) {
        this(status, message, retryAfterSeconds, false, "");
    }

    /** A refusal with the registry's machine-readable reason (e.g. {@code not-member}). */
    public RegistryRefusedException(Status status, String message, String reason) {
        this(status, message, 0, false, reason);
    }

    private RegistryRefusedException(Status status, String message, int retryAfterSeconds, boolean identityKeyMismatch,
            String reason) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.identityKeyMismatch = identityKeyMismatch;
        this.reason = reason;
    }

    /** The refusal carried by a RESPONSE frame; a 429's wait is added when the message does not say it. */
    static RegistryRefusedException of(Frame response) {
        Refusal refusal;
        try {
            refusal = response.as(Refusal.class);
        } catch (InvalidFieldException e) {
            refusal = Refusal.NONE; // a malformed hint is no reason to hide the refusal itself
        }
        int retry = refusal.retryAfterSeconds() == null ? 0 : Math.max(0, refusal.retryAfterSeconds());
        String message = response.message().isBlank()
                ? "the registry refused with status " + response.status().code()
                : response.message();
        if (retry > 0 && !message.contains(Integer.toString(retry))) {
            message = message + " (try again in " + retry + " s)";
        }
        return new RegistryRefusedException(response.status(), message, retry,
                Boolean.TRUE.equals(refusal.identityKeyMismatch()), refusal.reason() == null ? "" : refusal.reason());
    }

    public Status status() {
        return status;
    }

    /** The registry's machine-readable reason (e.g. {@code password-required}), empty when it gave none. */
    public String reason() {
        return reason;
    }

    /** True when LOGIN was refused because the identity key sent is not the account's. */
    public boolean identityKeyMismatch() {
        return identityKeyMismatch;
    }

    /** How long the registry asked us to wait, in seconds; 0 when it did not say. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
