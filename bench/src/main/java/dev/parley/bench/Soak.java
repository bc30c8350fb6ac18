package dev.parley.bench;

import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * A long run of a registry under a steady, mixed load, watched for what grows. SESSIONS users stay
 * logged in with keepalives; meanwhile, at constant rates, users are searched for and listed, join
 * and leave rooms, create rooms and leave them (so they are deleted), other accounts log in and
 * out, and alice sends bob messages through the registry (sealed mail and receipts, as when bob is
 * out of direct reach). Every minute: each load's rate and p99, and the registry's threads, file
 * descriptors, RSS and GC pauses (read from its GC log, {@code -Xlog:gc:file=GC_LOG}); every
 * {@value #HEAP_EVERY_MINUTES} minutes also its heap after a full GC. At the end: each load over
 * the whole run, the pause percentiles of the collections the registry chose itself (the full GCs
 * this run asked for are left out) and the slope per hour of heap, threads, file descriptors and
 * RSS. Threads are the registry's platform threads ({@code /proc/PID/task}); its virtual threads
 * (a link's reader) do not show there, but every link holds a file descriptor.
 */
final class Soak {
    // The loads, each a second: what 1,000 people chatting might ask of a registry, and more.
    private static final double SEARCH_RATE = 20;
    private static final double LIST_ONLINE_RATE = 2;
    private static final double JOIN_LEAVE_RATE = 10;
    private static final double CREATE_LEAVE_RATE = 1;
    private static final double LOGIN_LOGOUT_RATE = 1;
    private static final double RELAYED_RATE = 10;
    /** Users among the sessions that host the rooms the others join and leave. */
    private static final int HOSTS = 8;
    private static final int ROOMS = 16;
    /** Accounts that log in and out (not among the sessions held): each turns every 30 s at 1/s. */
    private static final int CHURN_ACCOUNTS = 30;
    private static final int HEAP_EVERY_MINUTES = 5;
    private static final double PAUSE_GOAL_MS = 50;

    /** One minute's reading of the registry process. */
    private record Reading(int minute, int threads, int fds, long rssKib) {
    }

    /** Heap after a full GC, in KiB, at a minute. */
    private record HeapReading(int minute, long kib) {
    }

    /** A load running at a constant rate. */
    private record Load(String name, double rate, ConstantRate.Operation op) {
    }

    static int run(RegistryAddress registry, int sessions, int minutes, long serverPid, Path gcLogFile)
            throws Exception {
        if (minutes < 1) {
            throw new IllegalArgumentException("MINUTES must be at least 1");
        }
        if (sessions <= HOSTS) {
            throw new IllegalArgumentException("SESSIONS must be more than " + HOSTS + " (the hosts of the rooms joined)");
        }
        if (!Files.isDirectory(Path.of("/proc/" + serverPid))) {
            System.err.println("parley-bench: no process " + serverPid + " (the registry's PID)");
            return 2;
        }
        if (!Files.isReadable(gcLogFile)) {
            System.err.println("parley-bench: cannot read the registry's GC log " + gcLogFile
                    + " (start the registry with JBOSS_JAVA_SIZING=\"-Xms64m -Xmx2g -Xlog:gc:file=" + gcLogFile + "\")");
            return 2;
        }
        PeerBench.machine("start");
        BenchClient client = new BenchClient(registry);
        String prefix = "sk" + Bench.RUN;
        List<String> names = Bench.registerAll(client, prefix + "x", sessions);
        List<String> churners = Bench.registerAll(client, prefix + "c", CHURN_ACCOUNTS);
        KeepaliveLoad keepalives = new KeepaliveLoad(InetAddress.getByName(registry.host()), 5000);
        long t0 = System.nanoTime();
        List<RegistryLink> links = Bench.loginAll(client, names, keepalives, 4);
        System.out.printf("%d sessions logged in in %.0f s, keepalives every 5 s%n", links.size(),
                (System.nanoTime() - t0) / 1e9);
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            rooms.add(prefix + "r" + i);
            BenchClient.ok(links.get(i % HOSTS), new RegistryRequest.RoomCreate(rooms.get(i), null, 500, null));
        }
        Path home = Files.createTempDirectory("parley-soak");
        try (RelayPair relayed = RelayPair.open(client, prefix, home)) {
            List<Load> loads = loads(client, names, links, churners, rooms, relayed, prefix);
            GcLog gcLog = GcLog.from(gcLogFile);
            System.out.printf("%d minutes of: %s%n", minutes, String.join(", ",
                    loads.stream().map(l -> String.format("%s %.0f/s", l.name(), l.rate())).toList()));
            List<Reading> readings = new ArrayList<>();
            List<HeapReading> heaps = new ArrayList<>();
            Histogram pauses = new Histogram(3);
            heaps.add(new HeapReading(0, Bench.heapUsedKib(serverPid)));
            List<List<ConstantRate.Result>> minutesOfLoads = new ArrayList<>();
            for (int minute = 1; minute <= minutes; minute++) {
                List<ConstantRate.Result> results = runOneMinute(loads);
                minutesOfLoads.add(results);
                Reading r = read(minute, serverPid);
                readings.add(r);
                List<Double> minutePauses = gcLog.pausesSinceLastRead();
                minutePauses.forEach(ms -> pauses.recordValue(Math.max(1, Math.round(ms * 1000))));
                String heap = "";
                if (minute % HEAP_EVERY_MINUTES == 0 || minute == minutes) {
                    HeapReading h = new HeapReading(minute, Bench.heapUsedKib(serverPid));
                    heaps.add(h);
                    heap = String.format(", heap after full GC %.1f MiB", h.kib() / 1024.0);
                }
                System.out.printf("minute %d: %s | registry threads %d, fds %d, RSS %d MiB, %d GC pauses (max %.1f ms)%s%n",
                        minute, minuteLine(results), r.threads(), r.fds(), r.rssKib() / 1024, minutePauses.size(),
                        minutePauses.stream().mapToDouble(Double::doubleValue).max().orElse(0), heap);
            }
            summary(loads, minutesOfLoads, readings, heaps, pauses);
        } finally {
            keepalives.close();
            Bench.logoutAll(links);
            PeerBench.delete(home);
        }
        PeerBench.machine("end");
        return 0;
    }

    private static List<Load> loads(BenchClient client, List<String> names, List<RegistryLink> links,
            List<String> churners, List<String> rooms, RelayPair relayed, String prefix) {
        int joiners = links.size() - HOSTS;
        AtomicLong pairs = new AtomicLong();
        AtomicLong created = new AtomicLong();
        return List.of(
                new Load("SEARCH_USER", SEARCH_RATE, seq -> BenchClient.ok(links.get((int) (seq % links.size())),
                        new RegistryRequest.SearchUser(names.get(ThreadLocalRandom.current().nextInt(names.size()))))),
                new Load("LIST_ONLINE", LIST_ONLINE_RATE, seq -> BenchClient.ok(links.get((int) (seq % links.size())),
                        new RegistryRequest.ListOnline(null, null, 100))),
                new Load("ROOM_JOIN + ROOM_LEAVE", JOIN_LEAVE_RATE, seq -> {
                    long p = pairs.getAndIncrement();
                    RegistryLink link = links.get(HOSTS + (int) (p % joiners));
                    String room = rooms.get((int) ((p / joiners) % rooms.size()));
                    BenchClient.ok(link, new RegistryRequest.RoomJoin(room, null));
                    BenchClient.ok(link, new RegistryRequest.RoomLeave(room));
                }),
                new Load("ROOM_CREATE + ROOM_LEAVE", CREATE_LEAVE_RATE, seq -> {
                    RegistryLink link = links.get(HOSTS + (int) (seq % joiners));
                    String room = prefix + "n" + created.getAndIncrement();
                    BenchClient.ok(link, new RegistryRequest.RoomCreate(room, null, null, null));
                    BenchClient.ok(link, new RegistryRequest.RoomLeave(room)); // the last member: deleted
                }),
                new Load("LOGIN + LOGOUT", LOGIN_LOGOUT_RATE, seq -> {
                    try (RegistryLink link = client.connect()) {
                        BenchClient.login(link, churners.get((int) (seq % churners.size())), 40000);
                        BenchClient.ok(link, new RegistryRequest.Logout());
                    }
                }),
                new Load("relayed message + receipt", RELAYED_RATE,
                        seq -> MailBench.requireReceipt(relayed.send(PeerBench.BODY).get(30, TimeUnit.SECONDS))));
    }

    /** Every load at its rate for one minute, side by side; their results in the loads' order. */
    private static List<ConstantRate.Result> runOneMinute(List<Load> loads) throws Exception {
        List<Future<ConstantRate.Result>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("soak-load-", 0).factory())) {
            for (Load l : loads) {
                running.add(pool.submit(() -> ConstantRate.run(l.name(), l.rate(), 60, l.op())));
            }
            List<ConstantRate.Result> results = new ArrayList<>();
            for (Future<ConstantRate.Result> r : running) {
                results.add(r.get());
            }
            return results;
        }
    }

    private static String minuteLine(List<ConstantRate.Result> results) {
        List<String> parts = new ArrayList<>();
        for (ConstantRate.Result r : results) {
            parts.add(String.format("%s %.1f/s p99 %.1f ms%s", r.name(), r.achievedRate(),
                    r.latencyMicros().getValueAtPercentile(99) / 1000.0,
                    r.errors() == 0 ? "" : " errors " + r.errors() + " (" + r.firstError() + ")"));
        }
        return String.join(", ", parts);
    }

    private static Reading read(int minute, long pid) throws Exception {
        return new Reading(minute, count(Path.of("/proc/" + pid + "/task")), count(Path.of("/proc/" + pid + "/fd")),
                Bench.rssKib(pid));
    }

    private static int count(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return (int) entries.count();
        }
    }

    private static void summary(List<Load> loads, List<List<ConstantRate.Result>> minutesOfLoads, List<Reading> readings,
            List<HeapReading> heaps, Histogram pauses) {
        System.out.println("over the whole run:");
        for (int i = 0; i < loads.size(); i++) {
            int load = i;
            System.out.println("  " + PeerBench.merge(minutesOfLoads.stream().map(m -> m.get(load)).toList()).line());
        }
        System.out.printf("  GC pauses the registry chose (full GCs this run asked for left out): %d, p50 %.1f ms,"
                        + " p99 %.1f ms, p99.9 %.1f ms, max %.1f ms: goal p99.9 < %.0f ms %s%n",
                pauses.getTotalCount(), pauses.getValueAtPercentile(50) / 1000.0,
                pauses.getValueAtPercentile(99) / 1000.0, pauses.getValueAtPercentile(99.9) / 1000.0,
                pauses.getMaxValue() / 1000.0, PAUSE_GOAL_MS,
                pauses.getValueAtPercentile(99.9) / 1000.0 < PAUSE_GOAL_MS ? "met" : "NOT met");
        System.out.println("  " + trend("heap after full GC (MiB)", heaps.stream().map(h -> new double[] {h.minute(),
                h.kib() / 1024.0}).toList()));
        System.out.println("  " + trend("threads", readings.stream().map(r -> new double[] {r.minute(), r.threads()})
                .toList()));
        System.out.println("  " + trend("file descriptors", readings.stream().map(r -> new double[] {r.minute(),
                r.fds()}).toList()));
        System.out.println("  " + trend("RSS (MiB)", readings.stream().map(r -> new double[] {r.minute(),
                r.rssKib() / 1024.0}).toList()));
    }

    /** First, last, least and most of (minute, value) points, and the least-squares slope per hour. */
    static String trend(String what, List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return String.format("%s: %.1f, one reading: no slope", what, points.getFirst()[1]);
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        double perHour = sxx == 0 ? 0 : 60 * sxy / sxx;
        return String.format("%s: first %.1f, last %.1f, least %.1f, most %.1f over %d readings; slope %+.2f an hour",
                what, points.getFirst()[1], points.get(n - 1)[1],
                points.stream().mapToDouble(p -> p[1]).min().orElse(0),
                points.stream().mapToDouble(p -> p[1]).max().orElse(0), n, perHour);
    }

    private Soak() {
    }
}
