package dev.parley.client.chat;

import dev.parley.client.store.ConversationLog;
import dev.parley.protocol.Names;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A room this user is in, as the registry last described it, with its local history. */
final class Room {
    /** One member and where their client listens. */
    record Member(String username, String address, int peerPort, Optional<String> identityKey, Instant joinedAt) {
    }

    final String name;
    final ConversationLog log;
    /** Held while sending, so each member gets this user's messages in the order they were written. */
    final Object sending = new Object();
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    volatile String host;
    volatile String description = "";
    volatile boolean locked;
    /** This user's own /topic, /lock or /unlock waits for its answer: the registry's event of it is told by the answer. */
    volatile boolean updating;
    volatile int capacity;
    volatile RoomDelivery lastSent;

    Room(String name, ConversationLog log) {
        this.name = name;
        this.log = log;
    }

    void replaceMembers(List<Member> fresh) {
        members.clear();
        fresh.forEach(this::add);
    }

    void add(Member m) {
        members.put(Names.key(m.username()), m);
    }

    void remove(String username) {
        members.remove(Names.key(username));
    }

    boolean has(String username) {
        return members.containsKey(Names.key(username));
    }

    /** Members in the order they joined (the order the registry hands the host role on). */
    List<Member> members() {
        return members.values().stream().sorted(Comparator.comparing(Member::joinedAt)).toList();
    }

    List<String> names() {
        return members().stream().map(Member::username).toList();
    }
}
