package dev.parley.client.registry;

/**
 * The certificate fingerprint an address must present, and the address it was pinned for: the
 * address itself, or another address of the same registry (a node met before; all nodes of one
 * registry present the same certificate).
 */
record RegistryPin(RegistryAddress pinnedFor, String fingerprint) {

    /** True when the pin was recorded for another address of the registry, not for {@code node} itself. */
    boolean inheritedBy(RegistryAddress node) {
        return !pinnedFor.equals(node);
    }
}
