package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens registry links to one of the registry's addresses (one registry, or the nodes of a
 * registry cluster, which share the sessions). It starts with the address that worked last, so a
 * client stays with its node while that node lives, and moves on in list order when a node cannot
 * be reached or fails the handshake, or after it answered that it cannot serve now ({@link #passOver()});
 * the user hears when it moves away from a node that worked.
 *
 * <p>A certificate that does not match its pin ends the search at once: all nodes of a registry
 * present one certificate (see {@link KnownRegistries}), so a node that presents another is not to
 * be talked to, and no other node makes that right. Every failure becomes one sentence that names
 * the registry (each address, when all failed) and what to do.
 */
public final class RegistryConnector {
    private final RegistryAddresses registry;
    private final NodeConnector nodes;
    private final SessionObserver observer;
    /** The index of the address that worked last; the first one before any did. */
    private volatile int inUse;
    /** Where the next connect starts: {@link #inUse}, or the address after it once that node was passed over. */
    private volatile int startAt;
    /** True once an address worked: moving away from it is then news for the user. */
    private volatile boolean connectedBefore;

    public RegistryConnector(RegistryAddress registry, KnownRegistries knownRegistries, SessionObserver observer,
            Duration connectTimeout, Duration requestTimeout) {
        this(RegistryAddresses.of(registry), knownRegistries, observer, connectTimeout, requestTimeout);
    }

    public RegistryConnector(RegistryAddresses registry, KnownRegistries knownRegistries, SessionObserver observer,
            Duration connectTimeout, Duration requestTimeout) {
        this.registry = registry;
        this.nodes = new NodeConnector(registry, knownRegistries, observer, connectTimeout, requestTimeout);
        this.observer = observer;
    }

    /** The address in use: the one that worked last (the first one before any did). */
    public RegistryAddress registry() {
        return registry.get(inUse);
    }

    /** All the registry's addresses, in the order given. */
    public RegistryAddresses addresses() {
        return registry;
    }

    /**
     * A link that has said HELLO and is ready for requests, to the first address that gives one.
     *
     * @throws CertificateChangedException an address presented a certificate other than its pin
     * @throws RegistryUnreachableException no address answered (with one address: its own reason),
     *     worth trying again later
     * @throws RegistryException no address was usable, for reasons trying again will not cure
     */
    public RegistryLink connect(LinkObserver linkObserver) throws RegistryException {
        int from = startAt;
        List<String> reasons = new ArrayList<>();
        boolean worthRetrying = false;
        for (int i = 0; i < registry.size(); i++) {
            int index = (from + i) % registry.size();
            RegistryAddress node = registry.get(index);
            try {
                RegistryLink link = nodes.connect(node, linkObserver);
                int before = inUse;
                boolean moved = connectedBefore && index != before;
                inUse = index;
                startAt = index;
                connectedBefore = true;
                if (moved) {
                    observer.registryMoved(registry.get(before), node);
                }
                return link;
            } catch (NodeConnector.Failure f) {
                if (registry.size() == 1) {
                    throw f.error(); // a single registry says what it always said
                }
                Diagnostics.trace("connecting to the registry node at " + node, f.error());
                reasons.add(node + ": " + f.brief());
                worthRetrying |= f.error() instanceof RegistryUnreachableException;
            }
        }
        String message = "cannot reach the registry at any of its " + registry.size() + " addresses ("
                + String.join("; ", reasons) + ") — are they running? (--registry host:port,host:port)";
        throw worthRetrying ? new RegistryUnreachableException(message) : new RegistryException(message);
    }

    /**
     * The node in use answered a LOGIN that it cannot serve now (503: its password hashing is
     * saturated, or its database is unavailable): the next connect starts with the next address, so
     * that the other nodes of a cluster take the load. With one address the next connect goes to it again.
     */
    public void passOver() {
        startAt = (inUse + 1) % registry.size();
    }
}
