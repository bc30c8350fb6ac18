package dev.parley.client.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** /quit: logs out if logged in, then ends the program. */
@Command(name = "quit", customSynopsis = "/quit", description = "log out and leave parley")
public final class QuitCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Override
    public void run(Client client) {
        client.leave();
    }
}
