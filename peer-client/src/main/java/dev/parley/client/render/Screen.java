package dev.parley.client.render;

/** Where notices go: standard output in plain mode, above the prompt in the interactive shell. Thread-safe. */
public interface Screen {
    void show(Notice notice);

    /** A notice of {@code kind}; {@code nicks} are the user names in it, coloured in the terminal. */
    default void show(NoticeKind kind, String text, String... nicks) {
        show(Notice.of(kind, text, nicks));
    }
}
