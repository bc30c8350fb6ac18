package dev.parley.client.registry;

import java.nio.file.Path;

/**
 * The registry presented a certificate other than the one pinned for its address, or (an address
 * met for the first time) other than the one pinned for another address of the same registry: the
 * nodes of one registry present one certificate. Never retried on its own: either someone is in
 * the middle, or the operator replaced the certificate (or the address is not a node of this
 * registry) and the user has to say so, by removing the pin or the address.
 */
public class CertificateChangedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String pinned;
    private final String presented;

    public CertificateChangedException(RegistryAddress registry, String pinned, String presented, Path knownRegistries) {
        this(registry, new RegistryPin(registry, pinned), presented, knownRegistries);
    }

    CertificateChangedException(RegistryAddress node, RegistryPin pin, String presented, Path knownRegistries) {
        super(pin.inheritedBy(node) ? explainNode(node, pin, presented, knownRegistries)
                : explain(node, pin.fingerprint(), presented, knownRegistries));
        this.pinned = pin.fingerprint();
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

    private static String explainNode(RegistryAddress node, RegistryPin pin, String presented, Path file) {
        return "the registry node at " + node + " presents a DIFFERENT certificate than the one pinned for "
                + pin.pinnedFor() + " of the same registry — refusing to connect\n"
                + "  pinned:    SHA-256 " + pin.fingerprint() + " (" + pin.pinnedFor() + ")\n"
                + "  presented: SHA-256 " + presented + " (" + node + ")\n"
                + "  All addresses given with --registry must be nodes of one registry with one certificate.\n"
                + "  If " + node + " is another registry, take it out of --registry; if the operator gave every node"
                + " a new certificate, remove the lines for " + pin.pinnedFor() + " and its other nodes from " + file
                + " and connect again.";
    }
}
