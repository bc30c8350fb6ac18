package dev.parley.registry.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a blocking {@link SocketChannel} with an {@link SSLEngine}, for links that are idle
 * nearly all their life. It reads the network one whole record at a time into a buffer of that
 * record's size and keeps no buffer between records: an idle link holds the engine's keys and its
 * reader's parked stack, not the 5 KiB of buffers a JDK TLS socket keeps for as long as it is open.
 * One thread at a time reads ({@link #handshake()}, then {@link #in()}); any thread writes
 * ({@link #out()}), one write at a time, and what the engine itself must send (handshake messages,
 * the answer to a key update, an alert) goes out between writes, never inside one.
 */
final class TlsChannel {
    /** A TLS record header: content type, protocol version, length of what follows. */
    private static final int HEADER = 5;
    /** Content types 20 to 24: change_cipher_spec, alert, handshake, application_data, heartbeat. */
    private static final int FIRST_TYPE = 20;
    private static final int LAST_TYPE = 24;
    /** Most plaintext one record carries (RFC 8446 §5.1). */
    private static final int MAX_PLAINTEXT = 16_384;

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final String address;
    /** One record goes out at a time: the writer's frames and the reader's handshake answers share the channel. */
    private final ReentrantLock writing = new ReentrantLock();
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    /** The unread rest of the last record's plaintext (reader's thread only); null when all was read, as between frames. */
    private ByteBuffer plaintext;
    private boolean inboundDone;
    private volatile long recordStartedAtNanos;

    TlsChannel(SocketChannel channel, SSLEngine engine) throws IOException {
        this.channel = channel;
        this.engine = engine;
        this.address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress().getHostAddress();
    }

    String address() {
        return address;
    }

    /** Runs the handshake to its end, before anything is read. */
    void handshake() throws IOException {
        engine.beginHandshake();
        settle();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
            ByteBuffer early = unwrapNextRecord();
            if (early == null) {
                throw new EOFException("the link ended during the TLS handshake");
            }
            keep(early);
        }
    }

    /** When the TLS record now arriving began to ({@link System#nanoTime()}), or 0 between records. */
    long recordStartedAtNanos() {
        return recordStartedAtNanos;
    }

    /** The plaintext the client sends; -1 at its close_notify or the end of the connection. */
    InputStream in() {
        return in;
    }

    /** Encrypts and sends what is written, in records of at most 16 KiB. */
    OutputStream out() {
        return out;
    }

    /**
     * Sends close_notify and closes. When another thread is in the middle of a write (a client that
     * stopped reading), it does not wait for it: the channel closes under it.
     */
    void close() {
        engine.closeOutbound();
        if (writing.tryLock()) {
            try {
                send(ByteBuffer.allocate(0));
            } catch (IOException e) {
                // closing anyway; the client may have gone first
            } finally {
                writing.unlock();
            }
        }
        closeChannel();
    }

    /** Closes with a TCP reset and no close_notify: for a client the link gives up on. */
    void reset() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // closed already
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do for a channel that will not close
        }
    }

    private void keep(ByteBuffer decrypted) {
        plaintext = decrypted.hasRemaining() ? decrypted : null;
    }

    /**
     * Reads and decrypts the next record, answering what the engine must answer after it (a TLS 1.3
     * key update); its plaintext, which is empty for a handshake or alert record, or null at the
     * end of the inbound side.
     */
    private ByteBuffer unwrapNextRecord() throws IOException {
        ByteBuffer record = readRecord();
        if (record == null) {
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                // Ended without close_notify: frames carry their own length, so a cut frame is seen as one.
            }
            return null;
        }
        ByteBuffer decrypted = ByteBuffer.allocate(record.remaining()); // the plaintext is never longer
        SSLEngineResult result;
        try {
            result = engine.unwrap(record, decrypted);
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            return null;
        }
        if (result.getStatus() != SSLEngineResult.Status.OK || record.hasRemaining()) {
            throw new SSLException("a TLS record the engine did not take whole: " + result.getStatus());
        }
        settle();
        return decrypted.flip();
    }

    /**
     * Does what the engine asks for before anything more is read: its delegated tasks, and what it
     * must send (the rest of a handshake flight, the answer to a key update); stops once it asks
     * for nothing, or to read. What it refuses meanwhile (a renegotiation, say) is told the client
     * in an alert before it is thrown.
     */
    private void settle() throws IOException {
        try {
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> {
                        if (send(ByteBuffer.allocate(0)) == SSLEngineResult.Status.CLOSED) {
                            return;
                        }
                    }
                    default -> {
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    /** Tells the client why the engine gave up (e.g. a refused renegotiation), when that can be sent at all. */
    private void sendAlert() {
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && writing.tryLock()) {
            try {
                send(ByteBuffer.allocate(0));
            } catch (IOException e) {
                // the fault is reported by what the engine threw
            } finally {
                writing.unlock();
            }
        }
    }

    /** One whole record off the network, header included; null when the connection ended between records. */
    private ByteBuffer readRecord() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        if (!fill(header)) {
            return null;
        }
        int type = header.get(0) & 0xFF;
        int major = header.get(1) & 0xFF;
        int length = ((header.get(3) & 0xFF) << 8) | (header.get(4) & 0xFF);
        if (type < FIRST_TYPE || type > LAST_TYPE || major != 3) {
            throw new SSLException("not a TLS record (it starts " + type + ", " + major + ")");
        }
        if (length == 0 || length > MAX_PLAINTEXT + 2048) { // RFC 5246 §6.2.3: the most a record may carry
            throw new SSLException("a TLS record of " + length + " bytes");
        }
        // From here the link holds a buffer for this record: the frame deadline covers its arrival.
        recordStartedAtNanos = System.nanoTime();
        try {
            ByteBuffer record = ByteBuffer.allocate(HEADER + length);
            record.put(header.flip());
            if (!fill(record)) {
                throw new EOFException("the link ended inside a TLS record");
            }
            return record.flip();
        } finally {
            recordStartedAtNanos = 0;
        }
    }

    /** Reads until the buffer is full; false when the connection ended first. */
    private boolean fill(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (buffer.position() > 0) {
                    throw new EOFException("the link ended inside a TLS record");
                }
                return false;
            }
        }
        return true;
    }

    /**
     * Encrypts one record's worth of {@code src} (or a handshake message or alert the engine has to
     * send) and writes it all; the engine's status. Once the engine's output is closed (close_notify
     * or a fatal alert sent) there is nothing more it can encrypt: data still to go is an error.
     */
    private SSLEngineResult.Status send(ByteBuffer src) throws IOException {
        writing.lock();
        try {
            // The engine refuses a smaller buffer whatever it is to hold; it lives only for this record.
            ByteBuffer record = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult result = engine.wrap(src, record);
            while (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) { // the session's sizes grew
                record = ByteBuffer.allocate(Math.max(2 * record.capacity(), engine.getSession().getPacketBufferSize()));
                result = engine.wrap(src, record);
            }
            record.flip();
            while (record.hasRemaining()) {
                channel.write(record);
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
                throw new SSLException("the link's TLS output is closed");
            }
            return result.getStatus();
        } finally {
            writing.unlock();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            if (!next()) {
                return -1;
            }
            int b = plaintext.get() & 0xFF;
            keep(plaintext);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = Math.min(len, plaintext.remaining());
            plaintext.get(b, off, n);
            keep(plaintext);
            return n;
        }

        /** Whether plaintext is there to read, reading records until some is; false at the end. */
        private boolean next() throws IOException {
            while (plaintext == null) {
                if (inboundDone) {
                    return false;
                }
                ByteBuffer decrypted = unwrapNextRecord();
                if (decrypted == null) {
                    inboundDone = true;
                    return false;
                }
                keep(decrypted);
            }
            return true;
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            writing.lock(); // the records of one write go out together
            try {
                do {
                    send(src);
                } while (src.hasRemaining());
            } finally {
                writing.unlock();
            }
        }
    }
}
