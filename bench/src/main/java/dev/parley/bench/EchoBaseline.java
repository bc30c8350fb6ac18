package dev.parley.bench;

import dev.parley.client.identity.Identity;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floor the peer link is compared with: a loopback echo of length-prefixed frames over one
 * connection, plain TCP or JDK TLS 1.3 (mutual, with an EC P-256 key made by
 * {@link Identity#create}), with TCP_NODELAY. Like the peer link, callers share the one connection:
 * each frame starts with a request id, and a reader thread completes the caller waiting for that id,
 * so concurrent calls are pipelined. The server writes each echo as it reads the frame and flushes
 * when no further frame is buffered. {@link #call} writes and flushes at once on the caller's
 * thread (the lowest latency); {@link #send}, for throughput, hands the frame to a writer thread that
 * flushes when its queue runs dry, as the peer link's writer does.
 */
final class EchoBaseline implements AutoCloseable {
    private static final String[] TLS13 = {"TLSv1.3"};

    private final String name;
    private final ServerSocket server;
    private final Socket client;
    private final DataOutputStream out;
    private final byte[] filler;
    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final BlockingQueue<Long> queue = new ArrayBlockingQueue<>(8192);
    private volatile boolean closed;

    /** Plain TCP on loopback; each frame carries {@code payloadBytes} (id included). */
    static EchoBaseline tcp(int payloadBytes) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new EchoBaseline("TCP echo", server, payloadBytes, () -> {
            Socket client = new Socket();
            client.setTcpNoDelay(true);
            client.connect(server.getLocalSocketAddress());
            return client;
        });
    }

    /** JDK TLS 1.3 on loopback, both sides presenting the same self-signed identity certificate. */
    static EchoBaseline tls(int payloadBytes) throws IOException, GeneralSecurityException {
        SSLContext context = selfSigned(Identity.create("echo"));
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setEnabledProtocols(TLS13);
        server.setNeedClientAuth(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new EchoBaseline("TLS echo", server, payloadBytes, () -> {
            SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket();
            client.setEnabledProtocols(TLS13);
            client.setTcpNoDelay(true);
            client.connect(server.getLocalSocketAddress());
            client.startHandshake();
            return client;
        });
    }

    private interface Connector {
        Socket connect() throws IOException;
    }

    private EchoBaseline(String name, ServerSocket server, int payloadBytes, Connector connector) throws IOException {
        if (payloadBytes < Long.BYTES) {
            throw new IllegalArgumentException("a frame holds at least its 8-byte id");
        }
        this.server = server;
        this.filler = new byte[payloadBytes - Long.BYTES];
        Arrays.fill(filler, (byte) 'x');
        Thread.ofVirtual().name("echo-server").start(this::serve); // before connecting: TLS needs both sides
        this.client = connector.connect();
        this.name = client instanceof SSLSocket tls ? name + " " + tls.getSession().getCipherSuite() : name;
        this.out = new DataOutputStream(new BufferedOutputStream(client.getOutputStream(), 16 * 1024));
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), 16 * 1024));
        Thread.ofVirtual().name("echo-reader").start(() -> readEchoes(in));
        Thread.ofVirtual().name("echo-writer").start(this::writeQueued);
    }

    String name() {
        return name;
    }

    /** Sends frame {@code id} and waits (at most 10 s) for its echo. */
    void call(long id) throws Exception {
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        waiting.put(id, echoed);
        synchronized (out) {
            writeFrame(id);
            out.flush();
        }
        try {
            echoed.get(10, TimeUnit.SECONDS);
        } finally {
            waiting.remove(id);
        }
    }

    /** Queues frame {@code id} for the writer thread; completes with its echo. */
    CompletableFuture<Void> send(long id) throws InterruptedException {
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        waiting.put(id, echoed);
        echoed.whenComplete((v, e) -> waiting.remove(id));
        queue.put(id);
        return echoed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        client.close();
        server.close();
    }

    private void writeFrame(long id) throws IOException {
        out.writeInt(Long.BYTES + filler.length);
        out.writeLong(id);
        out.write(filler);
    }

    private void writeQueued() {
        try {
            while (true) {
                Long id = queue.take();
                synchronized (out) {
                    while (id != null) {
                        writeFrame(id);
                        id = queue.poll();
                    }
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            if (!closed) {
                System.err.println(name + " writer: " + e);
            }
        }
    }

    private void serve() {
        try (Socket s = server.accept()) {
            if (s instanceof SSLSocket tls) {
                tls.setEnabledProtocols(TLS13);
            }
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 16 * 1024));
            DataOutputStream echo = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 16 * 1024));
            byte[] frame = new byte[64 * 1024];
            while (true) {
                int length = in.readInt();
                in.readFully(frame, 0, length);
                echo.writeInt(length);
                echo.write(frame, 0, length);
                if (in.available() == 0) {
                    echo.flush();
                }
            }
        } catch (EOFException e) {
            // the client closed
        } catch (IOException e) {
            if (!closed) {
                System.err.println(name + " server: " + e);
            }
        }
    }

    private void readEchoes(DataInputStream in) {
        byte[] frame = new byte[64 * 1024];
        try {
            while (true) {
                int length = in.readInt();
                in.readFully(frame, 0, length);
                long id = ((frame[0] & 0xFFL) << 56) | ((frame[1] & 0xFFL) << 48) | ((frame[2] & 0xFFL) << 40)
                        | ((frame[3] & 0xFFL) << 32) | ((frame[4] & 0xFFL) << 24) | ((frame[5] & 0xFFL) << 16)
                        | ((frame[6] & 0xFFL) << 8) | (frame[7] & 0xFFL);
                CompletableFuture<Void> caller = waiting.get(id);
                if (caller != null) {
                    caller.complete(null);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println(name + " reader: " + e);
            }
        }
        IOException gone = new IOException(name + " closed");
        waiting.values().forEach(f -> f.completeExceptionally(gone));
    }

    /** A context presenting {@code identity}'s certificate and trusting exactly that certificate. */
    private static SSLContext selfSigned(Identity identity) throws GeneralSecurityException, IOException {
        char[] secret = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("identity", identity.privateKey(), secret, new Certificate[] {identity.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, secret);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("identity", identity.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }
}
