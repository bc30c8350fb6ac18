package dev.parley.protocol.mail;

import dev.parley.protocol.Length;
import java.nio.charset.StandardCharsets;

/**
 * One message sealed for one recipient, as it travels through the registry (offline mail, and
 * relay between peers that cannot reach each other). The registry routes it by {@code from} and
 * {@code to} and stores it as it is; it cannot read it.
 *
 * <ul>
 * <li>{@code id}: the message's own id, made by the sender (the same id a direct link carries), so
 *     a message that travels both ways is still one message.</li>
 * <li>{@code key} and {@code sealed}: HPKE (RFC 9180, base mode, DHKEM(P-256, HKDF-SHA256),
 *     HKDF-SHA256, AES-128-GCM) to the recipient's identity key: the encapsulated key and the
 *     ciphertext of a {@link Letter}, base64. The HPKE info is {@link #HPKE_INFO}; the associated
 *     data is {@link #header()}, so a ciphertext opens only under the id, sender and recipient it
 *     was sealed with.</li>
 * <li>{@code signature}: ECDSA P-256 with SHA-256 (DER, base64) by the sender's identity key over
 *     {@link #signedText()}: every other field.</li>
 * </ul>
 */
public record Envelope(
        @Length(min = 1, max = 64) String id,
        String from,
        String to,
        @Length(min = 1, max = MAX_KEY_CHARS) String key,
        @Length(min = 1, max = MAX_SEALED_CHARS) String sealed,
        @Length(min = 1, max = MAX_SIGNATURE_CHARS) String signature) {

    /** The HPKE info string: which protocol and version the keys are used for. */
    public static final String HPKE_INFO = "parley mail 1";
    /** Base64 of an uncompressed P-256 point (65 bytes) is 88 characters. */
    public static final int MAX_KEY_CHARS = 88;
    /**
     * Largest sealed letter in bytes: a 4000-character body of characters JSON escapes as
     * {@code \}{@code uXXXX} is 24,000 bytes; the rest of the letter and the GCM tag fit in what is left.
     */
    public static final int MAX_SEALED_BYTES = 32 * 1024;
    /** Base64 of {@link #MAX_SEALED_BYTES}. */
    public static final int MAX_SEALED_CHARS = (MAX_SEALED_BYTES + 2) / 3 * 4;
    /** A DER ECDSA P-256 signature is at most 72 bytes: 96 base64 characters. */
    public static final int MAX_SIGNATURE_CHARS = 96;

    /** What the ciphertext is bound to: the version, the id, the sender and the recipient, one per line. */
    public byte[] header() {
        return ("parley-envelope-1\n" + id + "\n" + from + "\n" + to).getBytes(StandardCharsets.UTF_8);
    }

    /** What the sender signs: the header, the encapsulated key and the ciphertext, one per line. */
    public byte[] signedText() {
        return ("parley-envelope-1\n" + id + "\n" + from + "\n" + to + "\n" + key + "\n" + sealed)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The same envelope with a signature (the sender signs after sealing). */
    public Envelope signed(String signatureText) {
        return new Envelope(id, from, to, key, sealed, signatureText);
    }
}
