package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer meets, checked on real screens: the interactive client in a pseudo-terminal
 * against a registry started by bin/registry. The README's "first five minutes" is played as
 * written, each of its screens compared line by line with what the terminals show.
 */
class FirstMinutesSystemIT {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Pattern SCREEN = Pattern.compile("<!-- screen: (\\w+) -->");
    /** A prompt line: {@code alice@localhost:15600 [bob] (carol(2))> typed text}. */
    private static final Pattern INPUT = Pattern.compile("^((?:\\w+@)?localhost:\\d+(?: \\[[^\\]]+\\])?(?: \\(.*\\))?>) ?(.*)$");

    @Test
    void theReadmesFirstFiveMinutesAreWhatTheScreensShow() throws Exception {
        List<Screen> screens = readmeScreens();
        assertTrue(screens.size() >= 6, "the README's first five minutes has its screens: " + screens);
        Map<String, Played> terminals = new HashMap<>();
        try (RegistryProcess registry = RegistryProcess.start(RegistryProcess.tempHome("first-minutes"), Map.of())) {
            try {
                for (Screen screen : screens) {
                    Played who = terminals.get(screen.who());
                    for (String line : screen.lines()) {
                        if (line.startsWith("$ ")) {
                            who = new Played(TerminalClient.start(screen.who(), RegistryProcess.tempHome(screen.who()),
                                    "localhost:" + registry.port));
                            terminals.put(screen.who(), who);
                        } else {
                            who.expect(line);
                        }
                    }
                }
            } finally {
                for (Played p : terminals.values()) {
                    p.terminal.close();
                }
            }

            // A taken name is said before any password, by a client that is not logged in.
            try (ParleyProcess dave = ParleyProcess.start("dave", RegistryProcess.tempHome("dave"), registry.address())) {
                dave.awaitStart("pinned registry ");
                dave.send("/register Alice");
                assertEquals("error: the username Alice is taken", dave.await(l -> true, "an answer to /register Alice"),
                        "said at once, with no password asked");
            }
        }
    }

    @Test
    void aClientStartedBeforeTheRegistryConnectsOnceItIsUp() throws Exception {
        int port = RegistryProcess.freePort();
        String at = "localhost:" + port;
        Path home = RegistryProcess.tempHome("early");
        try (TerminalClient erin = TerminalClient.start("erin", home, at)) {
            erin.await(s -> s.contains("error: cannot reach the registry at " + at + ": connection refused"
                    + " — is it running? (--registry host:port) — trying again in the background"
                    + " (the prompt shows (no registry) until it answers)"), "that the registry is unreachable", STEP);
            erin.await(s -> erin.inputLine().equals(at + " (no registry)>"), "the prompt with (no registry)", STEP);

            try (RegistryProcess registry = RegistryProcess.startOn(RegistryProcess.tempHome("late-registry"), port)) {
                erin.await(s -> s.contains("connected to the registry") && erin.inputLine().equals(at + ">"),
                        "'connected to the registry' and a prompt without (no registry)", STEP);
                List<String> shown = erin.screen();
                assertTrue(shown.contains("pinned registry " + at + ", certificate SHA-256 " + registry.fingerprint),
                        "the pin is announced with the registry's fingerprint: " + shown);
                erin.type("/register erin");
                erin.await(s -> erin.inputLine().equals("password for erin:"), "the password question", STEP);
            }
        }
        assertFalse(Files.exists(home.resolve("erin")), "no folder for an account that was never registered");
    }

    /** One terminal of the walk-through: where on its screen the last expected line was found. */
    private static final class Played {
        final TerminalClient terminal;
        int matched = -1;

        Played(TerminalClient terminal) {
            this.terminal = terminal;
        }

        /** Waits until the line shows below what was matched before; types what the README types. */
        void expect(String readmeLine) throws Exception {
            Matcher input = INPUT.matcher(readmeLine);
            if (input.matches() && !input.group(2).isEmpty()) {
                String prompt = normalised(input.group(1));
                terminal.await(s -> normalised(terminal.inputLine()).equals(prompt), "the prompt '" + prompt + "'", STEP);
                terminal.type(input.group(2));
            }
            String wanted = normalised(readmeLine);
            terminal.await(s -> find(s, wanted) >= 0, "'" + readmeLine + "' (after line " + matched + ")", STEP);
            List<String> screen = terminal.screen();
            int at = find(screen, wanted);
            // The input line is drawn again below whatever is printed next: only lines above it stay put.
            matched = at == screen.size() - 1 ? at - 1 : at;
            if (readmeLine.startsWith("password for ") || readmeLine.equals("repeat the password:")) {
                terminal.type(ParleyProcess.PASSWORD);
                matched = at;
            }
        }

        private int find(List<String> screen, String wanted) {
            for (int i = matched + 1; i < screen.size(); i++) {
                if (normalised(screen.get(i)).equals(wanted)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Lines as they are wherever they run: times, ports, addresses, the fingerprint and the version vary. */
    static String normalised(String line) {
        return line.stripTrailing()
                .replaceAll("([0-9A-F]{2}:){31}[0-9A-F]{2}", "FINGERPRINT")
                .replaceAll("localhost:\\d+", "localhost:PORT")
                .replaceAll("\\b\\d{1,3}(\\.\\d{1,3}){3}:\\d+\\b", "ADDRESS")
                .replaceAll("\\b\\d\\d:\\d\\d:\\d\\d\\b", "HH:MM:SS")
                .replaceAll("\\b\\d\\d:\\d\\d\\b", "HH:MM")
                .replaceAll("^parley \\S+ — ", "parley VERSION — ");
    }

    record Screen(String who, List<String> lines) {
    }

    /** The screens of the README's "first five minutes", in order: each code block after a screen comment. */
    static List<Screen> readmeScreens() throws Exception {
        List<String> readme = Files.readAllLines(RegistryProcess.REPO.resolve("README.md"));
        int from = readme.indexOf("## The first five minutes");
        assertTrue(from >= 0, "README.md has a section '## The first five minutes'");
        List<Screen> screens = new ArrayList<>();
        for (int i = from + 1; i < readme.size() && !readme.get(i).startsWith("## "); i++) {
            Matcher m = SCREEN.matcher(readme.get(i));
            if (!m.matches()) {
                continue;
            }
            assertEquals("```", readme.get(i + 1), "a screen comment is followed by its code block (README line " + (i + 2) + ")");
            List<String> lines = new ArrayList<>();
            for (i += 2; !readme.get(i).equals("```"); i++) {
                lines.add(readme.get(i));
            }
            screens.add(new Screen(m.group(1), lines));
        }
        return screens;
    }
}
