package dev.parley.registry.room;

import dev.parley.protocol.Names;
import java.util.List;
import java.util.Optional;

/**
 * A room as one answer shows it. {@code members} are in the order they joined (the host hand-over
 * order); it is empty when the asker may not see them or did not ask. {@code description} is null
 * when the room has none.
 */
public record RoomView(String name, String description, int capacity, int memberCount, String host,
        boolean locked, boolean inviteOnly, List<MemberView> members) {

    public RoomView {
        members = List.copyOf(members);
    }

    /** The names of the members listed, in joining order. */
    public List<String> memberNames() {
        return members.stream().map(MemberView::username).toList();
    }

    /** The member listed under this name (any letter case). */
    public Optional<MemberView> member(String username) {
        String key = Names.key(username);
        return members.stream().filter(m -> Names.key(m.username()).equals(key)).findFirst();
    }

    /** The listed members other than this one: who hears about what that user did. */
    public List<String> namesExcept(String username) {
        String key = Names.key(username);
        return memberNames().stream().filter(n -> !Names.key(n).equals(key)).toList();
    }
}
