package dev.parley.client.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The set of slash commands, as picocli subcommands of one root: the parser, help and completion all read it. */
@Command(name = "parley", subcommands = {
    RegisterCommand.class, LoginCommand.class, LogoutCommand.class, WhoamiCommand.class,
    SearchCommand.class, OnlineCommand.class,
    ChatCommand.class, AcceptCommand.class, RejectCommand.class, BusyCommand.class, SwitchCommand.class,
    ConversationsCommand.class, ExitCommand.class, HistoryCommand.class, VerifyCommand.class,
    CreateCommand.class, RoomsCommand.class, JoinCommand.class, LeaveCommand.class, MembersCommand.class,
    KickCommand.class, BanCommand.class, TopicCommand.class, LockCommand.class, UnlockCommand.class,
    GroupCommand.class, ReceiptsCommand.class,
    HelpCommand.class, QuitCommand.class,
})
public final class SlashCommands {

    /** A fresh parser for the commands. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new SlashCommands());
        // "/search -x" must be an unknown option, not a username that happens to start with '-'.
        root.setUnmatchedOptionsArePositionalParams(false);
        return root;
    }

    /** How to call a command, e.g. {@code /search NAME}. */
    public static String synopsis(CommandLine command) {
        return command.getCommandSpec().usageMessage().customSynopsis()[0];
    }

    /** One line per command: synopsis and description. */
    static String overview(CommandSpec root) {
        // An alias maps to the same command: list each command once.
        var commands = new java.util.LinkedHashSet<>(root.subcommands().values());
        int width = commands.stream().mapToInt(c -> synopsis(c).length()).max().orElse(0);
        StringBuilder b = new StringBuilder("commands:");
        for (CommandLine c : commands) {
            b.append("\n  ").append(String.format("%-" + width + "s", synopsis(c))).append("  ")
                    .append(c.getCommandSpec().usageMessage().description()[0]);
        }
        return b.append("\n/help COMMAND explains one").toString();
    }

    /** The full help of one command, without colour. */
    public static String usage(CommandLine command) {
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
    }
}
