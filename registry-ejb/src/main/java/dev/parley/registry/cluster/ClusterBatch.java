package dev.parley.registry.cluster;

import java.io.Serializable;
import org.wildfly.clustering.server.dispatcher.Command;

/**
 * A batch of messages from one node, as the command dispatcher carries it to another. Only bytes
 * cross: {@link ClusterWire} writes and reads them.
 */
final class ClusterBatch implements Command<Void, ClusterInbox, RuntimeException>, Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] payload;

    ClusterBatch(byte[] payload) {
        this.payload = payload;
    }

    @Override
    public Void execute(ClusterInbox inbox) {
        inbox.receive(payload);
        return null;
    }
}
