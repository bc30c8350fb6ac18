package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /accept: says yes to a chat request. */
@Command(name = "accept", customSynopsis = "/accept NAME|#ROOM", description = "accept a chat request or a room invitation")
public final class AcceptCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "who asked, or #ROOM for an invitation to a room")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        client.answer(name, true);
    }
}
