package dev.parley.client.testing;

import dev.parley.client.identity.Identity;
import dev.parley.client.peer.PeerTls;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageType;
import dev.parley.protocol.ProtocolVersion;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/** A hand-driven peer for tests: TLS with any identity, then whatever frames (or bytes) the test wants to send. */
public final class RawPeer implements AutoCloseable {
    private final SSLSocket socket;
    private final FrameReader reader;
    private final FrameWriter writer;

    public RawPeer(Identity identity, int port) throws IOException {
        socket = new PeerTls(identity).connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5));
        socket.setSoTimeout(10_000);
        reader = new FrameReader(socket.getInputStream(), Limits.MAX_FRAME_BYTES);
        writer = new FrameWriter(socket.getOutputStream(), Limits.MAX_FRAME_BYTES);
    }

    /** Says HELLO as {@code claimed} and returns the answer. */
    public Frame hello(String claimed) throws IOException {
        send(Frame.request(MessageType.HELLO, "h1", Frame.object()
                .add("version", ProtocolVersion.CURRENT).add("username", claimed)));
        return read();
    }

    public void send(Frame frame) throws IOException {
        writer.write(frame);
    }

    public void request(MessageType type, String id, JsonObjectBuilder fields) throws IOException {
        send(Frame.request(type, id, fields));
    }

    public OutputStream raw() throws IOException {
        return socket.getOutputStream();
    }

    /** The next frame, or null when the other side closed the link. */
    public Frame read() throws IOException {
        return reader.read();
    }

    /** True when the other side closes the link within 10 s (frames before the close are skipped). */
    public boolean closedByPeer() throws IOException {
        try {
            while (reader.read() != null) {
                // skip what came before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset or TLS close: closed all the same
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
