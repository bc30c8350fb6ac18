package dev.parley.registry.account;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * Identity public keys as the registry accepts and stores them: an EC P-256 (secp256r1) public
 * key in X.509 SubjectPublicKeyInfo DER form, standard base64. Stored and compared in one canonical
 * form: the base64, with padding, of the key's own encoding.
 */
public final class IdentityKeys {
    /** The rule, as a refusal tells it. */
    public static final String RULE = "identityKey must be an EC P-256 public key (X.509 SubjectPublicKeyInfo, base64)";
    /** Far above the 124 characters of a P-256 key; longer text is refused before decoding. */
    private static final int MAX_CHARS = 200;
    private static final ECParameterSpec P256 = p256();

    private IdentityKeys() {
    }

    /** The canonical base64 of the key, or empty when the text is not an EC P-256 public key. */
    public static Optional<String> canonical(String base64) {
        if (base64 == null || base64.isEmpty() || base64.length() > MAX_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams()) || !onCurve(ec.getW())) {
                return Optional.empty();
            }
            return Optional.of(Base64.getEncoder().encodeToString(ec.getEncoded()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** The key a stored (canonical) text holds, or empty if it holds none. */
    static Optional<PublicKey> decode(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(stored))));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isP256(ECParameterSpec p) {
        return p != null && p.getCurve().equals(P256.getCurve()) && p.getGenerator().equals(P256.getGenerator())
                && p.getOrder().equals(P256.getOrder()) && p.getCofactor() == P256.getCofactor();
    }

    /** y² = x³ + ax + b (mod p), with both coordinates reduced: a point some key pair could have. */
    private static boolean onCurve(ECPoint w) {
        if (w == null || ECPoint.POINT_INFINITY.equals(w)) {
            return false;
        }
        EllipticCurve curve = P256.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no EC P-256", e);
        }
    }
}
