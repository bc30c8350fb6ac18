package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /accept: says yes to a chat request. */
@Command(name = "accept", customSynopsis = "/accept NAME", description = "accept someone's chat request")
public final class AcceptCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "who asked")
    String name;

    @Override
    public void run(ChatClient client) throws ClientException {
        client.requireConversations().accept(Usernames.require(name));
    }
}
