package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /chat: starts a one-to-one conversation; the other user accepts, rejects, or is busy. */
@Command(name = "chat", customSynopsis = "/chat NAME", description = "ask someone for a conversation, or switch to the one you have")
public final class ChatCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "who to chat with")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        client.requireConversations().chat(Usernames.require(name));
    }
}
