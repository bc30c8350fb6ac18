package dev.parley.client.shell;

import dev.parley.client.Diagnostics;
import dev.parley.client.PrivateFiles;
import dev.parley.client.command.Client;
import dev.parley.client.command.PromptCancelledException;
import dev.parley.client.command.Prompter;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.Palette;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
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
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            dispatcher.dispatch(line);
        }
        client.leave();
    }

    /**
     * Sets the prompt for the session's new state while the user may be typing. The notice that
     * comes with every state change is printed above the input line, which redraws it with this
     * prompt; redrawing here as well would leave the old prompt's tail on the screen.
     */
    public void updatePrompt() {
        if (reader instanceof LineReaderImpl impl) {
            impl.setPrompt(prompt());
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
        return palette.prompt(s.username().orElse(null), s.registry().toString(), s.isReconnecting(), buffer, unread)
                .toAnsi(reader.getTerminal());
    }
}
