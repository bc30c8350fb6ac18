package dev.parley.client.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A user's identity: an EC P-256 key pair made on this computer at registration, and a
 * self-signed certificate carrying its public key, which the peer links present in mutual TLS.
 * The registry holds the public key; peers trust the key, never the certificate's other fields.
 */
public record Identity(String username, PrivateKey privateKey, X509Certificate certificate) {
    private static final String CURVE = "secp256r1";

    /** Makes a new key pair and certificate for {@code username}. */
    public static Identity create(String username) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, username).build();
            Instant now = Instant.now();
            // Validity is not checked by peers (the key is what counts), so the dates only need to look sane.
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(36500))),
                            name, pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new Identity(username, pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("this Java cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    /** The public key as the registry stores it: base64 of its X.509 SubjectPublicKeyInfo. */
    public String publicKeyText() {
        return encode(publicKey());
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads a public key in the registry's form.
     *
     * @throws IllegalArgumentException it is not base64 of an EC P-256 public key
     */
    public static PublicKey decode(String text) {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("not an EC P-256 key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an identity key (base64 of an EC P-256 public key)", e);
        }
    }
}
