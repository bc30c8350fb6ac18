package dev.parley.client.render;

import java.util.List;

/**
 * One event for the screen: plain text (the exact line plain mode prints), its kind, and the nicks
 * it mentions so the terminal can colour them. Every screen shows notices and only notices, so this
 * is where text from the network is made safe once for all of them: whatever a notice quotes (a
 * name a peer claimed, a room's topic, a registry's message, an error that repeats either), no
 * control, bidirectional or invisible character in it reaches the terminal (see
 * {@link ChatText#sanitize}); line breaks between lines of a notice stay.
 */
public record Notice(NoticeKind kind, String text, List<String> nicks, ChatParts chat) {

    /** The parts of a chat line, kept so the terminal can render the body's markup (which sanitises them). */
    public record ChatParts(String time, String sender, String body, String suffix) {
        public ChatParts {
            suffix = ChatText.sanitize(suffix);
        }
    }

    public Notice {
        text = ChatText.sanitizeLines(text);
        nicks = nicks.stream().map(ChatText::sanitize).toList();
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
