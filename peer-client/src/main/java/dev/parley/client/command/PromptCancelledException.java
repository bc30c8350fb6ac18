package dev.parley.client.command;

import dev.parley.client.ClientException;

/** A question (username, password) got no answer: the user cancelled, or input ended. */
public class PromptCancelledException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final boolean inputEnded;

    public PromptCancelledException(String reason, boolean inputEnded) {
        super(reason);
        this.inputEnded = inputEnded;
    }

    /** True when there is no more input at all, so the shell should stop too. */
    public boolean inputEnded() {
        return inputEnded;
    }
}
