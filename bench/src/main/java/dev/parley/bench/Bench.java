package dev.parley.bench;

import dev.parley.client.identity.Identity;
import dev.parley.client.registry.DeviceKey;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryAddresses;
import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.registry.RegistryAnswer.ListOnlineAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for a running registry. Usage:
 * <pre>
 *   java -jar bench/target/parley-bench.jar logins    HOST:PORT RATE SECONDS [SERVER_PID]
 *   java -jar bench/target/parley-bench.jar directory HOST:PORT RATE SECONDS ONLINE_USERS
 *   java -jar bench/target/parley-bench.jar idle      HOST:PORT SESSIONS SERVER_PID [PARALLEL [HISTOGRAM_DIR]]
 *   java -jar bench/target/parley-bench.jar peer-rtt  RATE SECONDS
 *   java -jar bench/target/parley-bench.jar peer-throughput SECONDS
 *   java -jar bench/target/parley-bench.jar room-fanout RATE[,RATE...] SECONDS [MEMBERS]
 *   java -jar bench/target/parley-bench.jar room-fanout-procs RATE[,RATE...] SECONDS [MEMBERS [PROCESSES]]
 *   java -jar bench/target/parley-bench.jar history-open RECORDS
 *   java -jar bench/target/parley-bench.jar store-compare RECORDS
 *   java -jar bench/target/parley-bench.jar password-hash ROUNDS
 *   java -jar bench/target/parley-bench.jar room-ops  HOST:PORT RATE SECONDS [POOL [SERVER_PID]]
 *   java -jar bench/target/parley-bench.jar mail      HOST:PORT RATE SECONDS [USERS [SERVER_PID]]
 *   java -jar bench/target/parley-bench.jar relay     HOST:PORT RATE[,RATE...] SECONDS
 *   java -jar bench/target/parley-bench.jar web       HOST:PORT WEB_PORT REGISTRY_HOME LOGIN_RATE SEARCH_RATE SECONDS
 *   java -jar bench/target/parley-bench.jar soak      HOST:PORT SESSIONS MINUTES SERVER_PID GC_LOG
 * </pre>
 * The registry must run with limits raised for one loopback address (see docs/BENCHMARKS.md). The
 * peer benchmarks need no registry: two users' clients run in this process ({@link PeerBench}); nor
 * does room-fanout, whose members all run in this process ({@link RoomMesh}), nor room-fanout-procs,
 * whose members run in member processes it starts ({@link RoomProcesses}).
 */
public final class Bench {
    static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    /** The one place the process ends: with the benchmark's status, which also stops what it left running. */
    public static void main(String[] args) throws Exception {
        int status;
        try {
            status = run(args);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            System.err.println("parley-bench: missing or malformed argument (" + e.getMessage() + ")");
            System.err.println(USAGE);
            status = 2;
        } catch (IllegalArgumentException e) { // an argument out of its range, e.g. MINUTES 0
            System.err.println("parley-bench: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    private static final String USAGE = "usage: parley-bench logins|directory|idle|room-ops|mail|relay|web HOST:PORT ... | peer-rtt RATE SECONDS"
            + " | peer-throughput SECONDS | history-open RECORDS | store-compare RECORDS | room-fanout RATE[,RATE...] SECONDS [MEMBERS]"
            + " | room-fanout-procs RATE[,RATE...] SECONDS [MEMBERS [PROCESSES]] | password-hash ROUNDS"
            + " | soak HOST:PORT SESSIONS MINUTES SERVER_PID GC_LOG (see docs/BENCHMARKS.md)";

    /** Runs the benchmark {@code args} name; returns the process's exit status. */
    private static int run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println(USAGE);
            return 2;
        }
        switch (args[0]) {
            case "peer-rtt" -> {
                PeerBench.rtt(Double.parseDouble(args[1]), Integer.parseInt(args[2]));
                return 0;
            }
            case "peer-throughput" -> {
                PeerBench.throughput(Integer.parseInt(args[1]));
                return 0;
            }
            case "store-compare" -> {
                StoreBench.run(Integer.parseInt(args[1]));
                return 0;
            }
            case "password-hash" -> {
                HashBench.run(Integer.parseInt(args[1]));
                return 0;
            }
            case "history-open" -> {
                HistoryBench.run(Integer.parseInt(args[1]));
                return 0;
            }
            case "room-fanout" -> {
                RoomBench.fanout(rates(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 50);
                return 0;
            }
            case "room-fanout-procs" -> {
                return RoomProcesses.fanout(rates(args[1]), Integer.parseInt(args[2]),
                        args.length > 3 ? Integer.parseInt(args[3]) : 50, args.length > 4 ? Integer.parseInt(args[4]) : 5);
            }
            case "room-fanout-member" -> { // started by room-fanout-procs, not by hand
                // main ends the process: its members' peer nodes would keep it alive (the shutdown hook closes them).
                return RoomMemberProcess.serve(args);
            }
            default -> {
            }
        }
        // Several addresses (the nodes of a cluster) spread logins and searches over the nodes.
        RegistryAddresses nodes = RegistryAddresses.parse(args[1]);
        RegistryAddress registry = nodes.get(0);
        BenchClient client = new BenchClient(nodes);
        switch (args[0]) {
            case "logins" -> LoginBench.run(client, Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Long.parseLong(args[4]) : 0);
            case "directory" -> directory(client, registry, Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "idle" -> idle(client, registry, Integer.parseInt(args[2]), Long.parseLong(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 8, args.length > 5 ? Path.of(args[5]) : null);
            case "room-ops" -> RoomBench.ops(registry, Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 40, args.length > 5 ? Long.parseLong(args[5]) : 0);
            case "mail" -> MailBench.deposits(registry, Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 40, args.length > 5 ? Long.parseLong(args[5]) : 0);
            case "relay" -> MailBench.relay(registry,
                    rates(args[2]), Integer.parseInt(args[3]));
            case "soak" -> {
                return Soak.run(registry, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]),
                        Path.of(args[5]));
            }
            case "web" -> WebBench.run(client, WebBench.opener(registry.host(), args[2], args[3]),
                    InetAddress.getByName(registry.host()), Double.parseDouble(args[4]), Double.parseDouble(args[5]),
                    Integer.parseInt(args[6]));
            default -> {
                System.err.println("unknown benchmark " + args[0]
                        + "; choose logins, directory, idle, room-ops, mail, relay, web, soak, peer-rtt, peer-throughput, room-fanout,"
                        + " room-fanout-procs or password-hash");
                return 2;
            }
        }
        return 0;
    }

    /** RATE[,RATE...]: messages or requests a second. */
    private static List<Double> rates(String list) {
        return java.util.Arrays.stream(list.split(",")).map(Double::parseDouble).toList();
    }


    /** SEARCH_USER and LIST_ONLINE at a constant rate with ONLINE users logged in. */
    static void directory(BenchClient client, RegistryAddress registry, double rate, int seconds, int online) throws Exception {
        List<String> names = registerAll(client, "dr" + RUN + "x", online);
        List<RegistryLink> links = new ArrayList<>();
        KeepaliveLoad keepalives = new KeepaliveLoad(InetAddress.getByName(registry.host()), 5000);
        for (String n : names) {
            RegistryLink l = client.connect();
            keepalives.add(BenchClient.login(l, n, 40000));
            links.add(l);
        }
        int pool = Math.min(links.size(), 16);
        ConstantRate.Result search = ConstantRate.run("SEARCH_USER (online user)", rate, seconds, seq -> {
            String who = names.get(ThreadLocalRandom.current().nextInt(names.size()));
            BenchClient.ok(links.get((int) (seq % pool)), new RegistryRequest.SearchUser(who));
        });
        System.out.println(search.line());
        BenchClient.ok(links.get(0), new RegistryRequest.Logout());
        ConstantRate.Result offline = ConstantRate.run("SEARCH_USER (offline: SQL)", rate, seconds, seq -> {
            BenchClient.ok(links.get(1 + (int) (seq % (pool - 1))), new RegistryRequest.SearchUser(names.get(0)));
        });
        System.out.println(offline.line());
        ConstantRate.Result list = ConstantRate.run("LIST_ONLINE (limit 100)", rate, seconds, seq -> {
            BenchClient.ok(links.get(1 + (int) (seq % (pool - 1))), new RegistryRequest.ListOnline(null, null, 100));
        });
        System.out.println(list.line());
        keepalives.close();
        links.forEach(RegistryLink::close);
    }

    /**
     * Holds SESSIONS logged-in sessions with keepalives and reports the registry's heap and RSS per
     * session. The logins go {@code parallel} at a time; with a {@code histograms} folder the
     * registry's class histograms (after a full GC) before the logins and after the 40 s are
     * written there, as {@code before.txt} and {@code after.txt}, to see what a session holds.
     */
    static void idle(BenchClient client, RegistryAddress registry, int sessions, long serverPid, int parallel,
            Path histograms) throws Exception {
        List<String> names = registerAll(client, "idle", sessions);
        // Logins side by side first, so that every hashing slot has made its hasher's 19 MiB before
        // the baseline: registering names that exist already hashes nothing, and the slots' memory
        // would otherwise count as the sessions' (4 KiB a session at 10,000 on two cores).
        try (KeepaliveLoad warming = new KeepaliveLoad(InetAddress.getByName(registry.host()), 5000)) {
            logoutAll(loginAll(client, names.subList(0, Math.min(names.size(), parallel)), warming, parallel));
        }
        long rssBefore = rssKib(serverPid);
        long heapBefore = heapUsedKib(serverPid);
        if (histograms != null) {
            Files.createDirectories(histograms);
            Files.writeString(histograms.resolve("before.txt"), jcmd(serverPid, "GC.class_histogram"));
        }
        System.out.printf("before: RSS %d MiB, heap used after GC %d MiB%n", rssBefore / 1024, heapBefore / 1024);
        List<RegistryLink> links = new ArrayList<>();
        KeepaliveLoad keepalives = new KeepaliveLoad(InetAddress.getByName(registry.host()), 5000);
        long t0 = System.nanoTime();
        links.addAll(loginAll(client, names, keepalives, parallel));
        System.out.printf("%d sessions logged in after %.0f s%n", links.size(), (System.nanoTime() - t0) / 1e9);
        Thread.sleep(40_000); // longer than three keepalive intervals: every session that survives is held
        RegistryLink probe = links.get(0);
        ListOnlineAnswer online = BenchClient.ok(probe, new RegistryRequest.ListOnline(null, null, 1),
                ListOnlineAnswer.class);
        long rssAfter = rssKib(serverPid);
        long heapAfter = heapUsedKib(serverPid);
        if (histograms != null) {
            Files.writeString(histograms.resolve("after.txt"), jcmd(serverPid, "GC.class_histogram"));
        }
        int held = online.total();
        System.out.printf("after 40 s: %d sessions online, %d keepalives sent; RSS %d MiB, heap used after GC %d MiB%n",
                held, keepalives.sent(), rssAfter / 1024, heapAfter / 1024);
        System.out.printf("per session: heap %.1f KiB, RSS %.1f KiB%n",
                (heapAfter - heapBefore) / (double) held, (rssAfter - rssBefore) / (double) held);
        keepalives.close();
        links.forEach(RegistryLink::close);
    }

    /** Logs each user in on a link of its own, {@code parallel} at a time (Argon2id), keepalives sent. */
    static List<RegistryLink> loginAll(BenchClient client, List<String> names, KeepaliveLoad keepalives, int parallel)
            throws Exception {
        List<RegistryLink> links = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<java.util.concurrent.Future<RegistryLink>> logins = new ArrayList<>();
            for (String n : names) {
                logins.add(pool.submit(() -> {
                    RegistryLink l = client.connect();
                    keepalives.add(BenchClient.login(l, n, 40000));
                    return l;
                }));
            }
            for (var fut : logins) {
                links.add(fut.get());
            }
        }
        return links;
    }

    /** Logs every session out and closes its link; a link already gone is passed over. */
    static void logoutAll(List<RegistryLink> links) {
        for (RegistryLink l : links) {
            try {
                BenchClient.call(l, new RegistryRequest.Logout());
            } catch (Exception e) {
                // the session ends with the link anyway
            }
            l.close();
        }
    }

    static List<String> registerAll(BenchClient client, String prefix, int count) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        registerAll(client, names, null);
        return names;
    }

    /**
     * As {@link #registerAll(BenchClient, String, int)}, each account holding an identity key of its
     * own, as the parley client registers them; returns the keys, in the order of the names.
     */
    static List<DeviceKey> registerAllWithKeys(BenchClient client, List<String> names) throws Exception {
        List<DeviceKey> keys = names.stream().map(Identity::create)
                .map(id -> new DeviceKey(id.publicKeyText(), id.privateKey())).toList();
        registerAll(client, names, keys);
        return keys;
    }

    private static void registerAll(BenchClient client, List<String> names, List<DeviceKey> keys) throws Exception {
        int count = names.size();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    try (RegistryLink link = client.connect()) {
                        for (int i = worker; i < count; i += 4) {
                            BenchClient.register(link, names.get(i), keys == null ? null : keys.get(i).publicKeyText());
                        }
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        System.out.printf("registered %d accounts in %.0f s%n", count, (System.nanoTime() - t0) / 1e9);
    }

    static long rssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** The heap a process uses after a full GC (which this asks for), in KiB. */
    static long heapUsedKib(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read heap use from: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String l;
            while ((l = r.readLine()) != null) {
                out.append(l).append('\n');
            }
        }
        p.waitFor();
        return out.toString();
    }

    private Bench() {
    }
}
