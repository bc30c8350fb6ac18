package dev.parley.client.render;

import java.util.List;

/**
 * One event for the screen: plain text (the exact line plain mode prints), its kind, and the nicks
 * it mentions so the terminal can colour them.
 */
public record Notice(NoticeKind kind, String text, List<String> nicks) {

    public Notice {
        nicks = List.copyOf(nicks);
    }

    public static Notice of(NoticeKind kind, String text, String... nicks) {
        return new Notice(kind, text, List.of(nicks));
    }
}
