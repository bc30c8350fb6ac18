package dev.parley.client.render;

/** Where notices go: standard output in plain mode, above the prompt in the interactive shell. Thread-safe. */
public interface Screen {
    /**
     * Puts the notice out before returning (written and flushed): a received message is marked
     * shown in its history once this returns, so a line still on its way when the process died
     * would be a message never shown.
     */
    void show(Notice notice);

    /** A notice of {@code kind}; {@code nicks} are the user names in it, coloured in the terminal. */
    default void show(NoticeKind kind, String text, String... nicks) {
        show(Notice.of(kind, text, nicks));
    }
}
