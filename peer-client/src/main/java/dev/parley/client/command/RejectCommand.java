package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /reject: says no to a chat request. */
@Command(name = "reject", customSynopsis = "/reject NAME|#ROOM", description = "turn down a chat request or a room invitation")
public final class RejectCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "who asked, or #ROOM for an invitation to a room")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        client.answer(name, false);
    }
}
