package dev.parley.registry.cluster;

/** Where the batches other nodes send arrive on this node: the command dispatcher's context. */
@FunctionalInterface
interface ClusterInbox {

    /**
     * Takes one batch, in the order its sender sent it.
     *
     * @throws IllegalStateException when this node cannot take it yet (still starting): the sender tries again
     */
    void receive(byte[] payload);
}
