package dev.parley.client.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shell's buffers, as in irssi or WeeChat: one per open conversation ({@code bob}) or room
 * ({@code #lobby}), which one is current (typed text goes there), and what is unread in the
 * others. Thread-safe; every change runs the listener so the prompt can show it.
 */
public final class Buffers {
    /** Open buffers in the order they were last made current, with their unread counts. */
    private final Map<String, Integer> open = new LinkedHashMap<>();
    private String current;
    /**
     * The current buffer closed and the user has picked none since: no buffer becomes current by
     * itself (a busy room would, the moment the conversation the user was in ended).
     */
    private boolean userPicks;
    private volatile Runnable changed = () -> { };

    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    public synchronized Optional<String> current() {
        return Optional.ofNullable(current);
    }

    public synchronized boolean isCurrent(String name) {
        return name.equals(current);
    }

    /** Opens a buffer (if new) and makes it current; returns how many messages were unread in it. */
    public int show(String name) {
        int unread;
        synchronized (this) {
            Integer before = open.remove(name);
            unread = before == null ? 0 : before;
            open.put(name, 0);
            current = name;
            userPicks = false;
        }
        changed.run();
        return unread;
    }

    /** Opens a buffer without making it current (a message arrived there), unless none has been current yet. */
    public void add(String name) {
        boolean becameCurrent;
        synchronized (this) {
            open.putIfAbsent(name, 0);
            becameCurrent = takesOver(name);
        }
        if (becameCurrent) {
            changed.run();
        }
    }

    /**
     * Counts a message that arrived in a buffer; returns the unread count before it, or -1 when
     * the buffer is current (the message is read as it is shown), which it becomes when none has
     * been current since login.
     */
    public int arrived(String name) {
        int before;
        synchronized (this) {
            if (name.equals(current)) {
                return -1;
            }
            if (takesOver(name)) {
                open.put(name, 0);
                before = -1;
            } else {
                before = open.getOrDefault(name, 0);
                open.put(name, before + 1);
            }
        }
        changed.run();
        return before;
    }

    /**
     * Makes {@code name} current if no buffer is and the user is not to pick one: no buffer has been
     * current since login, so none holds unread messages that becoming current would skip over.
     * Holding this.
     */
    private boolean takesOver(String name) {
        if (current != null || userPicks) {
            return false;
        }
        current = name;
        return true;
    }

    public synchronized int unread(String name) {
        return open.getOrDefault(name, 0);
    }

    /**
     * Closes a buffer. If it was current, none is until the user picks one: moving to another by
     * itself would send what the user types next, meant for this one, to a conversation or room
     * they did not choose, and the buffer closes as often because the peer ended it as because the
     * user did.
     */
    public void close(String name) {
        synchronized (this) {
            if (open.remove(name) == null && !name.equals(current)) {
                return;
            }
            if (name.equals(current)) {
                current = null;
                userPicks = true;
            }
        }
        changed.run();
    }

    /** Closes every buffer (logout). */
    public void clear() {
        synchronized (this) {
            open.clear();
            current = null;
            userPicks = false;
        }
        changed.run();
    }

    /** The other buffers with unread messages, as {@code name(count)}, sorted by name, for the status line. */
    public synchronized List<String> unreadElsewhere() {
        List<String> out = new ArrayList<>();
        open.entrySet().stream().filter(e -> e.getValue() > 0 && !e.getKey().equals(current))
                .sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
                .forEach(e -> out.add(e.getKey() + "(" + e.getValue() + ")"));
        return out;
    }
}
