package dev.parley.client.registry;

import dev.parley.client.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry certificates this user trusts, like SSH's known_hosts: one line per registry,
 * {@code host:port SHA-256-fingerprint}. Read on every connection so a pin removed by hand (or
 * added by another parley process) counts at once.
 */
public final class KnownRegistries {
    private final Path file;

    public KnownRegistries(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The fingerprint pinned for this registry, if any. */
    public synchronized Optional<String> pinnedFingerprint(RegistryAddress registry) throws IOException {
        String key = registry.toString();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] fields = s.split("\\s+");
                if (fields.length >= 2 && fields[0].equalsIgnoreCase(key)) {
                    return Optional.of(fields[1].toUpperCase(Locale.ROOT));
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Records the fingerprint for this registry (first use). */
    public synchronized void pin(RegistryAddress registry, String fingerprint) throws IOException {
        PrivateFiles.createFolder(file.toAbsolutePath().getParent());
        PrivateFiles.createFile(file);
        Files.writeString(file, registry + " " + fingerprint + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** SHA-256 of a certificate's DER encoding as colon-separated upper-case hex, the form the registry logs. */
    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
