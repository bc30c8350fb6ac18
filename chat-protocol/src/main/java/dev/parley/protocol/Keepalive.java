package dev.parley.protocol;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The UDP keepalive datagram: magic "PK", version 1, 16-byte session id, 8-byte counter, then
 * HMAC-SHA256 over everything before it, keyed with the per-session key issued at login. The
 * counter must grow from one datagram to the next so a captured datagram cannot be replayed.
 */
public record Keepalive(byte[] sessionId, long counter, byte[] mac) {
    public static final int SESSION_ID_BYTES = 16;
    public static final int KEY_BYTES = 32;
    private static final int MAC_BYTES = 32;
    private static final byte VERSION = 1;
    private static final int SIGNED_BYTES = 3 + SESSION_ID_BYTES + 8;
    public static final int DATAGRAM_BYTES = SIGNED_BYTES + MAC_BYTES;

    /** The datagram a client sends for this session and counter. */
    public static byte[] sign(byte[] key, byte[] sessionId, long counter) {
        if (sessionId.length != SESSION_ID_BYTES) {
            throw new IllegalArgumentException("session id must have " + SESSION_ID_BYTES + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(DATAGRAM_BYTES);
        buf.put((byte) 'P').put((byte) 'K').put(VERSION).put(sessionId).putLong(counter);
        buf.put(hmac(key, buf.array(), SIGNED_BYTES));
        return buf.array();
    }

    /** Reads a datagram's fields without checking its MAC. */
    public static Keepalive parse(byte[] data, int length) throws MalformedFrameException {
        if (length != DATAGRAM_BYTES) {
            throw new MalformedFrameException("keepalive must have " + DATAGRAM_BYTES + " bytes, got " + length);
        }
        if (data[0] != 'P' || data[1] != 'K') {
            throw new MalformedFrameException("not a keepalive datagram");
        }
        if (data[2] != VERSION) {
            throw new MalformedFrameException("keepalive version " + data[2] + " is not supported");
        }
        ByteBuffer buf = ByteBuffer.wrap(data, 3, length - 3);
        byte[] session = new byte[SESSION_ID_BYTES];
        buf.get(session);
        long counter = buf.getLong();
        byte[] mac = new byte[MAC_BYTES];
        buf.get(mac);
        return new Keepalive(session, counter, mac);
    }

    /** True when the MAC was made with {@code key}; compared in constant time. */
    public boolean verify(byte[] key) {
        ByteBuffer buf = ByteBuffer.allocate(SIGNED_BYTES);
        buf.put((byte) 'P').put((byte) 'K').put(VERSION).put(sessionId).putLong(counter);
        return MessageDigest.isEqual(mac, hmac(key, buf.array(), SIGNED_BYTES));
    }

    private static byte[] hmac(byte[] key, byte[] data, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update(data, 0, length);
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
