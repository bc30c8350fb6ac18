package dev.parley.protocol;

import java.io.IOException;

/** A link carried bytes that are not a valid frame; the message says what was wrong, for the peer and the log. */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String reason) {
        super(reason);
    }

    public ProtocolException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
