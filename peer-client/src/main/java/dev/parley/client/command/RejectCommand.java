package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /reject: says no to a chat request. */
@Command(name = "reject", customSynopsis = "/reject NAME", description = "turn down someone's chat request")
public final class RejectCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "who asked")
    String name;

    @Override
    public void run(ChatClient client) throws ClientException {
        client.requireConversations().reject(Usernames.require(name));
    }
}
