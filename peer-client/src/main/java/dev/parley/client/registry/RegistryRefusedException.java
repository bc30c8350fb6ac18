package dev.parley.client.registry;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;

/** The registry answered a request with a failure status; the message is the registry's own words. */
public class RegistryRefusedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final Status status;
    private final int retryAfterSeconds;

    public RegistryRefusedException(Status status, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The refusal carried by a RESPONSE frame; a 429's wait is added when the message does not say it. */
    static RegistryRefusedException of(Frame response) {
        int retry = response.json().containsKey("retryAfterSeconds")
                ? safeInt(response) : 0;
        String message = response.message().isBlank()
                ? "the registry refused with status " + response.json().get("status")
                : response.message();
        if (retry > 0 && !message.contains(Integer.toString(retry))) {
            message = message + " (try again in " + retry + " s)";
        }
        return new RegistryRefusedException(response.status(), message, retry);
    }

    private static int safeInt(Frame response) {
        try {
            return response.optionalInt("retryAfterSeconds", 0, 0, Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            return 0; // a malformed hint is no reason to hide the refusal itself
        }
    }

    public Status status() {
        return status;
    }

    /** How long the registry asked us to wait, in seconds; 0 when it did not say. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
