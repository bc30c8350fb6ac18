package dev.parley.client.mail;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Sealing a letter into an {@link Envelope} and opening one, as docs/PROTOCOL.md describes: HPKE
 * (RFC 9180, base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM) to the recipient's
 * identity key, bound to the envelope's header, then signed by the sender's identity key. Encrypt
 * then sign, with the sender named inside the sealed part's associated data: a third party who
 * strips the signature and signs the ciphertext as their own gets an envelope that does not open,
 * because its header no longer matches.
 */
public final class SealedMail {
    private static final RecordCodec<Letter> LETTER = RecordCodec.of(Letter.class);
    private static final byte[] INFO = Envelope.HPKE_INFO.getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private SealedMail() {
    }

    /**
     * Seals {@code letter} to {@code recipientKey} and signs it with {@code sender}'s key. {@code from}
     * and {@code to} are the names as registered: the registry refuses any other spelling, because
     * the signature and the sealing cover them as written.
     */
    public static Envelope seal(Identity sender, String from, String to, PublicKey recipientKey, String id,
            Letter letter) {
        return seal(sender, from, to, recipientKey, id,
                LETTER.toJson(letter).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Seals any bytes as a letter would be (the fuzz test seals what is not a letter). */
    static Envelope seal(Identity sender, String from, String to, PublicKey recipientKey, String id, byte[] plain) {
        Envelope unsigned = new Envelope(id, from, to, "-", "-", "-");
        byte[][] sealed;
        try {
            sealed = hpke().seal(PublicKeyFactory.createKey(recipientKey.getEncoded()), INFO, unsigned.header(), plain,
                    null, null, null);
        } catch (IOException | InvalidCipherTextException e) {
            throw new IllegalArgumentException("cannot seal to that key: " + e.getMessage(), e);
        }
        Envelope envelope = new Envelope(id, from, to, BASE64.encodeToString(sealed[1]),
                BASE64.encodeToString(sealed[0]), "-");
        return envelope.signed(BASE64.encodeToString(sign(sender, envelope.signedText())));
    }

    /**
     * Checks the signature with {@code senderKey}, then opens the envelope with the recipient's
     * private key.
     *
     * @throws MailUnreadableException forged, damaged, sealed to someone else, or not a letter
     */
    public static Letter open(Envelope envelope, Identity recipient, PublicKey senderKey) throws MailUnreadableException {
        byte[] key;
        byte[] sealed;
        byte[] signature;
        try {
            key = Base64.getDecoder().decode(envelope.key());
            sealed = Base64.getDecoder().decode(envelope.sealed());
            signature = Base64.getDecoder().decode(envelope.signature());
        } catch (IllegalArgumentException e) {
            throw new MailUnreadableException("its fields are not base64");
        }
        if (!verified(senderKey, envelope.signedText(), signature)) {
            throw new MailUnreadableException("its signature is not " + envelope.from() + "'s");
        }
        byte[] plain;
        try {
            AsymmetricCipherKeyPair mine = new AsymmetricCipherKeyPair(
                    PublicKeyFactory.createKey(recipient.publicKey().getEncoded()),
                    PrivateKeyFactory.createKey(recipient.privateKey().getEncoded()));
            plain = hpke().open(key, mine, INFO, envelope.header(), sealed, null, null, null);
        } catch (IOException | InvalidCipherTextException | RuntimeException e) {
            // BouncyCastle reports a point off the curve or a short key as a runtime exception.
            throw new MailUnreadableException("it does not open with your key (sealed for someone else, or damaged)");
        }
        try (JsonReader reader = Json.createReader(new StringReader(new String(plain, StandardCharsets.UTF_8)))) {
            JsonObject json = reader.readObject();
            return LETTER.read(json);
        } catch (JsonException | IllegalStateException | InvalidFieldException e) {
            throw new MailUnreadableException("what it seals is not a message: " + e.getMessage());
        }
    }

    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    private static byte[] sign(Identity sender, byte[] text) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(sender.privateKey());
            s.update(text);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot sign with EC P-256: " + e.getMessage(), e);
        }
    }

    private static boolean verified(PublicKey key, byte[] text, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(text);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is as good as a wrong one
        }
    }
}
