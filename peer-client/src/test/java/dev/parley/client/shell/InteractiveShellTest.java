package dev.parley.client.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.app.ChatClient;
import dev.parley.client.command.SlashCommands;
import dev.parley.client.registry.Backoff;
import dev.parley.client.registry.KnownRegistries;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryConnector;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.Palette;
import dev.parley.client.render.TerminalScreen;
import dev.parley.client.store.ParleyHome;
import dev.parley.client.testing.OwnerOnly;
import dev.parley.client.testing.RecordingObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The JLine shell on an in-memory terminal: prompt, history file, and passwords that are neither echoed nor kept. */
class InteractiveShellTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private Terminal terminal(String input) throws Exception {
        return new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                screen, StandardCharsets.UTF_8);
    }

    private InteractiveShell shell(Terminal terminal, CommandLine commands) {
        return new InteractiveShell(terminal, commands, new SlashCompleter(commands, List::of), home.resolve("history"),
                Palette.forEnvironment(java.util.Map.of("NO_COLOR", "1")));
    }

    @Test
    void aPasswordIsNeitherEchoedNorKeptInTheHistory() throws Exception {
        try (Terminal terminal = terminal("hunter2222\n/help\n")) {
            InteractiveShell shell = shell(terminal, SlashCommands.commandLine());
            assertArrayEquals("hunter2222".toCharArray(), shell.askSecret("password for alice:"));
            assertEquals("/help", shell.reader().readLine("> "));
            shell.reader().getHistory().save();
            String shown = screen.toString(StandardCharsets.UTF_8);
            assertTrue(shown.contains("password for alice:"), shown);
            assertFalse(shown.contains("hunter2222"), "the password was echoed: " + shown);
            List<String> history = Files.readAllLines(home.resolve("history"));
            assertTrue(history.stream().anyMatch(l -> l.endsWith("/help")), history.toString());
            assertFalse(history.stream().anyMatch(l -> l.contains("hunter2222")), history.toString());
        }
    }

    @Test
    void theHistoryOfTypedChatLinesIsReadableByTheOwnerOnly() throws Exception {
        try (Terminal terminal = terminal("a secret chat line\n")) {
            InteractiveShell shell = shell(terminal, SlashCommands.commandLine());
            assertEquals("a secret chat line", shell.reader().readLine("> "));
            shell.reader().getHistory().save();
            assertTrue(Files.readString(home.resolve("history")).contains("a secret chat line"));
            assertEquals("rw-------", OwnerOnly.mode(home.resolve("history")));
        }
    }

    @Test
    void thePromptNamesTheRegistryAndCommandsRunUntilQuit() throws Exception {
        RegistryAddress registry = new RegistryAddress("127.0.0.1", 1);
        RecordingObserver observer = new RecordingObserver();
        try (Terminal terminal = terminal("/help quit\n/quit\n/help\n");
                RegistrySession session = new RegistrySession(new RegistryConnector(registry,
                        new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(1),
                        Duration.ofSeconds(1)), observer, Backoff.standard(), 0, Duration.ofSeconds(1))) {
            CommandLine commands = SlashCommands.commandLine();
            InteractiveShell shell = shell(terminal, commands);
            ChatClient client = new ChatClient(session, new TerminalScreen(shell.reader(),
                    Palette.forEnvironment(java.util.Map.of("NO_COLOR", "1")), false), shell, ParleyHome.open(home),
                    Clock.systemDefaultZone(), false);
            shell.run(client, new CommandDispatcher(commands, client));
            String shown = screen.toString(StandardCharsets.UTF_8);
            assertTrue(shown.contains("127.0.0.1:1> "), shown);
            assertTrue(shown.contains("Usage: /quit"), shown);
            assertFalse(shown.contains("commands:"), "nothing may run after /quit: " + shown);
            assertTrue(client.leaving());
        }
    }
}
