package dev.parley.client.identity;

import dev.parley.protocol.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The identity key file's format (version 1): the private key (PKCS#8) and its certificate, sealed
 * with AES-256-GCM under a key derived from the account password with Argon2id, the derivation's
 * parameters kept in the file so they can be raised later without breaking older files.
 *
 * <pre>
 *  offset size
 *   0      8  magic "PARLEYID"
 *   8      1  format version, 1
 *   9      1  key derivation: 1 = Argon2id (version 0x13)
 *  10      4  memory in KiB
 *  14      4  iterations
 *  18      1  parallelism
 *  19     16  salt
 *  35     12  GCM nonce
 *  47      4  length N of what follows
 *  51      N  AES-256-GCM ciphertext and 16-byte tag; the 51 bytes before it are its associated data
 * </pre>
 * The plaintext is a 2-byte length and the PKCS#8 key, then a 2-byte length and the certificate's
 * DER encoding. All numbers are big-endian. Whatever the bytes, reading ends in an identity or an
 * {@link IdentityException} saying whether the file is damaged or the password does not open it;
 * the header's numbers are bounded before any memory is given to them.
 */
final class KeyFile {
    static final byte[] MAGIC = "PARLEYID".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ARGON2ID = 1;
    static final int HEADER_BYTES = 51;
    /** Far above a P-256 key and its certificate (under 1 KiB together); a bigger file is not ours. */
    static final int MAX_FILE_BYTES = 16 * 1024;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** Argon2id's cost: memory, passes and lanes. */
    record Cost(int memoryKiB, int iterations, int parallelism) {
        /**
         * 64 MiB, 3 passes, 1 lane (RFC 9106's second recommendation, with one lane because the
         * derivation here runs on one thread). About 0.3 s per guess once the JVM is warm on a
         * 2-core machine, and 64 MiB each, against 4 ms and no memory for the PBKDF2 of PKCS#12.
         */
        static final Cost STANDARD = new Cost(64 * 1024, 3, 1);
        /** What a file may ask of us: enough for any sane setting, not enough to exhaust the computer. */
        static final int MIN_MEMORY_KIB = 8 * 1024;
        static final int MAX_MEMORY_KIB = 1024 * 1024;
        static final int MAX_ITERATIONS = 32;
        static final int MAX_PARALLELISM = 16;

        boolean allowed() {
            return memoryKiB >= MIN_MEMORY_KIB && memoryKiB <= MAX_MEMORY_KIB && iterations >= 1
                    && iterations <= MAX_ITERATIONS && parallelism >= 1 && parallelism <= MAX_PARALLELISM
                    && memoryKiB >= 8 * parallelism;
        }
    }

    /** The file could not be read as a key file; {@code reason} says how, for a message. */
    static final class DamagedException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedException(String reason) {
            super(reason);
        }
    }

    /** The file is well formed but this password does not open it (or its sealed part was altered). */
    static final class WrongPasswordException extends Exception {
        private static final long serialVersionUID = 1L;

        WrongPasswordException() {
            super("the password does not open it");
        }
    }

    private KeyFile() {
    }

    /** The bytes of a key file holding {@code identity}, sealed under {@code password} at {@code cost}. */
    static byte[] write(Identity identity, char[] password, Cost cost, SecureRandom random) throws GeneralSecurityException {
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = identity.privateKey().getEncoded();
        byte[] certificate = identity.certificate().getEncoded();
        byte[] plain = ByteBuffer.allocate(4 + key.length + certificate.length)
                .putShort((short) key.length).put(key).putShort((short) certificate.length).put(certificate).array();
        byte[] sealingKey = derive(password, salt, cost);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sealingKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] header = header(cost, salt, nonce, plain.length + TAG_BITS / 8);
            gcm.updateAAD(header);
            byte[] sealed = gcm.doFinal(plain);
            return ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
        } finally {
            Arrays.fill(sealingKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Reads a key file's bytes with {@code password}. */
    static Identity read(byte[] file, String username, char[] password) throws DamagedException, WrongPasswordException {
        if (file.length < HEADER_BYTES) {
            throw new DamagedException("it is cut short");
        }
        if (file.length > MAX_FILE_BYTES) {
            throw new DamagedException("it is " + file.length + " bytes, more than a key file can be");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DamagedException("it is not a parley key file");
        }
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new DamagedException("it is in format " + version + ", which a newer parley wrote; update parley");
        }
        int kdf = in.get() & 0xff;
        if (kdf != ARGON2ID) {
            throw new DamagedException("it names key derivation " + kdf + ", which this parley does not know");
        }
        Cost cost = new Cost(in.getInt(), in.getInt(), in.get() & 0xff);
        if (!cost.allowed()) {
            throw new DamagedException("its key derivation settings are out of range (" + cost.memoryKiB() + " KiB, "
                    + cost.iterations() + " passes, " + cost.parallelism() + " lanes)");
        }
        byte[] salt = new byte[SALT_BYTES];
        in.get(salt);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        int length = in.getInt();
        if (length != in.remaining()) {
            throw new DamagedException(length > in.remaining() || length < 0 ? "it is cut short" : "it has "
                    + (in.remaining() - length) + " bytes too many at its end");
        }
        if (length <= TAG_BITS / 8 + 4) {
            throw new DamagedException("its sealed part is too short to hold a key");
        }
        byte[] plain;
        byte[] sealingKey = derive(password, salt, cost);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sealingKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(file, 0, HEADER_BYTES);
            plain = gcm.doFinal(file, HEADER_BYTES, length);
        } catch (AEADBadTagException e) {
            throw new WrongPasswordException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no AES-GCM: " + e.getMessage(), e);
        } finally {
            Arrays.fill(sealingKey, (byte) 0);
        }
        try {
            return identity(username, ByteBuffer.wrap(plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The sealed part opened (so the password was right and nothing was altered), but it holds no key and certificate. */
    private static Identity identity(String username, ByteBuffer plain) throws DamagedException {
        try {
            byte[] key = new byte[plain.getShort() & 0xffff];
            plain.get(key);
            byte[] certificate = new byte[plain.getShort() & 0xffff];
            plain.get(certificate);
            if (plain.hasRemaining()) {
                throw new DamagedException("its sealed part holds more than a key and a certificate");
            }
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key));
            Arrays.fill(key, (byte) 0);
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificate));
            return new Identity(username, privateKey, x509);
        } catch (java.nio.BufferUnderflowException e) {
            throw new DamagedException("its sealed part is cut short");
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DamagedException("its sealed part holds no EC key and certificate (" + e.getMessage() + ")");
        }
    }

    private static byte[] header(Cost cost, byte[] salt, byte[] nonce, int sealedLength) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(ARGON2ID);
            out.writeInt(cost.memoryKiB());
            out.writeInt(cost.iterations());
            out.writeByte(cost.parallelism());
            out.write(salt);
            out.write(nonce);
            out.writeInt(sealedLength);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Argon2id of the password (as UTF-8, in NFKC as the registry compares it, so a password the
     * registry accepts in another Unicode form opens the key too) with {@code salt}: the 32-byte AES key.
     */
    private static byte[] derive(char[] password, byte[] salt, Cost cost) {
        Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
        argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        byte[] key = new byte[32];
        argon2.generateBytes(Credentials.normalizedPassword(password), key);
        return key;
    }
}
