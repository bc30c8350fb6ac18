package dev.parley.bench;

import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.UserPresence;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code room-fanout-procs}: the room fan-out with its members spread over several processes, as
 * real members are on machines of their own. This process starts PROCESSES member processes (this
 * JVM's java, class path and -X/-D options, and the client's own JVM options from
 * {@code bin/parley-jvm.options}, as they stand for clients; {@link RoomMemberProcess}), each running its share of
 * the MEMBERS as {@code room-fanout} does, and plays the registry for all of them: the directory
 * of who listens where with which key, and {@link LocalRooms}' room bookkeeping, over the member
 * processes' standard input and output. The room messages themselves go member to member over
 * their peer links, between processes.
 *
 * <p>Each timed step is a {@link FanoutStep.Schedule} sent to every member process, which sends its
 * own members' messages at their intended starts (wall clock) and reports afterwards; this process
 * merges the reports into the time until the last member has shown each message, the time until
 * its sender holds every receipt, and CPU and garbage collection per process.
 */
final class RoomProcesses {
    /** Goals from a widely deployed XMPP server measured the same way: p99 until every member has shown a message. */
    private static final Map<Double, Double> GOAL_P99_MS = Map.of(100.0, 8.0, 200.0, 8.0, 300.0, 15.0);
    /** ... and the rate it sustains. */
    private static final double GOAL_SUSTAINED = 400;
    /** A median beyond this, until every member has shown a message, means messages queue: the rate is not sustained. */
    private static final double QUEUEING_P50_MS = 20;
    /**
     * Long enough for five JVMs on a small machine to compile the message path: after 5 s the first
     * measured step (the lowest rate) was the slowest of most runs, which no long-running client is.
     */
    private static final int WARM_UP_SECONDS = 20;
    /** Between sending a step's schedule and its first intended send, for every process to have it. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SET_UP_SECONDS = 60;

    /** A line from a member process, other than its room requests (which are answered as they come). */
    private record Reply(Child from, String kind, String rest) {
    }

    /** A member process stopped, said it failed, or did not answer in time. */
    private static final class ChildFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ChildFailed(String message) {
            super(message);
        }
    }

    private final int memberCount;
    private final List<Child> children = new ArrayList<>();
    private final Map<String, UserPresence> directory = new ConcurrentHashMap<>();
    private final Map<String, Child> childOf = new ConcurrentHashMap<>();
    private final LocalRooms rooms = new LocalRooms(directory, (user, event) -> childOf.get(Names.key(user)).send(
            "event " + user + " " + text(Frame.event((Record) event))));
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private volatile boolean closing;
    private long sequence;
    /** The members' history, under one temporary folder deleted at the end however the run ends. */
    private Path home;

    /** One member process: members {@code first} to {@code first + size - 1}. */
    private final class Child {
        final int index;
        final int first;
        final int size;
        final Process process;
        private final Writer in;

        Child(int index, int first, int size, Process process) {
            this.index = index;
            this.first = first;
            this.size = size;
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("member-process-" + index).start(this::read);
        }

        synchronized void send(String line) {
            try {
                in.write(line);
                in.write('\n');
                in.flush();
            } catch (IOException e) {
                replies.add(new Reply(this, "failed", "cannot be written to: " + e.getMessage()));
            }
        }

        /** Reads the process's lines until it ends: answers room requests at once, queues the rest. */
        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] f = line.split(" ", 2);
                    if (f[0].equals("call")) {
                        answer(this, f[1]);
                    } else {
                        replies.add(new Reply(this, f[0], f.length > 1 ? f[1] : ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                replies.add(new Reply(this, "failed", "unreadable: " + e));
            }
            if (!closing) {
                String code;
                try {
                    code = process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
                } catch (InterruptedException e) {
                    code = "unknown";
                }
                replies.add(new Reply(this, "failed", "ended (exit code " + code + ")"));
            }
        }

        void close() {
            try {
                in.close(); // the process ends when its standard input does
            } catch (IOException e) {
                // it is gone already
            }
        }

        @Override
        public String toString() {
            return String.format("member process %d (%s to %s, pid %d)", index, RoomMesh.name(first),
                    RoomMesh.name(first + size - 1), process.pid());
        }
    }

    private RoomProcesses(int memberCount) {
        this.memberCount = memberCount;
    }

    /**
     * As {@code room-fanout}, with MEMBERS members spread evenly over PROCESSES member processes: at
     * each rate of {@code rates} (rising) for {@code seconds}, after the links are opened and a warm-up,
     * until a step is not sustained. Ends this JVM with status 1 when a member process fails.
     */
    static int fanout(List<Double> rates, int seconds, int memberCount, int processes) throws Exception {
        if (memberCount < 2 || processes < 1 || processes > memberCount) {
            throw new IllegalArgumentException("need at least 2 members and between 1 and MEMBERS processes");
        }
        RoomProcesses run = new RoomProcesses(memberCount);
        Runtime.getRuntime().addShutdownHook(new Thread(run::destroy, "stop-member-processes"));
        try {
            run.run(rates, seconds, processes);
            return 0;
        } catch (ChildFailed e) {
            System.out.println("room-fanout-procs stopped: " + e.getMessage());
            System.out.flush();
            return 1;
        } finally {
            run.close();
        }
    }

    private void run(List<Double> rates, int seconds, int processes) throws Exception {
        int bodyChars = new FanoutStep.Stamp(10_000, FanoutStep.wallNanos()).body(PeerBench.BODY).length();
        System.out.printf("room fan-out over processes: %d members in one room, in %d member processes of %s;"
                + " one peer client each; this process plays the registry; rates %s/s room-wide, %d s each;"
                + " senders take turns; body about %d chars%n", memberCount, processes,
                memberCount % processes == 0 ? memberCount / processes + " members"
                        : memberCount / processes + " or " + (memberCount / processes + 1) + " members",
                rates, seconds, bodyChars);
        PeerBench.machine("start");
        start(processes);
        setUpRoom();
        int n = memberCount;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) { // each member once: its first message opens its links
            long seq = sequence++;
            childOf.get(Names.key(RoomMesh.name(i))).send("open " + seq);
            await("opened", 1, SET_UP_SECONDS);
        }
        long inside = children.stream().mapToLong(c -> (long) c.size * (c.size - 1) / 2).sum();
        System.out.printf("links set up: every member sent once in %.1f s (%d links, one per pair, %d of them"
                + " between processes)%n", (System.nanoTime() - t0) / 1e9, (long) n * (n - 1) / 2,
                (long) n * (n - 1) / 2 - inside);
        step("warm-up", Math.min(100, rates.getFirst()), WARM_UP_SECONDS).print(false);
        if (rates.getFirst() > 100) {
            step("warm-up", rates.getFirst(), WARM_UP_SECONDS).print(false);
        }
        Map<Double, Step> measured = new LinkedHashMap<>();
        double highest = 0;
        for (double rate : rates) {
            Step s = step("room message to " + (n - 1), rate, seconds);
            s.print(true);
            measured.put(rate, s);
            String problem = s.notSustained();
            if (problem != null) {
                System.out.printf("  %.0f/s is not sustained: %s%n", rate, problem);
                break;
            }
            highest = rate;
        }
        System.out.printf("highest rate sustained (every message acknowledged by and shown to all %d, rate achieved,"
                + " p50 until every member has shown it within %.0f ms): %s%n", n - 1, QUEUEING_P50_MS,
                highest == 0 ? "none" : String.format("%.0f messages/s", highest));
        goals(measured);
        PeerBench.machine("end");
    }

    /** Starts the member processes and gathers where their members listen. */
    private void start(int processes) throws Exception {
        home = Files.createTempDirectory("parley-room-procs");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> options = new ArrayList<>();
        clientOptions().ifPresentOrElse(file -> options.add("@" + file), () -> System.out.println(
                "bin/parley-jvm.options not found beside the benchmark: member processes run without the client's JVM options"));
        // After the client's: an option given to this JVM wins, as PARLEY_JAVA_OPTS does for bin/parley.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> o.startsWith("-X") || o.startsWith("-D") && !o.startsWith("-Dbench.jfr")).forEach(options::add);
        System.out.println("member processes' JVM options: " + String.join(" ", options));
        for (int k = 0; k < processes; k++) {
            int first = k * memberCount / processes;
            int size = (k + 1) * memberCount / processes - first;
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(options);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                    "room-fanout-member", Integer.toString(k), home.toString(), Integer.toString(first),
                    Integer.toString(size),
                    Integer.toString(memberCount)));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            children.add(new Child(k, first, size, p));
        }
        await("ready", processes, SET_UP_SECONDS); // each process's members come before its "ready"
    }

    /**
     * The client's JVM options, {@code bin/parley-jvm.options} of the checkout this benchmark was
     * built in ({@code bench/target/parley-bench.jar} or {@code bench/target/classes}, three levels
     * up), as a java argument file; empty if it is not there.
     */
    private static Optional<Path> clientOptions() throws java.net.URISyntaxException {
        Path built = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        if (built.getNameCount() < 3) {
            return Optional.empty();
        }
        Path file = built.getParent().getParent().getParent().resolve("bin").resolve("parley-jvm.options");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Everyone's presence to every process; the first member creates the room, the others join it in turn. */
    private void setUpRoom() throws Exception {
        for (Child c : children) {
            directory.forEach((key, p) -> c.send("presence " + p.username() + " " + p.peerPort() + " "
                    + p.identityKey().orElseThrow()));
        }
        for (int i = 0; i < memberCount; i++) {
            String name = RoomMesh.name(i);
            childOf.get(Names.key(name)).send((i == 0 ? "create " : "join ") + name);
            await("done", 1, SET_UP_SECONDS);
        }
        children.forEach(c -> c.send("sync")); // every ROOM_JOINED was handled before
        await("synced", children.size(), SET_UP_SECONDS);
    }

    /** One member process's room request; answered with the registry's answer frame. */
    private void answer(Child from, String call) {
        String[] f = call.split(" ", 2);
        Frame request;
        String id;
        try {
            request = FrameCodec.decode(f[1]);
            id = request.id().orElseThrow();
        } catch (Exception e) {
            replies.add(new Reply(from, "failed", "sent an unreadable request: " + e.getMessage()));
            return;
        }
        Frame answer;
        try {
            RoomAnswer a = rooms.call(f[0], RegistryRequest.CATALOG.read(request));
            answer = Frame.answer(id, Status.OK, "", a);
        } catch (RegistryRefusedException e) {
            answer = Frame.answer(id, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            answer = Frame.answer(id, Status.BAD_REQUEST, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        from.send("answer " + id + " " + text(answer));
    }

    /**
     * Waits for {@code count} replies of {@code kind} (gathering members on the way); a failure of
     * any process, or nothing in time, ends the run.
     */
    private List<Reply> await(String kind, int count, long seconds) throws Exception {
        List<Reply> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (got.size() < count) {
            Reply r = replies.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new ChildFailed("no " + kind + " from the member processes within " + seconds + " s (" + got.size()
                        + " of " + count + ")");
            }
            switch (r.kind()) {
                case "failed" -> throw new ChildFailed(r.from() + " failed: " + r.rest());
                case "member" -> {
                    String[] m = r.rest().split(" ");
                    directory.put(Names.key(m[0]), new UserPresence(m[0], true, "127.0.0.1", Integer.parseInt(m[1]),
                            Optional.of(m[2])));
                    childOf.put(Names.key(m[0]), r.from());
                }
                default -> {
                    if (!r.kind().equals(kind)) {
                        throw new ChildFailed(r.from() + " said \"" + r.kind() + "\" where \"" + kind + "\" was due");
                    }
                    got.add(r);
                }
            }
        }
        return got;
    }

    /** A timed step: every process sends its members' messages of the schedule, then reports. */
    private Step step(String name, double rate, int seconds) throws Exception {
        FanoutStep.Schedule schedule = FanoutStep.Schedule.of(sequence, rate, seconds,
                FanoutStep.wallNanos() + LEAD_NANOS);
        sequence += schedule.count();
        long t0 = System.nanoTime();
        long ownCpu = OtherLoad.ownCpuNanos();
        OtherLoad others = OtherLoad.start();
        children.forEach(c -> c.send("step " + schedule.text()));
        Map<Child, FanoutStep.Report> reports = new LinkedHashMap<>();
        for (Reply r : await("result", children.size(), seconds + 90)) {
            reports.put(r.from(), FanoutStep.Report.parse(r.rest()));
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Step(name, rate, schedule, reports, elapsed, others.otherCores(),
                (OtherLoad.ownCpuNanos() - ownCpu) / 1e9 / elapsed);
    }

    /** The merged reports of one step. */
    private final class Step {
        final String name;
        final double rate;
        final Map<Child, FanoutStep.Report> reports;
        final double elapsed;
        final Histogram lastShown = new Histogram(3);
        final Histogram receipts = new Histogram(3);
        final Histogram shownEach = new Histogram(3);
        final long sent;
        final long failed;
        final long notShownByAll;
        final double achieved;
        final long cpuNanos;
        final double otherCores;
        final double ownCores;
        final String firstError;

        Step(String name, double rate, FanoutStep.Schedule schedule, Map<Child, FanoutStep.Report> reports,
                double elapsed, double notOwnCores, double ownCores) {
            this.name = name;
            this.rate = rate;
            this.reports = reports;
            this.elapsed = elapsed;
            FanoutStep.Shown shown = new FanoutStep.Shown(schedule.firstSeq(), schedule.count());
            long lastDone = 0;
            for (FanoutStep.Report r : reports.values()) {
                shown.merge(r.shown());
                receipts.add(r.receipts());
                shownEach.add(r.shownEach());
                lastDone = Math.max(lastDone, r.lastDoneEpochNanos());
            }
            this.notShownByAll = shown.lastShown(memberCount - 1, lastShown);
            this.sent = reports.values().stream().mapToLong(FanoutStep.Report::sent).sum();
            this.failed = reports.values().stream().mapToLong(FanoutStep.Report::failed).sum();
            this.firstError = reports.values().stream().map(FanoutStep.Report::firstError)
                    .filter(e -> e != null).findFirst().orElse(null);
            this.achieved = sent / Math.max(1e-9, (lastDone - schedule.startEpochNanos()) / 1e9);
            this.cpuNanos = reports.values().stream().mapToLong(FanoutStep.Report::cpuNanos).sum();
            this.otherCores = Math.max(0, notOwnCores - cpuNanos / 1e9 / elapsed);
            this.ownCores = ownCores;
        }

        long errors() {
            return failed + notShownByAll;
        }

        void print(boolean full) throws IOException {
            int receivers = memberCount - 1;
            System.out.printf("%-28s target %7.1f/s  achieved %7.1f/s  errors %d%s%n", name, rate, achieved, errors(),
                    firstError == null ? "" : "  (" + firstError + ")");
            System.out.println(RoomBench.line("  every member has shown it", rate, lastShown));
            if (!full) {
                return;
            }
            System.out.println(RoomBench.line("  sender holds every receipt", rate, receipts));
            System.out.println(RoomBench.line("  each member's showing", rate, shownEach));
            long total = sent + failed;
            double perMessage = cpuNanos / 1000.0 / Math.max(1, total);
            System.out.printf("  %d messages sent: %d not acknowledged by all %d, %d not shown by all %d; CPU %.0f µs"
                    + " per message, %.0f µs per delivery (%.2f cores in the member processes, %.2f in this one),"
                    + " other processes %.2f cores; load average %s%n", total, failed, receivers, notShownByAll,
                    receivers, perMessage, perMessage / receivers, cpuNanos / 1e9 / elapsed, ownCores, otherCores,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            for (Child c : children) {
                FanoutStep.Report r = reports.get(c);
                System.out.printf("    %s: CPU %.2f cores, GC %d pauses, %d ms%n", c, r.cpuNanos() / 1e9 / elapsed,
                        r.gcCount(), r.gcMillis());
            }
            Double goal = GOAL_P99_MS.get(rate);
            if (goal != null) {
                double p99 = lastShown.getValueAtPercentile(99) / 1000.0;
                System.out.printf("  goal: p99 until every member has shown it <= %.0f ms at %.0f/s: %s (%.2f ms)%n",
                        goal, rate, notSustained() == null && p99 <= goal ? "met" : "missed", p99);
            }
        }

        /** Why this step's rate is not sustained, or null when it is. */
        String notSustained() {
            if (failed > 0) {
                return failed + " messages not acknowledged by every member";
            }
            if (notShownByAll > 0) {
                return notShownByAll + " messages not shown to every member";
            }
            if (achieved < rate * 0.98) {
                return "achieved rate below the target";
            }
            double p50 = lastShown.getValueAtPercentile(50) / 1000.0;
            return p50 > QUEUEING_P50_MS ? String.format("p50 %.0f ms: messages queue", p50) : null;
        }
    }

    private void goals(Map<Double, Step> measured) {
        StringBuilder b = new StringBuilder("goals (p99 until every member has shown it):");
        GOAL_P99_MS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(g -> {
            Step s = measured.get(g.getKey());
            b.append(String.format(" <= %.0f ms at %.0f/s %s;", g.getValue(), g.getKey(), s == null ? "not run"
                    : s.notSustained() == null && s.lastShown.getValueAtPercentile(99) / 1000.0 <= g.getValue()
                            ? "met" : "missed"));
        });
        Step top = measured.get(GOAL_SUSTAINED);
        b.append(String.format(" %.0f/s sustained: %s", GOAL_SUSTAINED,
                top == null ? "not run" : top.notSustained() == null ? "yes" : "no"));
        System.out.println(b);
    }

    /** Ends the member processes: their standard input closes, and those still there after 10 s are killed. */
    private void close() throws InterruptedException {
        closing = true;
        children.forEach(Child::close);
        for (Child c : children) {
            if (!c.process.waitFor(10, TimeUnit.SECONDS)) {
                c.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        deleteHome();
    }

    /** On the way out of this JVM (Ctrl-C included): no member process outlives it. */
    private void destroy() {
        closing = true;
        children.forEach(c -> c.process.destroy());
        for (Child c : children) {
            try {
                if (!c.process.waitFor(3, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                c.process.destroyForcibly();
            }
        }
        deleteHome();
    }

    private synchronized void deleteHome() {
        if (home != null && Files.exists(home)) {
            try {
                PeerBench.delete(home);
            } catch (IOException | RuntimeException e) {
                System.err.println("could not delete " + home + ": " + e.getMessage());
            }
        }
    }

    /** A frame as one line between the processes (its JSON has no line breaks). */
    static String text(Frame frame) {
        try {
            return FrameCodec.encodeText(frame, Limits.MAX_FRAME_BYTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
