package dev.parley.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.app.ChatClient;
import dev.parley.client.command.PromptCancelledException;
import dev.parley.client.command.Prompter;
import dev.parley.client.command.SlashCommands;
import dev.parley.client.registry.Backoff;
import dev.parley.client.registry.KnownRegistries;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryConnector;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.store.ParleyHome;
import dev.parley.client.testing.RecordingObserver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Parsing and dispatch of typed lines, and the help text; none of this needs a registry. */
class CommandDispatcherTest {
    @TempDir
    Path home;

    private final List<Notice> shown = new CopyOnWriteArrayList<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private RegistrySession session;
    private ChatClient client;
    private CommandDispatcher dispatcher;
    private int closedPort;

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        RegistryAddress nowhere = new RegistryAddress("127.0.0.1", closedPort);
        RecordingObserver observer = new RecordingObserver();
        session = new RegistrySession(new RegistryConnector(nowhere,
                new KnownRegistries(home.resolve("known_registries")), observer, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), observer, Backoff.standard(), 0, Duration.ofSeconds(1));
        Prompter noAnswers = new Prompter() {
            @Override
            public String ask(String question) throws PromptCancelledException {
                questions.add(question);
                throw new PromptCancelledException("input ended before the answer to '" + question + "'", true);
            }

            @Override
            public char[] askSecret(String question) throws PromptCancelledException {
                questions.add(question);
                throw new PromptCancelledException("input ended before the password was given", true);
            }
        };
        client = new ChatClient(session, shown::add, noAnswers, ParleyHome.open(home), Clock.systemDefaultZone(), true);
        dispatcher = new CommandDispatcher(SlashCommands.commandLine(), client);
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private List<String> typed(String line) {
        shown.clear();
        dispatcher.dispatch(line);
        return shown.stream().map(Notice::text).toList();
    }

    @Test
    void anUnknownCommandSaysHowToGetHelp() {
        assertEquals(List.of("error: unknown command /foo — type /help"), typed("/foo bar"));
        assertEquals(List.of("error: unknown command / — type /help"), typed("/"));
        assertEquals(NoticeKind.ERROR, shown.get(0).kind());
    }

    @Test
    void aLongUnknownCommandIsNotSaidBackWhole() {
        assertEquals(List.of("error: unknown command /" + "x".repeat(40) + "… — type /help"), typed("/" + "x".repeat(3000)));
    }

    @Test
    void aLineOutsideAConversationGetsAHint() {
        assertEquals(List.of("error: not in a conversation — /chat NAME starts one, /help lists commands"),
                typed("hello everyone"));
    }

    @Test
    void blankLinesAreIgnored() {
        assertEquals(List.of(), typed("   "));
    }

    @Test
    void helpListsEveryCommandWithItsUsageAndDescription() {
        List<String> lines = typed("/help").get(0).lines().toList();
        assertEquals("commands:", lines.get(0));
        CommandLine commands = SlashCommands.commandLine();
        assertEquals(new java.util.HashSet<>(commands.getSubcommands().values()).size() + 2, lines.size());
        for (CommandLine c : commands.getSubcommands().values()) {
            String synopsis = SlashCommands.synopsis(c);
            String description = c.getCommandSpec().usageMessage().description()[0];
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + synopsis + " ") && l.endsWith(description)),
                    "no line for " + synopsis + " in " + lines);
        }
        assertEquals("/help COMMAND explains one", lines.get(lines.size() - 1));
    }

    @Test
    void theHelpOverviewIsExactlyThis() {
        assertEquals("""
                commands:
                  /register [NAME]            create an account on the registry (asks for a password twice)
                  /login [NAME]               log in and appear online (asks for the password)
                  /logout                     log out and appear offline
                  /whoami                     show who you are logged in as, where peers reach you, and since when
                  /search NAME                find out whether someone is online, and where
                  /online [-l|--long]         list who is online
                  /chat NAME                  ask someone for a conversation, or switch to the one you have
                  /accept NAME|#ROOM          accept a chat request or a room invitation
                  /reject NAME|#ROOM          turn down a chat request or a room invitation
                  /busy [on|off]              do not disturb: answer every chat request busy (no argument toggles)
                  /switch NAME|#ROOM          go to another conversation or room
                  /conversations              list your conversations, requests and rooms, with unread counts
                  /exit [NAME]                end the current conversation (or NAME's); the other side is told
                  /history NAME|#ROOM [N]     show the last N messages with NAME (default 20), kept on this computer
                  /verify NAME                show your and NAME's key fingerprints to compare out of band
                  /create NAME [OPTIONS]      create a room (--password, --capacity N, --description TEXT); you are its host
                  /rooms [-l|--long]          list the rooms
                  /join NAME                  join a room (asks for its password if it has one)
                  /leave [NAME]               leave a room (default: the current one)
                  /members [NAME]             who is in a room now (default: the current one)
                  /kick NAME [--room ROOM]    host only: remove someone from the room
                  /ban NAME [--room ROOM]     host only: remove someone from the room and keep them out
                  /topic TEXT… [--room ROOM]  host only: change the room's description
                  /lock [--room ROOM]         host only: set or change the room's password
                  /unlock [--room ROOM]       host only: remove the room's password
                  /group NAME…                start a group chat: an invite-only room, with invitations
                  /receipts [ROOM]            who has and has not received your last message in the room
                  /help [COMMAND]             list the commands, or explain one
                  /quit                       log out and leave parley
                /help COMMAND explains one""", typed("/help").get(0));
    }

    @Test
    void helpForOneCommandShowsItsUsageDescriptionAndOptions() {
        String help = typed("/help online").get(0);
        assertEquals("""
                Usage: /online [-l|--long]
                list who is online
                  -h, --help   show this help
                  -l, --long   also show each user's address and peer port""", help);
        assertEquals(help, typed("/help /online").get(0));
        assertEquals(help, typed("/online --help").get(0));
    }

    @Test
    void helpForAnUnknownCommandSaysSo() {
        assertEquals(List.of("error: unknown command /frob — type /help"), typed("/help frob"));
    }

    @Test
    void aMissingArgumentShowsTheReasonAndTheUsage() {
        assertEquals(List.of("error: missing required parameter: 'NAME' — usage: /search NAME"), typed("/search"));
    }

    @Test
    void anExtraArgumentIsRefusedWithTheUsage() {
        assertEquals(List.of("error: unexpected argument 'now' — usage: /whoami"), typed("/whoami now"));
        assertEquals(List.of("error: unexpected argument 'carol' — usage: /search NAME"), typed("/search bob carol"));
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertEquals(List.of("error: unknown option '--wide' — usage: /online [-l|--long]"), typed("/online --wide"));
    }

    @Test
    void chatAndRoomCommandsCheckTheirArgumentsBeforeAnythingElse() {
        assertEquals(List.of("error: a room name has 2 to 32 characters"), typed("/join x"));
        assertEquals(List.of("error: a room name uses only letters, digits, '.', '_' and '-', and starts with a letter or digit"),
                typed("/create bad/name"));
        assertEquals(List.of("error: missing required parameter: 'NAME' — usage: /kick NAME [--room ROOM]"), typed("/kick"));
        assertEquals(List.of("error: missing required parameter: 'NAME' — usage: /chat NAME"), typed("/chat"));
        assertEquals(List.of("error: say on or off, not 'maybe' — usage: /busy [on|off]"), typed("/busy maybe"));
        assertEquals(List.of("error: N must be 1 to 1000, got 0"), typed("/history bob 0"));
        assertEquals(List.of("error: N must be a whole number, not 'many' — usage: /history NAME|#ROOM [N]"),
                typed("/history bob many"));
        assertEquals(List.of("error: N must be a whole number, not '99999999999' — usage: /history NAME|#ROOM [N]"),
                typed("/history bob 99999999999"));
        assertEquals(List.of("error: --capacity must be a whole number, not 'lots' — usage: /create NAME [OPTIONS]"),
                typed("/create den --capacity lots"));
    }

    @Test
    void chatAndRoomCommandsNeedALogin() {
        assertEquals(List.of("error: log in first — /login NAME"), typed("/chat bob"));
        assertEquals(List.of("error: log in first — /login NAME"), typed("/rooms"));
        assertEquals(List.of("error: log in first — /login NAME"), typed("/leave"));
    }

    @Test
    void commandNamesIgnoreLetterCase() {
        assertEquals(typed("/help quit"), typed("/HELP quit"));
    }

    @Test
    void anInvalidUsernameIsRefusedBeforeAnythingIsAsked() {
        assertEquals(List.of("error: a username has 3 to 32 characters"), typed("/login al"));
        assertEquals(List.of("error: a username has 3 to 32 characters"), typed("/search al"));
        assertEquals(List.of(), questions);
    }

    @Test
    void commandsThatNeedASessionAskToLogInFirst() {
        for (String command : List.of("/whoami", "/search bob", "/online", "/online -l")) {
            assertEquals(List.of("error: log in first — /login NAME"), typed(command), command);
        }
        assertEquals(List.of("error: not logged in"), typed("/logout"));
    }

    @Test
    void anUnreachableRegistryIsReportedBeforeThePasswordIsAsked() {
        assertEquals(List.of("error: cannot reach the registry at 127.0.0.1:" + closedPort + ": connection refused"
                + " — is it running? (--registry host:port)"), typed("/login alice"));
        assertEquals(List.of(), questions);
    }

    @Test
    void quitEndsTheShell() {
        assertEquals(List.of(), typed("/quit"));
        assertTrue(client.leaving());
    }

    @Test
    void inputEndingInsideAQuestionEndsTheShell() {
        assertEquals(List.of("error: input ended before the answer to 'username:'"), typed("/login"));
        assertTrue(client.leaving());
    }
}
