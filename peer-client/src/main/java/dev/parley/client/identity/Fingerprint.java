package dev.parley.client.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** What two people read to each other to check an identity key: SHA-256 of the key in sixteen groups of four hex digits. */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(PublicKey key) {
        try {
            String hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
            StringBuilder b = new StringBuilder(hex.length() + hex.length() / 4);
            for (int i = 0; i < hex.length(); i += 4) {
                b.append(i == 0 ? "" : " ").append(hex, i, i + 4);
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
