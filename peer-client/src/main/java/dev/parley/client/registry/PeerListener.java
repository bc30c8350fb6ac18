package dev.parley.client.registry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The TCP port other peers reach this client on, reported to the registry at login and held open
 * for as long as the session lives (also while reconnecting, so the registry's record stays true).
 * The {@code PeerNode} accepts on it.
 */
public final class PeerListener implements AutoCloseable {
    /**
     * Connections the kernel holds until the peer node accepts them. The node's accept loop only counts
     * a caller and hands it off, but a burst (a room's members, or a flood) should not find the queue full.
     */
    private static final int BACKLOG = 512;
    private final ServerSocket socket;

    private PeerListener(ServerSocket socket) {
        this.socket = socket;
    }

    /**
     * Binds {@code address} (all interfaces when null) on {@code port}; 0 picks any free port.
     *
     * @throws IOException with a reason that names the port and the option to change it
     */
    public static PeerListener open(java.net.InetAddress address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port), BACKLOG);
            return new PeerListener(socket);
        } catch (BindException e) {
            socket.close();
            throw new IOException("cannot listen for peers on port " + port + ": the port is in use"
                    + " — choose another with --peer-port (0 picks a free one)", e);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen for peers on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The port peers connect to. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Where the peer node accepts links. */
    public ServerSocket socket() {
        return socket;
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a listening socket fails only if it is already gone, which is what we want.
        }
    }
}
