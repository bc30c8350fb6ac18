package dev.parley.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real {@code parley --plain} process: commands go to its standard input, its output lines are read back. */
final class ParleyProcess implements AutoCloseable {
    private static final Path JAR = RegistryProcess.REPO.resolve("peer-client/target/parley.jar");

    private final Process process;
    private final Writer in;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;
    final String name;

    private ParleyProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // process ended
            }
        }, "parley-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static ParleyProcess start(String name, Path home, String registry, String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("parley.java.home", System.getProperty("java.home")), "bin", "java").toString(),
                "-jar", JAR.toString(), "--plain", "--home", home.toString(), "--registry", registry));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ParleyProcess(name, p);
    }

    /** The password every test user has. */
    static final String PASSWORD = "correct horse battery";

    /** A client for a new user on {@code home}: registered and logged in, as a person does it at the prompt. */
    static ParleyProcess online(String user, Path home, String registry) throws Exception {
        ParleyProcess p = start(user, home, registry);
        p.register(user);
        p.login(user);
        return p;
    }

    /** /register USER, answering both password prompts. */
    void register(String user) throws Exception {
        send("/register " + user).awaitLine("password for " + user + ":");
        send(PASSWORD).awaitLine("repeat the password:");
        send(PASSWORD).awaitLine("registered " + user);
    }

    /** /login USER, answering the password prompt. */
    void login(String user) throws Exception {
        send("/login " + user).awaitLine("password for " + user + ":");
        send(PASSWORD).awaitLine("logged in as " + user);
    }

    /** {@code asker} asks {@code asked} to chat and {@code asked} accepts: the conversation is open on both. */
    static void converse(ParleyProcess asker, String askerName, ParleyProcess asked, String askedName) throws Exception {
        asker.send("/chat " + askedName).awaitLine("asked " + askedName + " to chat — waiting for an answer");
        asked.awaitLine(askerName + " wants to chat — /accept " + askerName + " or /reject " + askerName);
        asked.send("/accept " + askerName).awaitLine("chatting with " + askerName + " (type to send, /exit to end)");
        asker.awaitLine(askedName + " accepted — chatting with " + askedName + " (type to send, /exit to end)");
    }

    /** Types one line, as a person (or a script) would. */
    ParleyProcess send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
        return this;
    }

    /** Types several lines at once, as a paste or a script would. */
    ParleyProcess sendRaw(String text) throws IOException {
        in.write(text);
        in.flush();
        return this;
    }

    /** Waits for an output line that satisfies the check and returns it; fails with everything seen so far. */
    String await(Predicate<String> check, String what) throws InterruptedException {
        return await(check, what, Duration.ofSeconds(20));
    }

    /** As {@link #await(Predicate, String)}, for what takes longer than 20 s (a registry starting again). */
    String await(Predicate<String> check, String what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null) {
                throw new AssertionError(name + " never printed " + what + "; it printed:\n  " + String.join("\n  ", seen));
            }
            seen.add(l);
            if (check.test(l)) {
                return l;
            }
        }
    }

    /**
     * As {@link #await(Predicate, String)}, but a line already read by an earlier wait counts too:
     * for what may have been printed before the line that wait was for (a message shown before
     * "logged in as", when it reached the disk before a kill).
     */
    String awaitPrinted(Predicate<String> check, String what) throws InterruptedException {
        for (String l : seen) {
            if (check.test(l)) {
                return l;
            }
        }
        return await(check, what);
    }

    String awaitLine(String exact) throws InterruptedException {
        return await(exact::equals, "'" + exact + "'");
    }

    String awaitStart(String prefix) throws InterruptedException {
        return await(l -> l.startsWith(prefix), "a line starting '" + prefix + "'");
    }

    /** Waits until every one of these lines was printed, in any order; returns the lines seen meanwhile. */
    List<String> awaitAll(java.util.Collection<String> wanted) throws InterruptedException {
        java.util.Set<String> missing = new java.util.HashSet<>(wanted);
        int from = seen.size();
        while (!missing.isEmpty()) {
            String line = await(l -> missing.contains(l), "all of " + missing);
            missing.remove(line);
        }
        return List.copyOf(seen.subList(from, seen.size()));
    }

    /** Freezes the process (SIGSTOP), as a laptop lid closed or a debugger would: its sockets stay open. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /**
     * Stops the process at once, as a crash or a pulled plug would (no logout, no goodbye to peers).
     * SIGKILL, not {@link Process#destroyForcibly()}: that also closes our end of its output, and the
     * lines it printed just before, not yet read here, would be lost to {@link #printed()}.
     */
    void kill() throws Exception {
        signal("KILL");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not die of SIGKILL");
        }
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    /** Every line printed so far, read or not; an await after this sees only later lines. */
    List<String> printedSoFar() {
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    /** Every line the process printed, once it has ended (after {@link #kill()}): also those no await read. */
    List<String> printed() throws InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
