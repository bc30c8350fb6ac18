package dev.parley.client.testing;

import dev.parley.client.identity.Identity;
import dev.parley.client.peer.PeerTls;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.peer.PeerRequest;
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
        send(Frame.request("h1", new PeerRequest.Hello(ProtocolVersion.CURRENT, claimed)));
        return read();
    }

    public void send(Frame frame) throws IOException {
        writer.write(frame);
    }

    public void request(String id, PeerRequest request) throws IOException {
        send(Frame.request(id, (Record) request));
    }

    public OutputStream raw() throws IOException {
        return socket.getOutputStream();
    }

    /** The next frame, or null when the other side closed the link. */
    public Frame read() throws IOException {
        return reader.read();
    }

    /** The next frame read as the request it is; fails on anything else. */
    public PeerRequest readRequest() throws IOException {
        Frame f = read();
        if (f == null) {
            throw new java.io.EOFException("the link closed instead of a request");
        }
        return PeerRequest.CATALOG.read(f);
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
