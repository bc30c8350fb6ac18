package dev.parley.client.render;

/** Where notices go: standard output in plain mode, above the prompt in the interactive shell. Thread-safe. */
public interface Screen {
    void show(Notice notice);

    /**
     * Shows a notice and runs {@code justBefore} once it is ready to print, with nothing left between
     * the two but the write: a message is marked shown in its log by it, and a kill between the mark
     * and the print would leave it never shown. Rendering comes before the mark, not between.
     */
    default void show(Notice notice, Runnable justBefore) {
        justBefore.run();
        show(notice);
    }

    /** A notice of {@code kind}; {@code nicks} are the user names in it, coloured in the terminal. */
    default void show(NoticeKind kind, String text, String... nicks) {
        show(Notice.of(kind, text, nicks));
    }
}
