package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /history: the last messages with someone, from this computer's store, with delivery times. */
@Command(name = "history", customSynopsis = "/history NAME|#ROOM [N]",
        description = "show the last N messages with NAME (default 20), kept on this computer")
public final class HistoryCommand implements SlashCommand {
    static final int MAX = 1000;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME", description = "whose conversation")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "how many messages, 1 to " + MAX)
    Integer count;

    @Override
    public void run(Client client) throws ClientException {
        int n = count == null ? 20 : count;
        if (n < 1 || n > MAX) {
            throw new ClientException("N must be 1 to " + MAX + ", got " + n);
        }
        if (name.startsWith("#")) {
            client.requireRooms().history(RoomNames.require(name), n);
        } else {
            client.requireConversations().history(Usernames.require(name), n);
        }
    }
}
