package dev.parley.client.registry;

import java.nio.file.Path;

/**
 * The registry presented a certificate other than the one pinned for its address. Never retried
 * on its own: either someone is in the middle, or the operator replaced the certificate and the
 * user has to say so by removing the pin.
 */
public class CertificateChangedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String pinned;
    private final String presented;

    public CertificateChangedException(RegistryAddress registry, String pinned, String presented, Path knownRegistries) {
        super(explain(registry, pinned, presented, knownRegistries));
        this.pinned = pinned;
        this.presented = presented;
    }

    public String pinned() {
        return pinned;
    }

    public String presented() {
        return presented;
    }

    private static String explain(RegistryAddress registry, String pinned, String presented, Path file) {
        return "the registry at " + registry + " presented a DIFFERENT certificate than the one pinned"
                + " — refusing to connect\n"
                + "  pinned:    SHA-256 " + pinned + "\n"
                + "  presented: SHA-256 " + presented + "\n"
                + "  Someone may be intercepting the connection, or the registry's operator replaced its certificate.\n"
                + "  If you are sure it was replaced, remove the line for " + registry + " from " + file
                + " and connect again.";
    }
}
