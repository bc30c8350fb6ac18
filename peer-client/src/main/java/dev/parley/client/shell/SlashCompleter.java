package dev.parley.client.shell;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tab completion from the picocli command set: command names with their description, each
 * command's options, command names after /help, and the users of the last /online after /search.
 */
public final class SlashCompleter implements Completer {
    private final CommandLine commands;
    private final Supplier<List<String>> recentUsers;

    public SlashCompleter(CommandLine commands, Supplier<List<String>> recentUsers) {
        this.commands = commands;
        this.recentUsers = recentUsers;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Map<String, CommandLine> all = commands.getSubcommands();
        if (line.wordIndex() == 0) {
            if (line.word().isEmpty() || line.word().startsWith("/")) {
                all.forEach((name, c) -> candidates.add(new Candidate("/" + name, "/" + name, null,
                        c.getCommandSpec().usageMessage().description()[0], null, null, true)));
            }
            return;
        }
        String first = line.words().get(0);
        CommandLine command = first.startsWith("/") ? all.get(first.substring(1)) : null;
        if (command == null) {
            return;
        }
        for (OptionSpec option : command.getCommandSpec().options()) {
            for (String name : option.names()) {
                candidates.add(new Candidate(name, name, null, option.description()[0], null, null, true));
            }
        }
        if (line.wordIndex() != 1) {
            return;
        }
        switch (command.getCommandName()) {
            case "search" -> recentUsers.get().forEach(u -> candidates.add(new Candidate(u)));
            case "help" -> all.keySet().forEach(n -> candidates.add(new Candidate(n)));
            default -> { }
        }
    }
}
