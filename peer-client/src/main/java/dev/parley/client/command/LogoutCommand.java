package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** /logout: ends open conversations (telling the other side), then the session; the link to the registry stays open. */
@Command(name = "logout", customSynopsis = "/logout", description = "log out and appear offline")
public final class LogoutCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Override
    public void run(Client client) throws ClientException {
        client.logout();
        client.show(NoticeKind.SUCCESS, Replies.loggedOut());
    }
}
