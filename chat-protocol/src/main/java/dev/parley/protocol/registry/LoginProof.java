package dev.parley.protocol.registry;

import dev.parley.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * A LOGIN's proof that it comes from a device holding the account's identity key: an ECDSA P-256
 * signature, with SHA-256, over {@code parley-login-proof}, the link's challenge from the HELLO
 * answer and the username's lower-case key, each ended by a newline. The challenge is random for
 * each link, so a proof cannot be used on another link (or by another registry node).
 *
 * <p>Why: an account under a guessing attack makes addresses that never logged into it wait
 * between checks. Its owner on a new network would wait with the attacker; a valid proof lets
 * the owner's own computer through as if from a known address, without any state the registry
 * must keep or share between nodes.
 *
 * <p>The signature is the 64 bytes of r and s (IEEE P1363, as WebCrypto makes it), in standard
 * base64: 88 characters.
 */
public final class LoginProof {
    /** The longest {@code proof} a LOGIN may carry: base64 of 64 bytes. */
    public static final int MAX_LENGTH = 88;
    public static final String RULE = "proof must be base64 of a 64-byte ECDSA P-256 signature (r and s)";
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final int SIGNATURE_BYTES = 64;
    private static final int CHALLENGE_BYTES = 32;

    private LoginProof() {
    }

    /** A new random challenge for one link: 32 bytes, base64url without padding. */
    public static String newChallenge(SecureRandom random) {
        byte[] b = new byte[CHALLENGE_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The proof for logging in as {@code username} on the link that was given {@code challenge}. */
    public static String sign(PrivateKey identity, String challenge, String username) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(identity);
            s.update(signed(challenge, username));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code proof} is {@code identity}'s signature for this challenge and username; false for any malformed part. */
    public static boolean verify(PublicKey identity, String challenge, String username, String proof) {
        Optional<byte[]> signature = decode(proof);
        if (signature.isEmpty() || challenge == null || username == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(identity);
            s.update(signed(challenge, username));
            return s.verify(signature.get());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What is wrong with the form of a proof ({@link #RULE}), or empty when it is well formed. */
    public static Optional<String> problem(String proof) {
        return decode(proof).isPresent() ? Optional.empty() : Optional.of(RULE);
    }

    private static Optional<byte[]> decode(String proof) {
        if (proof == null || proof.length() != MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            byte[] b = Base64.getDecoder().decode(proof);
            return b.length == SIGNATURE_BYTES ? Optional.of(b) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] signed(String challenge, String username) {
        return ("parley-login-proof\n" + challenge + "\n" + Names.key(username) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
