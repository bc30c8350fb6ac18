package dev.parley.client.command;

/** Asks the user something in the middle of a command: the terminal's own prompt, or the next line in plain mode. */
public interface Prompter {
    /** Asks and returns the answer as typed. */
    String ask(String question) throws PromptCancelledException;

    /** Asks without echo (in the terminal); the caller wipes the answer when done with it. */
    char[] askSecret(String question) throws PromptCancelledException;
}
