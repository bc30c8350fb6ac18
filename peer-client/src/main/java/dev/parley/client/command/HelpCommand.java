package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** /help: the list of commands with a line each, or the full usage of one. */
@Command(name = "help", customSynopsis = "/help [COMMAND]", description = "list the commands, or explain one")
public final class HelpCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command to explain, with or without '/'")
    String command;

    @Spec
    CommandSpec spec;

    @Override
    public void run(Client client) throws ClientException {
        CommandSpec all = spec.parent();
        if (command == null) {
            client.show(NoticeKind.HELP, SlashCommands.overview(all));
            return;
        }
        String name = command.startsWith("/") ? command.substring(1) : command;
        CommandLine one = all.subcommands().get(name.toLowerCase(Locale.ROOT));
        if (one == null) {
            throw new ClientException(Replies.unknownCommand(name));
        }
        client.show(NoticeKind.HELP, SlashCommands.usage(one));
    }
}
