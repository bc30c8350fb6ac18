package dev.parley.client.registry;

import dev.parley.protocol.registry.LoginProof;
import java.security.PrivateKey;

/**
 * This computer's identity key, as a login uses it: the public half is offered (the registry
 * refuses a login whose key is not the account's), the private half signs the link's challenge
 * ({@link LoginProof}), so that a guessing attack on the account does not keep its owner waiting.
 */
public record DeviceKey(String publicKeyText, PrivateKey privateKey) {

    /** The proof for logging in as {@code username} on a link given {@code challenge}; null without a challenge. */
    String prove(String challenge, String username) {
        return challenge == null ? null : LoginProof.sign(privateKey, challenge, username);
    }

    @Override
    public String toString() {
        return "DeviceKey[" + publicKeyText + "]"; // never the private key
    }
}
