package dev.parley.bench;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Names;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * One member process of {@code room-fanout-procs} ({@link RoomProcesses}), started by it as
 * {@code room-fanout-member INDEX HOME FIRST SIZE MEMBERS}: members FIRST to FIRST+SIZE-1 of a room
 * of MEMBERS, with their history under HOME (the coordinator's temporary folder), each the real client's peer side as {@link RoomMesh} wires it ({@link PeerPair.User}).
 * The coordinator plays the registry; they talk in lines, the coordinator on this process's
 * standard input, this process on its standard output (everything else it prints goes to standard
 * error). This process says:
 * <pre>
 *   member NAME PORT KEY      one per member, when it listens; then "ready"
 *   call USER FRAME           a member's room request, a registry request frame; answered by "answer ID FRAME"
 *   done NAME | opened SEQ | synced | result REPORT   a command is done ({@link FanoutStep.Report})
 *   failed REASON             it cannot go on, and exits
 * </pre>
 * and hears:
 * <pre>
 *   presence NAME PORT KEY    where a member (of any process) listens, with which identity key
 *   answer ID FRAME           the registry's answer frame to a call
 *   event USER FRAME          a registry event frame for one of its members (ROOM_JOINED)
 *   create NAME | join NAME   the member creates / joins the room
 *   open SEQ                  the member SEQ % MEMBERS sends message SEQ and waits for all receipts
 *   sync                      answered once everything before it was handled
 *   step SCHEDULE             its members' share of a timed step ({@link FanoutStep.Schedule})
 * </pre>
 * It exits when its standard input ends: the coordinator ended or died.
 */
final class RoomMemberProcess {
    /** How long a member waits for the coordinator's answer to a room request. */
    private static final long CALL_SECONDS = 10;
    /** How long after a step's last intended send its members may still show messages of it. */
    private static final long SHOWN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final PrintStream out;
    private final String who;
    private final int members;
    private final int first;
    private final List<PeerPair.User> users = new ArrayList<>();
    private final Map<String, UserPresence> directory = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Frame>> calls = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();
    /** One command at a time, off the thread that reads standard input (which must go on reading answers). */
    private final ExecutorService commands = Executors.newSingleThreadExecutor();
    /** What this process's screens record while a step runs. */
    private volatile FanoutStep.Shown shown = new FanoutStep.Shown(0, 0);
    private final Recorder shownEach = new Recorder(3);

    /** A room screen that also records, for each message of the current step shown, how long after its intended start. */
    private final class StepScreen extends RoomMesh.RoomScreen {
        private final String me;

        StepScreen(String me) {
            super(me);
            this.me = Names.key(me);
        }

        @Override
        void noticed(Notice notice) {
            super.noticed(notice);
            if (notice.kind() == NoticeKind.CHAT && notice.chat() != null
                    && !Names.key(notice.chat().sender()).equals(me)) {
                FanoutStep.Stamp stamp = FanoutStep.Stamp.of(notice.chat().body());
                if (stamp != null) {
                    long latency = Math.max(1, (FanoutStep.wallNanos() - stamp.intendedEpochNanos()) / 1000);
                    if (shown.record(stamp.seq(), latency)) {
                        shownEach.recordValue(latency);
                    }
                }
            }
        }
    }

    private RoomMemberProcess(PrintStream out, String who, int first, int size, int members) {
        this.out = out;
        this.who = who;
        this.first = first;
        this.members = members;
    }

    /**
     * {@code room-fanout-member INDEX HOME FIRST SIZE MEMBERS}: the members' history goes under
     * HOME/pINDEX. Returns the process's exit status once the coordinator has gone (0) or the start
     * failed (1); {@code Bench.main} ends the process with it, the shutdown hook closing the members.
     */
    static int serve(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err); // standard output carries the lines to the coordinator only
        String who = "member process " + args[1];
        try {
            Path home = Files.createDirectories(Path.of(args[2]).resolve("p" + args[1]));
            int first = Integer.parseInt(args[3]);
            int size = Integer.parseInt(args[4]);
            RoomMemberProcess p = new RoomMemberProcess(out, who, first, size, Integer.parseInt(args[5]));
            p.run(home, size);
            return 0;
        } catch (Throwable e) {
            fail(out, who, e);
            return 1;
        }
    }

    private void run(Path home, int size) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> users.forEach(PeerPair.User::close)));
        for (int i = first; i < first + size; i++) {
            String name = RoomMesh.name(i);
            PeerPair.User u = new PeerPair.User(name, home, directory, LocalRooms.registry(name, this::call),
                    new StepScreen(name));
            users.add(u);
            say("member " + name + " " + u.port + " " + u.identity.publicKeyText());
        }
        say("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            handle(line);
        }
        // The coordinator ended (or, after a failure this process reported, ended it).
    }

    /** One line from the coordinator, on the thread that reads them. */
    private void handle(String line) throws Exception {
        String[] f = line.split(" ", 2);
        String rest = f.length > 1 ? f[1] : "";
        switch (f[0]) {
            case "presence" -> {
                String[] p = rest.split(" ");
                directory.put(Names.key(p[0]), new UserPresence(p[0], true, "127.0.0.1", Integer.parseInt(p[1]),
                        Optional.of(p[2])));
            }
            case "answer" -> {
                String[] a = rest.split(" ", 2);
                CompletableFuture<Frame> call = calls.remove(a[0]);
                if (call != null) {
                    call.complete(FrameCodec.decode(a[1]));
                }
            }
            case "event" -> {
                // As the registry link's reader thread hands events to Rooms: in order, one at a time.
                String[] e = rest.split(" ", 2);
                user(e[0]).rooms.registryEvent(RegistryEvent.CATALOG.read(FrameCodec.decode(e[1])));
            }
            case "sync" -> say("synced");
            case "create" -> command(() -> {
                user(rest).rooms.create(RoomMesh.ROOM, null, 500, null);
                say("done " + rest);
            });
            case "join" -> command(() -> {
                user(rest).rooms.join(RoomMesh.ROOM, null);
                say("done " + rest);
            });
            case "open" -> command(() -> {
                long seq = Long.parseLong(rest);
                RoomBench.sendAndCheck(sender(seq), seq,
                        new FanoutStep.Stamp(seq, FanoutStep.wallNanos()).body(PeerBench.BODY));
                say("opened " + seq);
            });
            case "step" -> command(() -> say("result " + step(FanoutStep.Schedule.parse(rest)).text()));
            default -> throw new IllegalStateException("unknown command from the coordinator: " + line);
        }
    }

    /** Runs a command in turn; if it fails, this process says why, and the coordinator ends it. */
    private void command(Command c) {
        commands.execute(() -> {
            try {
                c.run();
            } catch (Throwable e) {
                fail(out, who, e);
            }
        });
    }

    @FunctionalInterface
    private interface Command {
        void run() throws Exception;
    }

    /**
     * This process's members send their messages of the step, each at its intended start (a virtual
     * thread per send, as {@link ConstantRate} does), and are timed until every receipt is in; then it
     * waits until its members have shown every message of the step (or the grace after the step ran out).
     */
    private FanoutStep.Report step(FanoutStep.Schedule schedule) throws Exception {
        FanoutStep.Shown stepShown = new FanoutStep.Shown(schedule.firstSeq(), schedule.count());
        shownEach.reset();
        shown = stepShown;
        long cpuBefore = OtherLoad.ownCpuNanos();
        long gcCountBefore = RoomBench.gcCount();
        long gcMillisBefore = RoomBench.gcMillis();
        Recorder receipts = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        String[] firstError = new String[1];
        long wallMinusNano = FanoutStep.wallNanos() - System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long seq : schedule.sentBy(members, first, users.size())) {
                long intended = schedule.intended(seq);
                long wait = intended - wallMinusNano - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pool.execute(() -> {
                    try {
                        RoomBench.sendAndCheck(sender(seq), seq, new FanoutStep.Stamp(seq, intended).body(PeerBench.BODY));
                        long done = FanoutStep.wallNanos();
                        receipts.recordValue(Math.max(1, (done - intended) / 1000));
                        lastDone.accumulateAndGet(done, Math::max);
                        sent.incrementAndGet();
                    } catch (Exception e) {
                        if (failed.getAndIncrement() == 0) {
                            firstError[0] = e.toString();
                        }
                    }
                });
            }
        }
        long deadline = Math.max(FanoutStep.wallNanos(), schedule.endEpochNanos()) + SHOWN_GRACE_NANOS;
        while (!allShown(schedule, stepShown) && FanoutStep.wallNanos() < deadline) {
            Thread.sleep(20);
        }
        return new FanoutStep.Report(sent.get(), failed.get(), lastDone.get(), OtherLoad.ownCpuNanos() - cpuBefore,
                RoomBench.gcCount() - gcCountBefore, RoomBench.gcMillis() - gcMillisBefore,
                receipts.getIntervalHistogram(), shownEach.getIntervalHistogram(), stepShown, firstError[0]);
    }

    private boolean allShown(FanoutStep.Schedule schedule, FanoutStep.Shown s) {
        for (long seq = schedule.firstSeq(); seq < schedule.firstSeq() + schedule.count(); seq++) {
            if (s.times(seq) < schedule.shownBy(seq, members, first, users.size())) {
                return false;
            }
        }
        return true;
    }

    /** A member's room request, sent to the coordinator as the registry request frame it would be. */
    private RoomAnswer call(String user, RegistryRequest request) throws ClientException {
        String id = Long.toString(callIds.incrementAndGet());
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        calls.put(id, answer);
        say("call " + user + " " + RoomProcesses.text(Frame.request(id, (Record) request)));
        Frame frame;
        try {
            frame = answer.get(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            calls.remove(id);
            throw new ClientException("the coordinator did not answer " + request + " within " + CALL_SECONDS + " s");
        } catch (Exception e) {
            throw new ClientException("waiting for the coordinator: " + e);
        }
        if (!frame.status().isSuccess()) {
            throw new RegistryRefusedException(frame.status(), frame.message(), 0);
        }
        return frame.as(RoomAnswer.class);
    }

    private PeerPair.User sender(long seq) {
        return users.get((int) (seq % members) - first);
    }

    private PeerPair.User user(String name) {
        for (PeerPair.User u : users) {
            if (u.name.equals(name)) {
                return u;
            }
        }
        throw new IllegalStateException("no member " + name + " in this process");
    }

    private void say(String line) {
        synchronized (out) {
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }

    /** One line saying why, to the coordinator (and standard error, should it be gone). */
    private static void fail(PrintStream out, String who, Throwable e) {
        String reason = (e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage())
                .replaceAll("[\\r\\n]+", " ");
        synchronized (out) {
            out.print("failed " + reason + '\n');
            out.flush();
        }
        if (out.checkError()) { // no coordinator to tell
            System.err.println(who + " failed: " + reason);
        }
    }
}
