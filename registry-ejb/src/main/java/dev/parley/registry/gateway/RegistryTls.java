package dev.parley.registry.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Set;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The registry's TLS identity: an operator's key store, or a self-signed key pair made on first
 * start and kept in the server's data directory, so clients can pin it.
 */
public final class RegistryTls {
    private static final Logger LOG = Logger.getLogger(RegistryTls.class.getName());
    private static final String ALIAS = "parley-registry";

    private final SSLContext context;
    private final String fingerprint;

    private RegistryTls(SSLContext context, String fingerprint) {
        this.context = context;
        this.fingerprint = fingerprint;
    }

    /**
     * Loads {@code keyStorePath} with its password if given; otherwise loads or creates
     * {@code dataDir/registry-tls.p12}, whose random password sits beside it readable by the owner only.
     */
    public static RegistryTls loadOrCreate(String keyStorePath, String keyStorePassword, Path dataDir)
            throws IOException, GeneralSecurityException {
        Path store;
        char[] password;
        if (!keyStorePath.isEmpty()) {
            store = Path.of(keyStorePath);
            password = keyStorePassword.toCharArray();
        } else {
            ownerOnlyDirectory(dataDir);
            store = dataDir.resolve("registry-tls.p12");
            Path passwordFile = dataDir.resolve("registry-tls.password");
            if (!Files.exists(store)) {
                createSelfSigned(store, passwordFile);
            }
            password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim().toCharArray();
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        String alias = java.util.Collections.list(ks.aliases()).stream().filter(a -> isKeyEntry(ks, a)).findFirst()
                .orElseThrow(() -> new GeneralSecurityException(store + " holds no private key"));
        X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        return new RegistryTls(ctx, fingerprint(cert));
    }

    private static boolean isKeyEntry(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }

    public SSLContext context() {
        return context;
    }

    /** SHA-256 of the certificate, as colon-separated hex: what clients pin and people compare. */
    public String fingerprint() {
        return fingerprint;
    }

    static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    private static void createSelfSigned(Path store, Path passwordFile) throws IOException, GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + ALIAS);
        X509Certificate cert;
        try {
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    name, pair.getPublic());
            cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the registry certificate", e);
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new X509Certificate[] {cert});
        try (OutputStream out = newOwnerOnlyFile(passwordFile)) {
            out.write(new String(password).getBytes(StandardCharsets.US_ASCII));
        }
        try (OutputStream out = newOwnerOnlyFile(store)) {
            ks.store(out, password);
        }
        LOG.info(() -> "created a self-signed registry certificate in " + store);
    }

    /**
     * The folder of the key (and of the H2 default database, which H2 creates with whatever umask
     * the server has) is the owner's only, made so or kept so at every start: whoever started the
     * server and however, nobody else can read the files in it.
     */
    private static void ownerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (isPosix(dir)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** A new file that is owner-only from its creation on, not after a moment readable by others. */
    private static OutputStream newOwnerOnlyFile(Path file) throws IOException {
        if (!isPosix(file.getParent())) {
            // Not a POSIX file system: the folder's own protection has to do.
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
    }

    private static boolean isPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
