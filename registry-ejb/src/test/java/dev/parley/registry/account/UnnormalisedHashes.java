package dev.parley.registry.account;

import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Hashes as the registry made them before it normalised passwords: of the password exactly as sent. */
public final class UnnormalisedHashes {
    private UnnormalisedHashes() {
    }

    /** The PHC string the registry stored for this password before normalising, with a fixed salt. */
    public static String of(String password) {
        byte[] salt = "sixteen byte slt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(PasswordHasher.MEMORY_KIB)
                .withIterations(PasswordHasher.ITERATIONS)
                .withParallelism(PasswordHasher.PARALLELISM)
                .withSalt(salt)
                .build());
        byte[] hash = new byte[32];
        generator.generateBytes(password.toCharArray(), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + PasswordHasher.MEMORY_KIB + ",t=" + PasswordHasher.ITERATIONS + ",p="
                + PasswordHasher.PARALLELISM + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
