package dev.parley.client.chat;

/**
 * Hears the {@link ChatEvent}s of the conversations and rooms. Called synchronously on the thread
 * where the event happened (a command, a peer link's reader, a log's sync thread), after whatever
 * the event reports is on the disk: a message is told sent once its log is synced, and one that
 * arrived is marked shown in its log before it is told. Implementations must not block for long
 * and must be thread-safe.
 */
@FunctionalInterface
public interface ChatListener {
    void on(ChatEvent event);
}
