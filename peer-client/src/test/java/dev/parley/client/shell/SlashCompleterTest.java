package dev.parley.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.command.SlashCommands;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class SlashCompleterTest {
    private final SlashCompleter completer = new SlashCompleter(SlashCommands.commandLine(),
            () -> List.of("alice", "bob"));

    private List<String> complete(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, parsed, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void theFirstWordCompletesToEveryCommandWithItsSlash() {
        assertEquals(List.of("/register", "/login", "/logout", "/whoami", "/search", "/online", "/chat", "/accept",
                "/reject", "/busy", "/switch", "/conversations", "/buffers", "/exit", "/close", "/history", "/verify",
                "/create", "/rooms", "/join", "/leave", "/members", "/kick", "/ban", "/topic", "/lock", "/unlock", "/group",
                "/receipts", "/help", "/quit"), complete("/"));
    }

    @Test
    void searchCompletesTheUsersOfTheLastOnlineList() {
        List<String> values = complete("/search ");
        assertTrue(values.containsAll(List.of("alice", "bob")), values.toString());
    }

    @Test
    void helpCompletesCommandNames() {
        assertTrue(complete("/help ").containsAll(List.of("login", "online", "quit")));
    }

    @Test
    void optionsOfTheCommandAreOffered() {
        assertTrue(complete("/online ").containsAll(List.of("-l", "--long", "-h", "--help")));
    }

    @Test
    void plainTextGetsNoCommandCompletion() {
        assertEquals(List.of(), complete("hello "));
    }
}
