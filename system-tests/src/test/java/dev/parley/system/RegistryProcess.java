package dev.parley.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The configured WildFly with the registry EAR, started by {@code bin/registry} as an operator would. */
final class RegistryProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile(
            "Parley registry listening on .*:(\\d+)/tcp \\(TLS\\) and .*:(\\d+)/udp.*fingerprint ([0-9A-F:]+)");
    /** What the console says when WildFly started with errors or could not boot (wildfly-config's registry-console.cli). */
    static final String FAILED = "start-up FAILED";
    /** The last line of a start: the web client's address. */
    static final String WEB_CLIENT = "web client at https://";
    /** WildFly's management port before the offset. */
    private static final int MANAGEMENT_PORT = 9990;
    static final Path REPO = Path.of(System.getProperty("parley.repo", "..")).toAbsolutePath().normalize();

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final Path home;
    private final Map<String, String> extraEnv;
    private final List<String> serverArgs;
    final int port;
    final int udpPort;
    /** The browser client's HTTPS port: its page and its WebSocket. */
    final int webPort;
    /** WildFly's management interface (loopback): health at /health/live and /health/ready. */
    final int managementPort;
    final String fingerprint;

    private RegistryProcess(Process process, Path home, Map<String, String> extraEnv, List<String> serverArgs, int port,
            int udpPort, int webPort, int managementPort, String fingerprint) {
        this.process = process;
        this.home = home;
        this.extraEnv = extraEnv;
        this.serverArgs = serverArgs;
        this.port = port;
        this.udpPort = udpPort;
        this.webPort = webPort;
        this.managementPort = managementPort;
        this.fingerprint = fingerprint;
    }

    /** Starts a registry in its own home directory with the H2 default database (unless {@code extraEnv} names one), on free ports. */
    static RegistryProcess start(Path home, Map<String, String> extraEnv, String... serverArgs) throws Exception {
        return start(home, freePort(), freePort(), freePort(), Map.copyOf(extraEnv), List.of(serverArgs));
    }

    /**
     * Starts a registry on this TCP port (one a client was told to use before it ran, or one whose
     * {@link #clusterPort(int)} another node was told), with {@code extraEnv} and server arguments.
     */
    static RegistryProcess startOn(Path home, int port, Map<String, String> extraEnv, String... serverArgs)
            throws Exception {
        return start(home, port, freePort(), freePort(), Map.copyOf(extraEnv), List.of(serverArgs));
    }

    /** The JGroups TCP port (7600 plus the port offset) of a registry started on {@code port}: where its cluster peers find it. */
    static int clusterPort(int port) {
        return 7600 + portOffset(port);
    }

    /** The port offset of a registry started on {@code port}: its management and cluster ports follow from it. */
    private static int portOffset(int port) {
        return 200 + (port % 500);
    }

    /** Starts a registry with the H2 default database on this TCP port (one a client was told to use before it ran). */
    static RegistryProcess startOn(Path home, int port) throws Exception {
        return start(home, port, freePort(), freePort(), Map.of(), List.of());
    }

    /**
     * Starts this registry again once it has stopped (say after {@link #kill()}): the same home, so
     * the same TLS key, the same database and settings, and the same ports, so its clients find it
     * where it was.
     */
    RegistryProcess startAgain() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("the registry is still running");
        }
        return start(home, port, udpPort, webPort, extraEnv, serverArgs);
    }

    private static RegistryProcess start(Path home, int port, int udp, int webPort, Map<String, String> extraEnv,
            List<String> serverArgs) throws Exception {
        int offset = portOffset(port);
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/registry").toString(),
                "-Djboss.socket.binding.port-offset=" + offset));
        cmd.addAll(serverArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("parley.java.home", System.getProperty("java.home")));
        env.put("PARLEY_REGISTRY_HOME", home.toString());
        env.put("PARLEY_REGISTRY_PORT", Integer.toString(port));
        env.put("PARLEY_KEEPALIVE_PORT", Integer.toString(udp));
        env.put("PARLEY_BIND", "127.0.0.1");
        // WildFly adds the offset to every socket binding, the web client's HTTPS port among them
        // (a free port is 20000 or above, far above any offset).
        env.put("PARLEY_WEB_PORT", Integer.toString(webPort - offset));
        env.remove("PARLEY_DB_URL");
        env.putAll(extraEnv);
        Process p = pb.start();
        RegistryProcess[] started = new RegistryProcess[1];
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        RegistryProcess listening = null;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                listening = new RegistryProcess(p, home, extraEnv, serverArgs, Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)), webPort, MANAGEMENT_PORT + offset, m.group(3));
            }
            // The web client's module starts last: once it says where it is, everything is up.
            if (listening != null && line.contains(WEB_CLIENT)) {
                started[0] = listening;
                break;
            }
            if (line.contains(FAILED) || System.nanoTime() > deadline) {
                break;
            }
        }
        if (started[0] == null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            throw new StartFailed(lines);
        }
        started[0].output.addAll(lines);
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    synchronized (started[0].output) {
                        started[0].output.add(l);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "registry-output");
        drain.setDaemon(true);
        drain.start();
        return started[0];
    }

    /** The console's lines up to a failed start. */
    static final class StartFailed extends IllegalStateException {
        final List<String> console;

        StartFailed(List<String> console) {
            super("the registry did not start:\n" + String.join("\n", console));
            this.console = List.copyOf(console);
        }
    }

    /** Waits until the console shows a line containing {@code text}; returns that line. */
    String awaitOutput(String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (String l : output()) {
                if (l.contains(text)) {
                    return l;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the registry never said '" + text + "'; it said:\n  "
                        + String.join("\n  ", output()));
            }
            Thread.sleep(100);
        }
    }

    /** Ctrl-C in the terminal that runs bin/registry; true when it has ended within {@code within}. */
    boolean interrupt(Duration within) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** The server's base directory (its data/, configuration/ and log/). */
    Path home() {
        return home;
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * A port free now for TCP and UDP, taken below the kernel's range for the local ports of
     * outgoing connections (32768 and up): a port the kernel chose (port 0) could be handed to a
     * connection (JDBC, JGroups, a client) before the process it was meant for binds it, and that
     * registry would not start. Above the ports the registries' offsets reach (up to about 10,700).
     */
    /** The ports {@link #freePort()} gave in this run: never the same one twice. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue; // given to another process of this run, which may not have bound it yet
            }
            try (ServerSocket tcp = new ServerSocket(); java.net.DatagramSocket udp = new java.net.DatagramSocket(null)) {
                tcp.bind(new java.net.InetSocketAddress(port));
                udp.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no port free for TCP and UDP between 20000 and 32000");
    }

    /** Kills the server the hard way: what a crash or power cut looks like to clients. */
    /** What the management interface answered to a GET: a probe's or a scraper's view. */
    record Management(int status, String body) {
    }

    /**
     * GETs {@code path} from the management interface (loopback, no password), as a load balancer's
     * probe ({@code /health/ready}) or a metrics scraper ({@code /metrics}) would.
     */
    Management management(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Management(r.statusCode(), r.body());
        }
    }

    /** GETs {@code path} every 200 ms until the answer satisfies {@code done} or {@code within} is over; the last answer. */
    Management awaitManagement(String path, Predicate<Management> done, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Management m = management(path);
        while (!done.test(m) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            m = management(path);
        }
        return m;
    }

    // Signalled through the ProcessHandle, not Process.destroy*, which also closes our end of the
    // console pipe: the lines the registry printed last, not yet read, would be lost to a failure report.
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    static Path tempHome(String name) throws IOException {
        return Files.createTempDirectory("parley-" + name);
    }
}
