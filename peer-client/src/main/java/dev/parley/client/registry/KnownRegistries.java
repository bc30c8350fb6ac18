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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry certificates this user trusts, like SSH's known_hosts: one line per registry,
 * {@code host:port SHA-256-fingerprint}. Read on every connection so a pin removed by hand (or
 * added by another parley process) counts at once.
 *
 * <p>The addresses of one {@code --registry} list are one registry (the nodes of a cluster share
 * one certificate), so an address without a line of its own must present the certificate pinned
 * for the first address of its list that has one ({@link #pinFor}); it then gets its own line. An
 * address with its own line keeps using it, so files from before the list form mean what they did.
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
        return find(lines(), registry);
    }

    /**
     * The pin {@code node} must match: its own, else that of the first address of {@code registry}
     * (the list it belongs to) that has one; empty when none has (first use).
     */
    synchronized Optional<RegistryPin> pinFor(RegistryAddress node, RegistryAddresses registry) throws IOException {
        List<String[]> lines = lines();
        Optional<String> own = find(lines, node);
        if (own.isPresent()) {
            return Optional.of(new RegistryPin(node, own.get()));
        }
        for (RegistryAddress sibling : registry.all()) {
            Optional<String> pinned = find(lines, sibling);
            if (pinned.isPresent()) {
                return Optional.of(new RegistryPin(sibling, pinned.get()));
            }
        }
        return Optional.empty();
    }

    /** The first line's fingerprint for this address (any letter case), if any. */
    private static Optional<String> find(List<String[]> lines, RegistryAddress registry) {
        String key = registry.toString();
        for (String[] fields : lines) {
            if (fields[0].equalsIgnoreCase(key)) {
                return Optional.of(fields[1].toUpperCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** The pin lines as {address, fingerprint, …}, comments and blank lines left out; none without a file. */
    private List<String[]> lines() throws IOException {
        List<String[]> pins = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] fields = s.split("\\s+");
                if (fields.length >= 2) {
                    pins.add(fields);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return pins;
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
