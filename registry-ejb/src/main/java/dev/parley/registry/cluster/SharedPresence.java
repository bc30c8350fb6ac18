package dev.parley.registry.cluster;

import java.util.List;
import java.util.function.Consumer;

/** The presence side of the cluster: what this node tells the others of its sessions, and learns of theirs. */
public interface SharedPresence {

    /**
     * Gives {@code handOver} every session this node serves, while no session changes: whatever
     * {@code handOver} queues comes before any later change this node publishes.
     */
    void sessionsServedHere(Consumer<List<SessionCard>> handOver);

    /** Applies what {@code node} said of its sessions. */
    void heard(String node, ClusterMessage message);

    /** {@code node} left the cluster (stopped, or crashed): its sessions wait for their clients to resume them here. */
    void nodeLeft(String node);
}
