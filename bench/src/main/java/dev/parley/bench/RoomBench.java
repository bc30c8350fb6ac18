package dev.parley.bench;

import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Rooms: fan-out of room messages between real peer clients in this process ({@link RoomMesh}),
 * and the registry's room requests at a constant rate against a running registry. See
 * docs/BENCHMARKS.md.
 */
final class RoomBench {
    /** The goal of the room fan-out: p99 from send to the last member's receipt. */
    static final double GOAL_P99_MS = 20;
    private static final int WARM_UP_SECONDS = 5;

    // ---- room-fanout ----

    /**
     * MEMBERS users in one room; at each rate of {@code rates} (messages/s room-wide, rising), for
     * {@code seconds}: one member after another sends ({@code Rooms.send}, which sends to every other
     * member over its own peer link), timed from the intended start until every member has
     * acknowledged. A message is an error unless the sender's delivery notice says every member
     * received it; after each step the members' screens must have shown every message once per
     * receiver. Goes on past the goal's p99 to find the highest rate sustained at all; stops after
     * the first step with an error, a shortfall in rate, or a median beyond the goal (messages queue).
     */
    static void fanout(List<Double> rates, int seconds, int memberCount) throws Exception {
        System.out.printf("room fan-out: %d members in one room, one peer client each in this process; rates %s/s"
                + " room-wide, %d s each; senders take turns; body %d chars%n", memberCount, rates, seconds,
                PeerBench.BODY.length() + 8);
        PeerBench.machine("start");
        long heapBefore = heapUsedAfterGc();
        Path home = Files.createTempDirectory("parley-room-bench");
        try (RoomMesh mesh = new RoomMesh(home, memberCount)) {
            int n = mesh.members.size();
            AtomicLong sequence = new AtomicLong();
            ConstantRate.Operation send = seq -> sendAndCheck(mesh, sequence.getAndIncrement());
            // Each member in turn sends once: its first message opens links to those who have none to it yet.
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sendAndCheck(mesh, sequence.getAndIncrement());
            }
            System.out.printf("links set up: every member sent once in %.1f s (%d links, one per pair)%n",
                    (System.nanoTime() - t0) / 1e9, n * (n - 1) / 2);
            long heapMesh = heapUsedAfterGc();
            System.out.printf("heap used after GC: %d MiB before the members, %d MiB with %d members and their links"
                    + " (%.0f KiB per link end, the members' own state included); platform threads %d%n", heapBefore >> 20, heapMesh >> 20, n,
                    (heapMesh - heapBefore) / 1024.0 / (n * (n - 1)), ManagementFactory.getThreadMXBean().getThreadCount());
            ConstantRate.run("warm-up", Math.min(100, rates.getFirst()), WARM_UP_SECONDS, send);
            ConstantRate.run("warm-up", rates.getFirst(), WARM_UP_SECONDS, send);
            int held = 0;
            double goal = 0;
            double highest = 0;
            Profile profile = Profile.start();
            for (double rate : rates) {
                long shownBefore = mesh.shown();
                long sentBefore = sequence.get();
                long cpuBefore = OtherLoad.ownCpuNanos();
                long[] userSysBefore = userSysTicks();
                long gcBefore = gcMillis();
                long gcCountBefore = gcCount();
                OtherLoad others = OtherLoad.start();
                ConstantRate.Result r = ConstantRate.run("room message to " + (n - 1), rate, seconds, send);
                double otherCores = others.otherCores();
                long cpu = OtherLoad.ownCpuNanos() - cpuBefore;
                long[] userSys = userSysTicks();
                double kernelShare = (userSys[1] - userSysBefore[1])
                        / (double) Math.max(1, userSys[0] - userSysBefore[0] + userSys[1] - userSysBefore[1]);
                long gc = gcMillis() - gcBefore;
                long gcCount = gcCount() - gcCountBefore;
                long sent = sequence.get() - sentBefore;
                Thread.sleep(500); // a receiver shows a message just after acknowledging it
                long shown = mesh.shown() - shownBefore;
                System.out.println(r.line());
                boolean allShown = shown == sent * (n - 1);
                System.out.printf("  %d messages sent, shown %d times (%s %d x %d); CPU %.0f µs per message"
                        + " (%.2f cores, %.0f %% of it in the kernel), GC %d pauses, %d ms, other processes %.2f cores;"
                        + " load average %s%n", sent, shown, allShown ? "=" : "EXPECTED", sent, n - 1,
                        cpu / 1000.0 / sent, cpu / 1e9 / seconds, kernelShare * 100, gcCount, gc, otherCores,
                        Files.readString(Path.of("/proc/loadavg")).trim());
                double p99 = r.latencyMicros().getValueAtPercentile(99) / 1000.0;
                double p50 = r.latencyMicros().getValueAtPercentile(50) / 1000.0;
                boolean sustained = r.errors() == 0 && allShown && r.achievedRate() >= rate * 0.98
                        && p50 <= GOAL_P99_MS;
                if (sustained && p99 <= GOAL_P99_MS && held == rates.indexOf(rate)) {
                    held++;
                    goal = rate;
                }
                if (!sustained) {
                    System.out.printf("  %.0f/s is not sustained: %s%n", rate, r.errors() > 0 ? r.errors() + " errors"
                            : !allShown ? "not every message shown to every member"
                            : p50 > GOAL_P99_MS ? String.format("p50 %.0f ms: messages queue", p50)
                            : "achieved rate below the target");
                    break;
                }
                highest = rate;
            }
            profile.stop();
            System.out.printf("highest rate meeting the goal (p99 <= %.0f ms at it and every lower step, no errors, every"
                    + " message shown to all %d): %s%n", GOAL_P99_MS, n - 1,
                    goal == 0 ? "none" : String.format("%.0f messages/s", goal));
            System.out.printf("highest rate sustained (no errors, achieved, p50 within %.0f ms): %s%n", GOAL_P99_MS,
                    highest == 0 ? "none" : String.format("%.0f messages/s", highest));
            if (mesh.problems() > 0) {
                System.out.println("problems shown: " + mesh.problems() + ", e.g. " + mesh.lastProblem());
            }
            PeerBench.machine("end");
        } finally {
            PeerBench.delete(home);
        }
    }

    /** One room message from member {@code seq % n}; returns when every member answered, throws unless all got it. */
    private static void sendAndCheck(RoomMesh mesh, long seq) throws Exception {
        sendAndCheck(mesh.members.get((int) (seq % mesh.members.size())), seq, "#" + seq + " " + PeerBench.BODY);
    }

    /**
     * Room message {@code seq} from {@code sender}, whose {@code body} starts with {@code #SEQ }; returns
     * when every member answered, throws unless all got it.
     */
    static void sendAndCheck(PeerPair.User sender, long seq, String body) throws Exception {
        CompletableFuture<Void> done = sender.rooms.send(RoomMesh.ROOM, body);
        done.get(30, TimeUnit.SECONDS);
        // The delivery notice is shown before the future completes, on the same thread.
        String outcome = RoomMesh.screen(sender).outcomes.remove(seq);
        if (outcome == null) {
            throw new IllegalStateException("no delivery notice for message " + seq);
        }
        if (!outcome.isEmpty()) {
            throw new IllegalStateException(outcome);
        }
    }

    // ---- room-ops ----

    /** Users in the pool that host the rooms the others join and leave. */
    private static final int HOSTS = 8;

    /**
     * Against a running registry, with POOL users logged in (keepalives sent), each request on its
     * user's own link, at {@code rate} for {@code seconds} each: ROOM_CREATE of new rooms; ROOM_JOIN
     * then ROOM_LEAVE of rooms that stay (each hosted by one of the first {@value #HOSTS} users),
     * each timed (the join from its intended start, the leave from when it was sent); ROOM_LIST of
     * the first 100 rooms with every created room still there.
     */
    static void ops(RegistryAddress registry, double rate, int seconds, int pool, long serverPid) throws Exception {
        if (pool <= HOSTS) {
            throw new IllegalArgumentException("POOL must be more than " + HOSTS + " (the hosts of the rooms joined)");
        }
        PeerBench.machine("start");
        BenchClient client = new BenchClient(registry);
        List<String> names = Bench.registerAll(client, "ro" + Bench.RUN + "x", pool);
        KeepaliveLoad keepalives = new KeepaliveLoad(InetAddress.getByName(registry.host()), 5000);
        long t0 = System.nanoTime();
        List<RegistryLink> links = Bench.loginAll(client, names, keepalives, 4);
        System.out.printf("%d users logged in in %.0f s%n", links.size(), (System.nanoTime() - t0) / 1e9);
        int fixedRooms = 2 * HOSTS;
        List<String> fixed = new ArrayList<>();
        for (int i = 0; i < fixedRooms; i++) {
            String room = "fx" + Bench.RUN + "r" + i;
            BenchClient.ok(links.get(i % HOSTS), new RegistryRequest.RoomCreate(room, null, 500, null));
            fixed.add(room);
        }
        int joiners = pool - HOSTS;
        // Warm-up of every request type (JIT, connection pool, statement caches), then the measured runs.
        AtomicLong created = new AtomicLong();
        ConstantRate.Operation create = seq -> BenchClient.ok(links.get((int) (seq % pool)),
                new RegistryRequest.RoomCreate("cr" + Bench.RUN + "n" + created.getAndIncrement(), null, null, null));
        Recorder joins = new Recorder(3);
        Recorder leaves = new Recorder(3);
        AtomicLong pairs = new AtomicLong();
        ConstantRate.TimedOperation joinLeave = (seq, intended) -> {
            long p = pairs.getAndIncrement();
            RegistryLink link = links.get(HOSTS + (int) (p % joiners));
            String room = fixed.get((int) ((p / joiners) % fixedRooms));
            BenchClient.ok(link, new RegistryRequest.RoomJoin(room, null));
            long joined = System.nanoTime();
            joins.recordValue(Math.max(1, (joined - intended) / 1000));
            BenchClient.ok(link, new RegistryRequest.RoomLeave(room));
            leaves.recordValue(Math.max(1, (System.nanoTime() - joined) / 1000));
        };
        ConstantRate.Operation list = seq -> BenchClient.ok(links.get((int) (seq % pool)),
                new RegistryRequest.RoomList(null, null, 100, false)); // as the client asks
        ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, create);
        ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, joinLeave);
        ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, list);
        joins.reset();
        leaves.reset();

        Cpu cpu = Cpu.start(serverPid);
        System.out.println(ConstantRate.run("ROOM_CREATE (new name)", rate, seconds, create).line());
        System.out.println(cpu.line());
        cpu = Cpu.start(serverPid);
        ConstantRate.Result pair = ConstantRate.run("ROOM_JOIN + ROOM_LEAVE", rate, seconds, joinLeave);
        System.out.println(pair.line());
        System.out.println(line("  ROOM_JOIN", rate, joins.getIntervalHistogram()));
        System.out.println(line("  ROOM_LEAVE (after join)", rate, leaves.getIntervalHistogram()));
        System.out.println(cpu.line());
        RoomListAnswer total = BenchClient.ok(links.get(0), new RegistryRequest.RoomList(null, null, 1, null),
                RoomListAnswer.class);
        System.out.printf("rooms in the registry now: %d%n", total.total());
        cpu = Cpu.start(serverPid);
        System.out.println(ConstantRate.run("ROOM_LIST (limit 100)", rate, seconds, list).line());
        System.out.println(cpu.line());
        PeerBench.machine("end");
        keepalives.close();
        Bench.logoutAll(links);
    }

    /** Cores used meanwhile by this load generator, the registry (when its PID is known) and everything else. */
    record Cpu(long startNanos, long ownNanos, long serverTicks, long serverPid, OtherLoad others) {
        static Cpu start(long serverPid) {
            return new Cpu(System.nanoTime(), OtherLoad.ownCpuNanos(), ticks(serverPid), serverPid, OtherLoad.start());
        }

        /** Cores each used since {@link #start}: this load generator, the registry (NaN when its PID is unknown), the rest. */
        record Cores(double generator, double registry, double rest) {
            String line() {
                if (Double.isNaN(registry)) {
                    return String.format("  cores: load generator %.2f, everything else %.2f (registry included; give"
                            + " its PID to tell it apart)", generator, rest);
                }
                return String.format("  cores: load generator %.2f, registry %.2f, everything else %.2f (PostgreSQL"
                        + " included)", generator, registry, rest);
            }
        }

        Cores cores() {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double own = (OtherLoad.ownCpuNanos() - ownNanos) / 1e9 / elapsed;
            double notOwn = others.otherCores();
            if (serverPid <= 0) {
                return new Cores(own, Double.NaN, notOwn);
            }
            double server = (ticks(serverPid) - serverTicks) / 100.0 / elapsed;
            return new Cores(own, server, Math.max(0, notOwn - server));
        }

        String line() {
            return cores().line();
        }

        /** utime + stime of a process in clock ticks (USER_HZ 100), 0 when unknown. */
        private static long ticks(long pid) {
            if (pid <= 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (java.io.IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /**
     * With {@code -Dbench.jfr=FILE}, a JFR recording (settings "profile") of the measured steps only,
     * without the set-up and warm-up, dumped to FILE; read it with {@code jfr view hot-methods FILE}.
     */
    private record Profile(jdk.jfr.Recording recording, Path file) {
        static Profile start() throws Exception {
            String file = System.getProperty("bench.jfr");
            if (file == null) {
                return new Profile(null, null);
            }
            jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            // CPU-time samples (JDK 25, Linux) see every thread that burns CPU, virtual ones included.
            r.enable("jdk.CPUTimeSample").with("throttle", "1ms");
            r.start();
            return new Profile(r, Path.of(file));
        }

        void stop() throws Exception {
            if (recording != null) {
                recording.stop();
                recording.dump(file);
                recording.close();
                System.out.println("JFR recording of the measured steps: " + file);
            }
        }
    }

    static String line(String name, double rate, Histogram h) {
        return String.format("%-28s at %6.1f/s  p50 %8.2f ms  p99 %8.2f ms  p99.9 %8.2f ms  max %8.2f ms  (%d timed)",
                name, rate, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** This process's user and system CPU time in clock ticks ({@code /proc/self/stat}); zeros where unreadable. */
    private static long[] userSysTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(g -> Math.max(0, g.getCollectionCount())).sum();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    }

    private RoomBench() {
    }
}
