package dev.parley.client.shell;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.command.Client;
import dev.parley.client.command.PromptCancelledException;
import dev.parley.client.command.SlashCommand;
import dev.parley.client.command.SlashCommands;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.util.Locale;
import picocli.CommandLine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns one typed line into a slash command run, and every failure into one line: unknown
 * command, wrong arguments with the usage, the registry's refusal, or an unexpected error.
 */
public final class CommandDispatcher {
    /** Picocli's words for an argument that does not read as an int: the parameter's label or the option, and the text. */
    private static final Pattern NOT_AN_INT = Pattern.compile(
            "Invalid value for (?:positional parameter at index \\d+ \\((\\S+)\\)|option '([^']+)'): '(.*)' is not an int",
            Pattern.DOTALL);

    private final CommandLine commands;
    private final Client client;

    public CommandDispatcher(CommandLine commands, Client client) {
        this.commands = commands;
        this.client = client;
    }

    public void dispatch(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        if (!text.startsWith("/") || text.startsWith("//")) {
            // "//" sends a line that starts with a slash, as in IRC clients.
            sendText(text.startsWith("//") ? text.substring(1) : text);
            return;
        }
        String[] words = text.substring(1).strip().split("\\s+");
        String name = words[0];
        CommandLine command = name.isEmpty() ? null : commands.getSubcommands().get(name.toLowerCase(Locale.ROOT));
        if (command == null) {
            fail(Replies.unknownCommand(name));
            return;
        }
        try {
            // Parsed from the root, as picocli expects, with the command's canonical (lower-case) name.
            words[0] = command.getCommandName();
            ParseResult parsed = commands.parseArgs(words).subcommand();
            if (parsed.isUsageHelpRequested()) {
                client.show(NoticeKind.HELP, SlashCommands.usage(command));
                return;
            }
            ((SlashCommand) parsed.commandSpec().userObject()).run(client);
        } catch (ParameterException e) {
            fail(Replies.usageProblem(reason(e), SlashCommands.synopsis(command)));
        } catch (PromptCancelledException e) {
            fail(e.getMessage());
            if (e.inputEnded()) {
                client.leave();
            }
        } catch (ClientException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            Diagnostics.trace("/" + name, e);
            fail("/" + name.toLowerCase(Locale.ROOT) + " failed: " + Diagnostics.reason(e));
        }
    }

    private void sendText(String text) {
        try {
            client.sendText(text);
        } catch (ClientException e) {
            fail(e.getMessage().startsWith("log in first") ? Replies.notInConversation() : e.getMessage());
        } catch (RuntimeException e) {
            Diagnostics.trace("sending a message", e);
            fail("sending failed: " + Diagnostics.reason(e));
        }
    }

    private void fail(String reason) {
        client.show(NoticeKind.ERROR, Replies.error(reason));
    }

    /**
     * Picocli's reason in the client's words: lower case, "unexpected argument" rather than
     * "unmatched", and a number that is not one (or too big for one) named by its label.
     */
    private static String reason(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'";
        }
        String message = e.getMessage();
        Matcher notANumber = NOT_AN_INT.matcher(message);
        if (notANumber.matches()) {
            String label = notANumber.group(1) != null ? notANumber.group(1) : notANumber.group(2);
            return label + " must be a whole number, not '" + Replies.cut(notANumber.group(3)) + "'";
        }
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
