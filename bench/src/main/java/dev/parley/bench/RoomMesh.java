package dev.parley.bench;

import dev.parley.client.ClientException;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.protocol.Names;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MEMBERS users in this process, each with the real client's peer side ({@link PeerPair.User}:
 * identity, {@code PeerNode} on its own loopback port, {@code Conversations}, {@code Rooms},
 * {@code PeerRouter}), all in one room. The registry's part is played in-process: a shared
 * directory of who listens where with which key, and {@link LocalRooms}, the room bookkeeping
 * (create, join, members, with ROOM_JOINED pushed to the members already in), called directly.
 * Room messages themselves go over real mutually authenticated TLS links on loopback, as between
 * real clients.
 */
final class RoomMesh implements AutoCloseable {
    static final String ROOM = "benchroom";
    /** The body of a bench message starts with {@code #SEQ } so the sender's delivery notice names it. */
    private static final Pattern DELIVERY = Pattern.compile("^delivered to (\\d+) of (\\d+) in #\\S+: \"#(\\d+) ");

    /**
     * A screen that also records each room delivery notice ("delivered to k of n in #room: ...")
     * by the sequence number at the start of the body: "" when every member answered, else the notice.
     */
    static class RoomScreen extends PeerPair.CountingScreen {
        final Map<Long, String> outcomes = new ConcurrentHashMap<>();

        RoomScreen(String me) {
            super(me);
        }

        @Override
        void noticed(Notice notice) {
            if (notice.kind() != NoticeKind.RECEIPT && notice.kind() != NoticeKind.WARNING) {
                return;
            }
            Matcher m = DELIVERY.matcher(notice.text());
            if (m.find()) {
                boolean all = notice.kind() == NoticeKind.RECEIPT && m.group(1).equals(m.group(2));
                outcomes.put(Long.parseLong(m.group(3)), all ? "" : notice.text());
            }
        }
    }

    final List<PeerPair.User> members = new ArrayList<>();

    /** Starts {@code count} users under {@code home}; the first creates {@link #ROOM}, the others join it in turn. */
    RoomMesh(Path home, int count) throws IOException, ClientException {
        Map<String, UserPresence> directory = new ConcurrentHashMap<>();
        Map<String, PeerPair.User> byName = new ConcurrentHashMap<>();
        LocalRooms registry = new LocalRooms(directory,
                (user, event) -> byName.get(Names.key(user)).rooms.registryEvent(event));
        for (int i = 0; i < count; i++) {
            String name = name(i);
            PeerPair.User u = new PeerPair.User(name, home, directory, LocalRooms.registry(name, registry::call),
                    new RoomScreen(name));
            byName.put(Names.key(name), u);
            members.add(u);
        }
        members.getFirst().rooms.create(ROOM, null, 500, null);
        for (PeerPair.User u : members.subList(1, members.size())) {
            u.rooms.join(ROOM, null);
        }
    }

    /** The name of member {@code i}; message {@code i} of a run comes from member {@code i % members}. */
    static String name(int i) {
        return String.format("member%02d", i);
    }

    static RoomScreen screen(PeerPair.User u) {
        return (RoomScreen) u.screen;
    }

    /** Room messages shown to all members together (each member counts the others' messages). */
    long shown() {
        return members.stream().mapToLong(u -> u.screen.messagesShown.sum()).sum();
    }

    long problems() {
        return members.stream().mapToLong(u -> u.screen.problems.sum()).sum();
    }

    String lastProblem() {
        return members.stream().map(u -> u.screen.lastProblem).filter(p -> p != null).findFirst().orElse(null);
    }

    @Override
    public void close() {
        members.forEach(PeerPair.User::close);
    }
}
