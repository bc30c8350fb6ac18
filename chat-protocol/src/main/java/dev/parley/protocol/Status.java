package dev.parley.protocol;

/** Result codes carried by responses; HTTP-like so a person reading a trace knows them at once. */
public enum Status {
    OK(200),
    CREATED(201),
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    LOCKED(423),
    TOO_MANY_REQUESTS(429),
    INTERNAL_ERROR(500),
    UNAVAILABLE(503);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isSuccess() {
        return code < 300;
    }

    /** The status for a wire code; unknown codes are reported as {@link #INTERNAL_ERROR}-class failures by callers. */
    public static java.util.Optional<Status> of(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
