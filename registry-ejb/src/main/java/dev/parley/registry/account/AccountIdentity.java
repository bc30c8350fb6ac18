package dev.parley.registry.account;

/** An account as others see it: the name as registered and its identity public key (canonical base64, null if none). */
public record AccountIdentity(String username, String identityKey) {
}
