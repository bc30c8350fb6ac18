package dev.parley.protocol;

/** A complete frame whose payload is not a JSON object with a string {@code type}. The link itself is still in sync. */
public class MalformedFrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String reason) {
        super(reason);
    }

    public MalformedFrameException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
