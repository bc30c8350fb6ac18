package dev.parley.protocol;

import java.io.IOException;
import java.io.OutputStream;

/** Writes length-prefixed frames; safe for several threads (one frame is never interleaved with another). */
public final class FrameWriter {
    private final OutputStream out;
    private final int maxFrameBytes;

    public FrameWriter(OutputStream out, int maxFrameBytes) {
        this.out = out;
        this.maxFrameBytes = maxFrameBytes;
    }

    public void write(Frame frame) throws IOException {
        byte[] bytes = FrameCodec.encodeWithLength(frame, maxFrameBytes);
        synchronized (this) {
            out.write(bytes);
            out.flush();
        }
    }
}
