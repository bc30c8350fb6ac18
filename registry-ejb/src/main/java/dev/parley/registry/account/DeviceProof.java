package dev.parley.registry.account;

import dev.parley.protocol.Status;
import dev.parley.protocol.registry.LoginProof;
import dev.parley.registry.RequestRefused;

/**
 * A LOGIN's claim to come from a computer holding the account's identity key: the signature it
 * carries ({@link LoginProof}) and the challenge its link was given. Checked against the key the
 * account holds, and only when it matters (the account is being slowed by guessing), so a login
 * that carries one costs nothing more while no one attacks.
 */
public record DeviceProof(String challenge, String signature) {

    /** The proof a LOGIN carries on a link given {@code challenge}; null when it carries none. 400 when malformed. */
    public static DeviceProof of(String challenge, String signature) {
        if (signature == null) {
            return null;
        }
        LoginProof.problem(signature).ifPresent(p -> {
            throw new RequestRefused(Status.BAD_REQUEST, p);
        });
        return new DeviceProof(challenge, signature);
    }

    /** Whether this is {@code username}'s signature under the key the account holds ({@code storedKey}, or null). */
    boolean provenBy(String storedKey, String username) {
        return IdentityKeys.decode(storedKey)
                .map(key -> LoginProof.verify(key, challenge, username, signature))
                .orElse(false);
    }
}
