package dev.parley.protocol;

/** A length prefix announced more bytes than the limit; nothing was allocated for it. */
public class FrameTooLargeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(long announced, int limit) {
        super("frame of " + announced + " bytes exceeds the limit of " + limit + " bytes");
    }
}
