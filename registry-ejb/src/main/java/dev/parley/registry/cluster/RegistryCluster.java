package dev.parley.registry.cluster;

import dev.parley.registry.RepeatedFailureLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.GroupMembershipEvent;
import org.wildfly.clustering.server.Registration;
import org.wildfly.clustering.server.dispatcher.CommandDispatcher;
import org.wildfly.clustering.server.dispatcher.CommandDispatcherFactory;

/**
 * This registry node among the others of its cluster: who they are, which one is the coordinator,
 * and the messages between them. Built on what WildFly gives every deployment: the group of the
 * server's default channel (JGroups in the HA profile; a group of one otherwise, so a lone registry
 * runs the same code with nobody to tell) and its command dispatcher.
 *
 * <p>What the nodes share is presence: each tells every other of the sessions it serves
 * ({@link SharedPresence}), and passes events for another node's users to that node
 * ({@link ClusterMessage.Deliver}); and the password checks the guessing limits count
 * ({@link ClusterMessage.PasswordFailed}, {@link ClusterMessage.LoginSucceeded}). Everything
 * else (accounts, rooms, mail) is in the one database.
 *
 * <p>A CDI bean, not an EJB: the singletons call it from their {@code @PostConstruct}, where a call
 * to another EJB would wait for the deployment's start-up beans, themselves among them.
 */
@ApplicationScoped
public class RegistryCluster {
    private static final Logger LOG = Logger.getLogger(RegistryCluster.class.getName());
    private static final RepeatedFailureLog FAILURES = RepeatedFailureLog.of(LOG);

    @Resource(lookup = "java:jboss/clustering/server/group/default")
    private Group<GroupMember> group;
    @Resource(lookup = "java:jboss/clustering/server/command-dispatcher-factory/default")
    private CommandDispatcherFactory<GroupMember> dispatchers;

    private CommandDispatcher<GroupMember, ClusterInbox> dispatcher;
    private Registration membershipListener;
    private final Map<String, NodeOutbox> outboxes = new ConcurrentHashMap<>();
    private final AppliedBatches applied = new AppliedBatches();
    /** This start of the node, on every batch it sends: a restarted node's streams begin again. */
    private final long process = new java.security.SecureRandom().nextLong();
    private volatile SharedPresence presence;
    private volatile BiConsumer<List<String>, String> deliveries;
    private volatile Consumer<ClusterMessage> passwordChecks;
    private volatile boolean undecodableSaid;

    @PostConstruct
    void start() {
        dispatcher = dispatchers.createCommandDispatcher("parley-registry", (ClusterInbox) this::receive,
                RegistryCluster.class.getClassLoader());
        if (!group.isSingleton()) {
            LOG.info(() -> "registry node " + localNode() + " in cluster " + group.getName() + " with " + memberNames());
        }
    }

    @PreDestroy
    void stop() {
        if (membershipListener != null) {
            membershipListener.close();
        }
        outboxes.values().forEach(NodeOutbox::close);
        outboxes.clear();
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /**
     * The presence service takes its part at its start: from now on this node hears the others,
     * and each other node first gets every session served here.
     */
    public void share(SharedPresence shared) {
        presence = shared;
        membershipListener = group.register(this::membershipChanged);
        connect(group.getMembership().getMembers());
    }

    /** Where events other nodes pass on for sessions served here go: session ids, and the frame as text. */
    public void deliverTo(BiConsumer<List<String>, String> deliver) {
        deliveries = deliver;
    }

    /** Where what other nodes tell of password checks ({@link ClusterMessage.PasswordFailed}, {@link ClusterMessage.LoginSucceeded}) goes. */
    public void sharePasswordChecks(Consumer<ClusterMessage> heard) {
        passwordChecks = heard;
    }

    /** This node's name in the cluster (its jboss.node.name). */
    public String localNode() {
        return group.getLocalMember().getName();
    }

    /** True on exactly one node of the cluster at a time (the oldest), and on a registry alone. */
    public boolean coordinator() {
        return group.getMembership().getCoordinator().equals(group.getLocalMember());
    }

    /** The nodes of the cluster now, this one included, oldest first. */
    public List<String> memberNames() {
        return group.getMembership().getMembers().stream().map(GroupMember::getName).toList();
    }

    /** Queues a message for every other node; never waits. */
    public void publish(ClusterMessage message) {
        for (NodeOutbox o : outboxes.values()) {
            o.add(message);
        }
    }

    /** Queues a message for one node, if it is in the cluster; never waits. */
    public void send(String node, ClusterMessage message) {
        NodeOutbox o = outboxes.get(node);
        if (o != null) {
            o.add(message);
        }
    }

    private void membershipChanged(GroupMembershipEvent<GroupMember> change) {
        for (GroupMember left : change.getLeavers()) {
            NodeOutbox o = outboxes.remove(left.getName());
            if (o != null) {
                o.close();
            }
            LOG.info(() -> "registry node " + left.getName() + " left the cluster; its users can resume their sessions here");
            presence.nodeLeft(left.getName());
        }
        connect(change.getJoiners());
        if (!change.getJoiners().isEmpty()) {
            LOG.info(() -> "registry node " + change.getJoiners().stream().map(GroupMember::getName)
                    .collect(Collectors.joining(", ")) + " joined the cluster: " + memberNames());
        }
    }

    /** An outbox to each of these members but this node, its first message every session served here. */
    private void connect(Collection<GroupMember> members) {
        GroupMember self = group.getLocalMember();
        for (GroupMember member : members) {
            if (member.equals(self)) {
                continue;
            }
            presence.sessionsServedHere(cards -> {
                NodeOutbox outbox = new NodeOutbox(member.getName(), (stream, sequence, batch, waitMillis) -> send(member,
                        new ClusterWire.Batch(localNode(), process, stream, sequence, batch), waitMillis));
                outbox.add(new ClusterMessage.Sessions(cards));
                NodeOutbox replaced = outboxes.put(member.getName(), outbox.start());
                if (replaced != null) {
                    replaced.close();
                }
            });
        }
    }

    /** Sends one batch and waits up to {@code timeoutMillis} until the node applied it; false if it did not, to be sent again. */
    private boolean send(GroupMember member, ClusterWire.Batch batch, long timeoutMillis) {
        try {
            dispatcher.dispatchToMember(new ClusterBatch(ClusterWire.write(batch)), member)
                    .toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | CancellationException | IOException e) {
            // A node that is starting answers that it is not ready, cancels the call, or (before its
            // dispatcher exists) drops it unanswered until the wait is over; one that died is about
            // to leave the view.
            LOG.log(Level.FINE, "a batch to registry node " + member.getName() + " did not arrive; sending it again", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // closing
        }
    }

    /** A batch from another node, on the dispatcher's thread. */
    private void receive(byte[] payload) {
        SharedPresence shared = presence;
        if (shared == null || passwordChecks == null) {
            // The sender tries again: nothing it says is lost while this node's beans start.
            throw new IllegalStateException("this registry node is still starting");
        }
        ClusterWire.Batch batch;
        try {
            batch = ClusterWire.read(payload);
        } catch (IOException e) {
            // Sending it again would not help: said once, and dropped.
            if (!undecodableSaid) {
                undecodableSaid = true;
                LOG.log(Level.SEVERE, "a registry node sent a batch this node cannot read: " + e.getMessage(), e);
            }
            return;
        }
        if (!applied.applyOnce(batch.node(), batch.process(), batch.stream(), batch.sequence(), () -> apply(shared, batch))) {
            LOG.fine(() -> "batch " + batch.sequence() + " of stream " + batch.stream() + " from registry node " + batch.node()
                    + " was applied already, or its stream was replaced: skipped");
        }
    }

    private void passwordCheck(ClusterMessage m) {
        Consumer<ClusterMessage> heard = passwordChecks;
        if (heard != null) {
            heard.accept(m);
        }
    }

    /**
     * Applies every message of the batch. One that fails is logged and skipped, not thrown: the
     * batch would come again and the messages before it would be applied twice.
     */
    private void apply(SharedPresence shared, ClusterWire.Batch batch) {
        for (ClusterMessage m : batch.messages()) {
            try {
                switch (m) {
                    case ClusterMessage.Deliver d -> {
                        BiConsumer<List<String>, String> deliver = deliveries;
                        if (deliver != null) {
                            deliver.accept(d.sessionIds(), d.frame());
                        }
                    }
                    case ClusterMessage.PasswordFailed f -> passwordCheck(f);
                    case ClusterMessage.LoginSucceeded l -> passwordCheck(l);
                    default -> shared.heard(batch.node(), m);
                }
            } catch (RuntimeException e) {
                FAILURES.log(Level.SEVERE, "a message from registry node " + batch.node() + " could not be applied; skipped", e);
            }
        }
    }
}
