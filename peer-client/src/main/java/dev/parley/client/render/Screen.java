package dev.parley.client.render;

/** Where notices go: standard output in plain mode, above the prompt in the interactive shell. Thread-safe. */
public interface Screen {
    void show(Notice notice);
}
