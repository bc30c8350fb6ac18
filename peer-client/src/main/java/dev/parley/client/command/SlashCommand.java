package dev.parley.client.command;

import dev.parley.client.ClientException;

/** One slash command: picocli fills in its arguments, then it acts on the chat client. */
public interface SlashCommand {
    /**
     * @throws ClientException the command could not be done; its message is shown after "error: "
     */
    void run(Client client) throws ClientException;
}
