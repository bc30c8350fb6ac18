package dev.parley.client.identity;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Decides whether the key a peer proved it holds (in the TLS handshake) really is the named
 * user's: it must equal the key the registry holds for that name and the key pinned here the
 * first time. Every refusal says loudly what is wrong, because it may be an impersonation.
 */
public final class IdentityCheck {
    private final KnownPeers pins;

    public IdentityCheck(KnownPeers pins) {
        this.pins = pins;
    }

    /**
     * @param registryKey the key the registry holds for {@code username}, empty if it holds none
     * @throws IdentityException the key is not {@code username}'s, or it changed since it was pinned
     */
    public void verify(String username, PublicKey presented, Optional<String> registryKey) throws IdentityException {
        PublicKey registered = trusted(username, registryKey);
        if (!registered.equals(presented)) {
            throw new IdentityException("WARNING: the peer claiming to be " + username + " presented key "
                    + Fingerprint.of(presented) + ", but the registry holds " + Fingerprint.of(registered)
                    + " for " + username + " — someone may be impersonating " + username + "; link refused");
        }
    }

    /**
     * The key {@code username} signs with, as the registry holds it, checked against the key pinned
     * here the first time (pinned now if there is none): what a sealed message's signature is checked with.
     *
     * @throws IdentityException the registry holds none or an unusable one, or it changed since it was pinned
     */
    public PublicKey trusted(String username, Optional<String> registryKey) throws IdentityException {
        if (registryKey.isEmpty()) {
            throw new IdentityException(username + " has no identity key at the registry (an older parley?),"
                    + " so the link cannot be authenticated");
        }
        PublicKey registered;
        try {
            registered = Identity.decode(registryKey.get());
        } catch (IllegalArgumentException e) {
            throw new IdentityException("the registry's key for " + username + " is unusable; link refused");
        }
        try {
            Optional<String> pinned = pins.pinned(username);
            if (pinned.isEmpty()) {
                pins.pin(username, Identity.encode(registered));
                return registered;
            }
            PublicKey pinnedKey = Identity.decode(pinned.get());
            if (!pinnedKey.equals(registered)) {
                throw new IdentityException("WARNING: " + username + "'s identity key has CHANGED since you first"
                        + " talked: pinned " + Fingerprint.of(pinnedKey) + ", now " + Fingerprint.of(registered)
                        + " — if " + username + " really made a new key, compare with /verify " + username
                        + " (by phone or in person), then delete " + username + "'s line in " + pins.file()
                        + "; link refused");
            }
            return registered;
        } catch (IOException e) {
            throw new IdentityException("cannot read or write the pinned keys in " + pins.file() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IdentityException("the pinned key for " + username + " in " + pins.file()
                    + " is damaged; delete that line to pin again");
        }
    }
}
