package dev.parley.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads length-prefixed frames from a stream. The length is checked against the limit before any
 * buffer is allocated. {@link #frameStartedAtNanos()} lets a watchdog close a link whose peer
 * starts a frame and then trickles or stalls.
 */
public final class FrameReader {
    private final InputStream in;
    private final int maxFrameBytes;
    private volatile long frameStartedAtNanos;

    public FrameReader(InputStream in, int maxFrameBytes) {
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The next frame, or {@code null} when the link ended cleanly between frames.
     *
     * @throws FrameTooLargeException the prefix announces more than the limit (the link is out of sync: close it)
     * @throws TruncatedFrameException the link ended inside a frame
     * @throws MalformedFrameException the payload is not a frame (the link is still in sync)
     */
    public Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        frameStartedAtNanos = System.nanoTime();
        try {
            byte[] header = new byte[4];
            header[0] = (byte) first;
            readFully(header, 1, 3, 4, 1);
            long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16)
                    | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
            if (length > maxFrameBytes) {
                throw new FrameTooLargeException(length, maxFrameBytes);
            }
            if (length == 0) {
                throw new MalformedFrameException("frame is empty");
            }
            byte[] payload = new byte[(int) length];
            readFully(payload, 0, payload.length, 4 + payload.length, 4);
            return FrameCodec.decode(payload);
        } finally {
            frameStartedAtNanos = 0;
        }
    }

    /** When the frame being read began, from {@link System#nanoTime()}; 0 when between frames. */
    public long frameStartedAtNanos() {
        return frameStartedAtNanos;
    }

    private void readFully(byte[] buf, int off, int len, int frameTotal, int alreadyRead) throws IOException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = in.read(buf, off + done, len - done);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                throw new TruncatedFrameException(frameTotal, alreadyRead + done);
            }
            done += n;
        }
    }
}
