package dev.parley.client.render;

import java.util.List;

/**
 * One event for the screen: plain text (the exact line plain mode prints), its kind, and the nicks
 * it mentions so the terminal can colour them.
 */
public record Notice(NoticeKind kind, String text, List<String> nicks, ChatParts chat) {

    /** The parts of a chat line, kept so the terminal can render the body's markup. */
    public record ChatParts(String time, String sender, String body, String suffix) {
    }

    public Notice {
        nicks = List.copyOf(nicks);
    }

    public Notice(NoticeKind kind, String text, List<String> nicks) {
        this(kind, text, nicks, null);
    }

    public static Notice of(NoticeKind kind, String text, String... nicks) {
        return new Notice(kind, text, List.of(nicks));
    }

    /**
     * A chat line, {@code 14:02 bob: hello} plus an optional suffix such as {@code  — sent}; its
     * text (what plain mode prints) has the body made safe, markup left as written.
     */
    public static Notice chat(String time, String sender, String body, String suffix) {
        return new Notice(NoticeKind.CHAT, ChatText.plainLine(time, sender, body) + suffix, List.of(sender),
                new ChatParts(time, sender, body, suffix));
    }
}
