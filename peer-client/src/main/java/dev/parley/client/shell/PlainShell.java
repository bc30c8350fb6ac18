package dev.parley.client.shell;

import dev.parley.client.command.Client;
import dev.parley.client.command.PromptCancelledException;
import dev.parley.client.command.Prompter;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Screen;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Plain mode: commands from standard input one line at a time until {@code /quit} or end of
 * input. Questions (password, username) print their prompt as a line of its own and take the
 * next input line as the answer, so a script can feed them.
 */
public final class PlainShell implements Prompter {
    private final BufferedReader in;
    private final Screen screen;

    public PlainShell(BufferedReader in, Screen screen) {
        this.in = in;
        this.screen = screen;
    }

    public void run(Client client, CommandDispatcher dispatcher) throws IOException {
        while (!client.leaving()) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            dispatcher.dispatch(line);
        }
        client.leave();
    }

    @Override
    public String ask(String question) throws PromptCancelledException {
        return answer(question, "input ended before the answer to '" + question + "'");
    }

    @Override
    public char[] askSecret(String question) throws PromptCancelledException {
        return answer(question, "input ended before the password was given").toCharArray();
    }

    private String answer(String question, String whenEnded) throws PromptCancelledException {
        screen.show(NoticeKind.INFO, question);
        try {
            String line = in.readLine();
            if (line == null) {
                throw new PromptCancelledException(whenEnded, true);
            }
            return line;
        } catch (IOException e) {
            throw new PromptCancelledException("cannot read standard input: " + e.getMessage(), true);
        }
    }
}
