package dev.parley.registry.mail;

import dev.parley.protocol.Credentials;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.mail.Envelope;
import java.util.Arrays;
import java.util.Base64;

/**
 * An envelope as the registry keeps it: its routing fields and its three opaque fields decoded,
 * after every check that can be made without opening it (PROTOCOL.md, "The envelope").
 *
 * <p>The recipient checks the signature over the base64 text exactly as the sender wrote it, and
 * the registry keeps the bytes, not the text. So a field is taken only if it is the one standard
 * base64 spelling of its bytes (padded, no line breaks, no stray bits): then encoding the bytes
 * again gives back that text, character for character. Names are taken only as registered for
 * the same reason: the registry passes the envelope on with the names it holds.
 */
public record SealedEnvelope(String id, String from, String to, byte[] key, byte[] sealed, byte[] signature) {
    /** An uncompressed P-256 point: 0x04, then X and Y of 32 bytes each. */
    static final int KEY_BYTES = 65;
    /** The shortest and longest DER encodings of an ECDSA P-256 signature allowed. */
    static final int SIGNATURE_MIN_BYTES = 8;
    static final int SIGNATURE_MAX_BYTES = 72;

    /**
     * Checks an envelope {@code sender} (the session's user, as registered) deposits. Refuses with
     * 400 naming the field, or 403 when it claims another sender; the recipient's existence is the
     * repository's to check.
     */
    static SealedEnvelope of(String sender, Envelope e) {
        if (!Limits.isMessageId(e.id())) {
            throw MailRefusal.badField("id", "1 to 64 letters, digits, '-' or '_'");
        }
        if (!Names.key(e.from()).equals(Names.key(sender))) {
            throw MailRefusal.notYours(e.from());
        }
        if (!e.from().equals(sender)) {
            throw MailRefusal.badField("from", "write " + sender + " as registered");
        }
        Credentials.usernameProblem(e.to()).ifPresent(p -> {
            throw MailRefusal.badField("to", p);
        });
        if (Names.key(e.to()).equals(Names.key(sender))) {
            throw MailRefusal.toSelf();
        }
        byte[] key = decode("key", e.key());
        if (key.length != KEY_BYTES || key[0] != 0x04) {
            throw MailRefusal.badField("key", "base64 of an uncompressed P-256 point (65 bytes)");
        }
        byte[] sealed = decode("sealed", e.sealed());
        if (sealed.length == 0 || sealed.length > Envelope.MAX_SEALED_BYTES) {
            throw MailRefusal.badField("sealed", "1 to " + Envelope.MAX_SEALED_BYTES + " bytes");
        }
        byte[] signature = decode("signature", e.signature());
        if (signature.length < SIGNATURE_MIN_BYTES || signature.length > SIGNATURE_MAX_BYTES) {
            throw MailRefusal.badField("signature", "a DER ECDSA P-256 signature (" + SIGNATURE_MIN_BYTES + " to "
                    + SIGNATURE_MAX_BYTES + " bytes)");
        }
        return new SealedEnvelope(e.id(), e.from(), e.to(), key, sealed, signature);
    }

    /** The envelope again, as the sender wrote it, with {@code to} as registered. */
    static Envelope envelope(String id, String from, String to, byte[] key, byte[] sealed, byte[] signature) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new Envelope(id, from, to, b64.encodeToString(key), b64.encodeToString(sealed),
                b64.encodeToString(signature));
    }

    /** The bytes of a field that is standard padded base64 and nothing else (see the class comment). */
    private static byte[] decode(String field, String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw MailRefusal.badField(field, "not base64");
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw MailRefusal.badField(field, "not standard padded base64");
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedEnvelope s && id.equals(s.id) && from.equals(s.from) && to.equals(s.to)
                && Arrays.equals(key, s.key) && Arrays.equals(sealed, s.sealed) && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return (id + from + to).hashCode() * 31 + Arrays.hashCode(sealed);
    }

    @Override
    public String toString() {
        return "envelope " + id + " from " + from + " to " + to + " (" + sealed.length + " sealed bytes)";
    }
}
