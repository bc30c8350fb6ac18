package dev.parley.client.app;

import dev.parley.client.Diagnostics;
import dev.parley.client.ParleyVersion;
import dev.parley.client.command.SlashCommands;
import dev.parley.client.registry.Backoff;
import dev.parley.client.registry.KnownRegistries;
import dev.parley.client.registry.RegistryAddresses;
import dev.parley.client.registry.RegistryConnector;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.ChatText;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Palette;
import dev.parley.client.render.PlainScreen;
import dev.parley.client.render.Screen;
import dev.parley.client.render.TerminalScreen;
import dev.parley.client.shell.CommandDispatcher;
import dev.parley.client.shell.InteractiveShell;
import dev.parley.client.shell.PlainShell;
import dev.parley.client.shell.SessionNotices;
import dev.parley.client.shell.SlashCompleter;
import dev.parley.client.store.ParleyHome;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The {@code parley} program: reads the options, then runs the interactive shell or plain mode. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = ParleyVersion.class, sortOptions = false,
        description = {"Chat with people on your network through a Parley registry.",
            "Inside, type /help for the commands."},
        footer = {"", "Exit status: 0 when done, 1 when parley could not start, 2 for wrong options.",
            "PARLEY_DEBUG=1 prints stack traces of unexpected errors to standard error; NO_COLOR turns colours off."})
public final class Parley implements Callable<Integer> {
    static final String DEFAULT_REGISTRY = "localhost:15600";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Held so the setting is not garbage-collected with the logger: JLine must not log into the chat. */
    private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

    /** Where the program reads and writes, and whether standard input is a terminal; replaced in tests. */
    public record Io(InputStream in, PrintStream out, PrintStream err, boolean terminal, Map<String, String> env) {
        static Io system() {
            return new Io(System.in, new PrintStream(System.out, true, StandardCharsets.UTF_8),
                    new PrintStream(System.err, true, StandardCharsets.UTF_8), stdinIsTerminal(), System.getenv());
        }
    }

    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            converter = RegistryAddressesConverter.class,
            description = "the registry to use; for a registry cluster, its nodes' addresses separated by commas:"
                    + " parley uses the first that answers and moves to another if its node goes away"
                    + " (default: $PARLEY_REGISTRY, else " + DEFAULT_REGISTRY + ")")
    RegistryAddresses registry;

    @Option(names = "--plain", description = "plain mode: commands from standard input, one event per output line,"
            + " no colours or cursor tricks (also chosen when standard input is not a terminal)")
    boolean plain;

    @Option(names = "--home", paramLabel = "DIR",
            description = "where parley keeps its files (default: $PARLEY_HOME, else ~/.parley)")
    Path home;

    private int peerPort;
    private java.net.InetAddress peerBind;
    private int keepalivePort;

    Parley(Io io) {
        this.io = io;
    }

    @Option(names = "--peer-port", paramLabel = "N",
            description = "the TCP port other peers reach you on; 0 picks a free one (default: 0)")
    void peerPort(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--peer-port must be 0 to 65535, got " + port);
        }
        this.peerPort = port;
    }

    @Option(names = "--peer-bind", paramLabel = "ADDRESS",
            description = "the local address to listen for peers on, on a computer with several (default: all)")
    void peerBind(String address) {
        try {
            this.peerBind = java.net.InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--peer-bind: no such address here: " + address);
        }
    }

    @Option(names = "--keepalive-port", paramLabel = "N",
            description = "the UDP port on the registry's host to send keepalives to, when a forward maps the"
                    + " registry's keepalive port to another number (default: the port the registry announces)")
    void keepalivePort(int port) {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--keepalive-port must be 1 to 65535, got " + port);
        }
        this.keepalivePort = port;
    }

    public static void main(String[] args) {
        // A failure on a background thread (registry reader, keepalives) is one line, never a trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            Diagnostics.trace("on thread " + thread.getName(), e);
            System.err.println("error: " + thread.getName() + " failed: " + Diagnostics.reason(e));
        });
        System.exit(run(args, Io.system()));
    }

    /** Runs the program and returns its exit status; never throws. */
    public static int run(String[] args, Io io) {
        CommandLine cmd = new CommandLine(new Parley(io));
        cmd.setOut(new PrintWriter(io.out(), true));
        cmd.setErr(new PrintWriter(io.err(), true));
        cmd.setParameterExceptionHandler((e, a) -> {
            io.err().println("parley: " + lowerFirst(e.getMessage()) + " — try 'parley --help'");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, r) -> {
            Diagnostics.trace("running parley", e);
            io.err().println("error: parley failed: " + Diagnostics.reason(e));
            return 1;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        RegistryAddresses addresses = registryAddresses();
        if (addresses == null) {
            return 2;
        }
        Path dir = homeDir();
        ParleyHome parleyHome;
        try {
            parleyHome = ParleyHome.open(dir);
        } catch (IOException e) {
            Diagnostics.trace("opening " + dir, e);
            io.err().println("parley: cannot use " + dir + " as the parley home: " + Diagnostics.reason(e)
                    + " — choose another with --home DIR");
            return 1;
        }
        for (String loose : parleyHome.untightened()) {
            io.err().println("parley: warning: cannot make " + loose + " readable by you only");
        }
        if (!Diagnostics.enabled()) {
            JLINE_LOG.setLevel(Level.OFF);
        }
        if (!plain && io.terminal()) {
            Terminal terminal = openTerminal();
            if (terminal != null) {
                return runInteractive(terminal, addresses, parleyHome);
            }
        }
        return runPlain(addresses, parleyHome);
    }

    private int runPlain(RegistryAddresses addresses, ParleyHome parleyHome) {
        Screen screen = new PlainScreen(io.out());
        PlainShell shell = new PlainShell(new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)),
                screen);
        SessionNotices notices = new SessionNotices(screen);
        try (RegistrySession session = newSession(addresses, parleyHome, notices)) {
            ChatClient client = new ChatClient(session, screen, shell, parleyHome, Clock.systemDefaultZone(), true);
            notices.onSessionLost(client::sessionLost);
            Thread hook = logoutOnSignal(client, session);
            try {
                client.connectAtStart(); // here, not in the background: a script's output stays in order
                shell.run(client, new CommandDispatcher(SlashCommands.commandLine(), client));
            } catch (IOException e) {
                Diagnostics.trace("reading standard input", e);
                screen.show(NoticeKind.ERROR, "error: cannot read standard input: " + Diagnostics.reason(e));
                client.leave();
                return 1;
            } finally {
                forget(hook);
            }
        }
        return 0;
    }

    private int runInteractive(Terminal terminal, RegistryAddresses addresses, ParleyHome parleyHome) {
        Palette palette = Palette.forEnvironment(io.env());
        CommandLine commands = SlashCommands.commandLine();
        AtomicReference<ChatClient> client = new AtomicReference<>();
        SlashCompleter completer = new SlashCompleter(commands, () -> client.get() == null ? List.of()
                : client.get().completionNames());
        InteractiveShell shell = new InteractiveShell(terminal, commands, completer, parleyHome.history(), palette);
        Screen screen = new TerminalScreen(shell.reader(), palette,
                ChatText.hyperlinksSupported(io.env(), terminal.getType()));
        SessionNotices notices = new SessionNotices(screen);
        notices.onStateChange(shell::updatePrompt);
        try (terminal; RegistrySession session = newSession(addresses, parleyHome, notices)) {
            client.set(new ChatClient(session, screen, shell, parleyHome, Clock.systemDefaultZone(), false));
            client.get().onStateChange(shell::updatePrompt);
            notices.onSessionLost(client.get()::sessionLost);
            Thread hook = logoutOnSignal(client.get(), session);
            try {
                screen.show(Notice.of(NoticeKind.INFO, "parley " + ParleyVersion.version() + " — registry " + addresses
                        + " — /help lists the commands, Ctrl-D quits"));
                ChatClient started = client.get();
                Thread.ofVirtual().name("connect").start(started::connectAtStart); // the prompt does not wait for it
                shell.run(client.get(), new CommandDispatcher(commands, client.get()));
            } finally {
                forget(hook);
            }
        } catch (IOException e) {
            Diagnostics.trace("closing the terminal", e);
        }
        return 0;
    }

    private RegistrySession newSession(RegistryAddresses addresses, ParleyHome parleyHome, SessionNotices notices) {
        RegistryConnector connector = new RegistryConnector(addresses, new KnownRegistries(parleyHome.knownRegistries()),
                notices, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
        RegistrySession session = new RegistrySession(connector, notices, Backoff.standard(), peerPort, keepalivePort,
                REQUEST_TIMEOUT);
        if (peerBind != null) {
            session.listenForPeersOn(peerBind);
        }
        return session;
    }

    private Terminal openTerminal() {
        try {
            return TerminalBuilder.builder().system(true).name("parley").build();
        } catch (IOException | RuntimeException e) {
            Diagnostics.trace("opening the terminal", e);
            io.err().println("parley: cannot use this terminal (" + Diagnostics.reason(e) + "); using --plain");
            return null;
        }
    }

    /** On Ctrl-C or SIGTERM peers and the registry still hear that we leave, instead of waiting for timeouts. */
    private static Thread logoutOnSignal(ChatClient client, RegistrySession session) {
        Thread hook = new Thread(() -> {
            client.sessionLost();
            session.close();
        }, "parley-logout");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs, and closing twice is harmless.
        }
    }

    private RegistryAddresses registryAddresses() {
        if (registry != null) {
            return registry;
        }
        String fromEnv = io.env().get("PARLEY_REGISTRY");
        if (fromEnv == null || fromEnv.isBlank()) {
            return RegistryAddresses.parse(DEFAULT_REGISTRY);
        }
        try {
            return RegistryAddresses.parse(fromEnv);
        } catch (IllegalArgumentException e) {
            io.err().println("parley: PARLEY_REGISTRY: " + e.getMessage() + " — set it to HOST[:PORT] or pass --registry");
            return null;
        }
    }

    private Path homeDir() {
        if (home != null) {
            return home;
        }
        String fromEnv = io.env().get("PARLEY_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".parley");
    }

    /**
     * True when standard input and output are a terminal. Java 22+ always has a Console and says
     * so with {@code isTerminal()}; on 21 there is a Console only for a terminal. Called
     * reflectively because the build targets 21.
     */
    static boolean stdinIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Diagnostics.trace("asking whether this is a terminal", e);
            return false;
        }
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "wrong options" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Reads {@code --registry}, with the reason when an address is unusable. */
    static final class RegistryAddressesConverter implements ITypeConverter<RegistryAddresses> {
        @Override
        public RegistryAddresses convert(String value) {
            try {
                return RegistryAddresses.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
