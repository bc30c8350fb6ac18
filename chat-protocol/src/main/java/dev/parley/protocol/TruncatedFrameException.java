package dev.parley.protocol;

/** The link ended in the middle of a frame. */
public class TruncatedFrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public TruncatedFrameException(int expected, int received) {
        super("link closed after " + received + " of " + expected + " bytes of a frame");
    }
}
