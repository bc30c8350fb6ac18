package dev.parley.client.chat;

import dev.parley.client.store.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Who has received one room message: each member's receipt or the reason it could not reach them. */
final class RoomDelivery {
    final ChatMessage message;
    /** Member → null while waiting, "" when delivered, else why not. In the order they were sent to. */
    private final Map<String, String> outcome = new LinkedHashMap<>();
    private int open;

    RoomDelivery(ChatMessage message, List<String> to) {
        this.message = message;
        to.forEach(m -> outcome.put(m, null));
        open = to.size();
    }

    /** Records one outcome; true when it was the last one awaited. */
    synchronized boolean settle(String member, String failure) {
        if (!outcome.containsKey(member) || outcome.get(member) != null) {
            return false;
        }
        outcome.put(member, failure == null ? "" : failure);
        return --open == 0;
    }

    synchronized int size() {
        return outcome.size();
    }

    synchronized List<String> delivered() {
        List<String> out = new ArrayList<>();
        outcome.forEach((m, o) -> {
            if ("".equals(o)) {
                out.add(m);
            }
        });
        return out;
    }

    /** Members without a receipt, with the reason where one is known. */
    synchronized List<String> notDelivered() {
        List<String> out = new ArrayList<>();
        outcome.forEach((m, o) -> {
            if (o == null) {
                out.add(m + " (waiting)");
            } else if (!o.isEmpty()) {
                out.add(m + " (" + o + ")");
            }
        });
        return out;
    }
}
