package dev.parley.client.shell;

import dev.parley.client.Diagnostics;
import dev.parley.client.PrivateFiles;
import dev.parley.client.command.Client;
import dev.parley.client.command.PromptCancelledException;
import dev.parley.client.command.Prompter;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.Palette;
import dev.parley.client.render.Replies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The interactive shell: a JLine line editor with history in the parley home, tab completion,
 * and a prompt showing {@code user@registry}. Ctrl-C clears the line, Ctrl-D quits.
 */
public final class InteractiveShell implements Prompter {
    private final LineReader reader;
    private final Palette palette;
    private volatile RegistrySession session;
    private volatile Client client;
    /** True while the reader waits for a command line (not for the answer to a question such as a password). */
    private volatile boolean readingCommand;

    public InteractiveShell(Terminal terminal, CommandLine commands, SlashCompleter completer, Path history,
            Palette palette) {
        this.palette = palette;
        try {
            // The history holds chat lines as typed: it exists owner-only before JLine first appends to it.
            PrivateFiles.createFile(history);
        } catch (IOException e) {
            Diagnostics.trace("creating the input history " + history, e);
        }
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("parley")
                .completer(completer)
                .variable(LineReader.HISTORY_FILE, history)
                // '!' in chat text must stay text, not become history expansion.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
    }

    public LineReader reader() {
        return reader;
    }

    public void run(Client client, CommandDispatcher dispatcher) {
        this.session = client.registry();
        this.client = client;
        while (!client.leaving()) {
            String line;
            try {
                readingCommand = true;
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            } finally {
                readingCommand = false;
            }
            String typed = line;
            withoutEcho(() -> dispatcher.dispatch(typed));
        }
        client.leave();
    }

    /**
     * Runs a command with the terminal's echo off. Between two line reads the terminal is in its
     * ordinary mode, which echoes: a password typed ahead while /register or /login was still
     * checking the name would appear on the screen before its masked prompt did. With echo off it
     * waits unseen in the input, and the prompt that asks for it reads it.
     */
    private void withoutEcho(Runnable command) {
        Terminal terminal = reader.getTerminal();
        Attributes before = terminal.getAttributes();
        Attributes quiet = new Attributes(before);
        quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        terminal.setAttributes(quiet);
        try {
            command.run();
        } finally {
            terminal.setAttributes(before);
        }
    }

    /**
     * Redraws the prompt for the session's new state (connection, current buffer, unread counts)
     * while the user may be typing, from any thread. Not every change comes with a notice whose
     * printing would redraw the input line (a second unread message in another buffer does not),
     * so the line is redisplayed here; JLine's redisplay draws only what differs, so a notice
     * printed just after does no harm. A question being asked (a password) keeps its own prompt.
     */
    public void updatePrompt() {
        if (!(reader instanceof LineReaderImpl impl) || !readingCommand) {
            return;
        }
        impl.setPrompt(prompt());
        try {
            impl.callWidget(LineReader.REDISPLAY);
        } catch (IllegalStateException e) {
            // readLine returned meanwhile; the next one draws the prompt afresh.
        }
    }

    @Override
    public String ask(String question) throws PromptCancelledException {
        return readWithoutHistory(question + " ", null);
    }

    @Override
    public char[] askSecret(String question) throws PromptCancelledException {
        return readWithoutHistory(question + " ", LineReaderImpl.NULL_MASK).toCharArray();
    }

    private String readWithoutHistory(String prompt, Character mask) throws PromptCancelledException {
        // Answers (passwords above all) never go into the history file.
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            return reader.readLine(prompt, mask);
        } catch (UserInterruptException | EndOfFileException e) {
            throw new PromptCancelledException("cancelled", false);
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    private String prompt() {
        RegistrySession s = session;
        if (s == null) {
            return "> ";
        }
        Client c = client;
        String buffer = c == null ? null : c.buffers().current().orElse(null);
        List<String> unread = c == null ? List.of() : c.buffers().unreadElsewhere();
        String trouble = s.isReconnecting() ? Replies.RECONNECTING : s.isWaitingForRegistry() ? Replies.NO_REGISTRY : null;
        return palette.prompt(s.username().orElse(null), s.registry().toString(), trouble, buffer, unread)
                .toAnsi(reader.getTerminal());
    }
}
