package dev.parley.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The interactive client as a person sees it: {@code bin/parley} in a real pseudo-terminal (a tmux
 * pane of its own tmux server), keys typed with send-keys, the screen read back with capture-pane.
 * What this reads is what is drawn, not what the program wrote: a prompt redrawn in place shows
 * its new text, a password typed at a masked prompt shows nothing.
 */
final class TerminalClient implements AutoCloseable {
    private static final int COLUMNS = 220;
    private static final int ROWS = 60;

    private final String server;
    final String name;

    private TerminalClient(String server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Starts {@code bin/parley --home HOME --registry REGISTRY} in a fresh pseudo-terminal. */
    static TerminalClient start(String name, Path home, String registry) throws Exception {
        String server = "parley-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        String javaHome = System.getProperty("parley.java.home", System.getProperty("java.home"));
        String command = "exec env JAVA_HOME=" + javaHome + " " + RegistryProcess.REPO.resolve("bin/parley")
                + " --home " + home + " --registry " + registry;
        tmux(server, "new-session", "-d", "-x", Integer.toString(COLUMNS), "-y", Integer.toString(ROWS), command);
        // Keep the pane after the client exits, so what it printed last can still be read.
        tmux(server, "set-option", "-g", "remain-on-exit", "on");
        return new TerminalClient(server, name);
    }

    /** Types a line and Enter, as a person would. */
    void type(String line) throws Exception {
        tmux(server, "send-keys", "-l", line);
        tmux(server, "send-keys", "Enter");
    }

    /** Every line of the screen and its scrollback, wrapped lines joined, trailing blanks removed. */
    List<String> screen() throws Exception {
        String text = tmux(server, "capture-pane", "-p", "-J", "-S", "-");
        List<String> lines = new ArrayList<>(Arrays.stream(text.split("\n", -1)).map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** The line the cursor is on: the prompt and what is typed after it. */
    String inputLine() throws Exception {
        List<String> lines = screen();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Fails with the screen when {@code within} passes before {@code check} holds. */
    void await(ScreenCheck check, String what, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.holds(screen())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + "'s screen never showed " + what + "; it shows:\n  "
                        + String.join("\n  ", screen()));
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    interface ScreenCheck {
        boolean holds(List<String> screen) throws Exception;
    }

    @Override
    public void close() throws Exception {
        try {
            tmux(server, "kill-server");
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    private static String tmux(String server, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", server));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("these tests need tmux (apt-get install tmux): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
