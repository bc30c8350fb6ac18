package dev.parley.bench;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.peer.PeerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * One-to-one chat between two clients in this process over a real peer link (mutual TLS 1.3 on
 * loopback): round-trip time of a message and its receipt beside plain TCP and TLS echoes, and
 * sustained acknowledged messages per second. See docs/BENCHMARKS.md.
 */
final class PeerBench {
    /** About 100 characters, as a chat line might be. */
    static final String BODY = "Are we still on for the review tomorrow at 10? "
            + "I put the notes in the shared folder, see section 3b.";
    private static final int WARM_UP_SECONDS = 5;
    /** The round trip scenarios take turns in rounds this long. */
    private static final int ROUND_SECONDS = 5;
    /** Receipts awaited at once in the throughput run. */
    private static final int WINDOW = 4096;

    /**
     * Message and receipt round trips at {@code rate} beside a TCP and a TLS echo, for
     * {@code seconds} each. The three take turns in rounds of {@value #ROUND_SECONDS} s, so a
     * change in the machine's load during the run touches all three alike; each one's rounds are
     * added into one histogram.
     */
    static void rtt(double rate, int seconds) throws Exception {
        int frameBytes = chatFrameBytes();
        int rounds = Math.max(1, seconds / ROUND_SECONDS);
        int roundSeconds = seconds / rounds;
        System.out.printf("peer link round trip: %.0f/s, %d s each in %d rounds of %d s taking turns, after %d s of"
                + " warm-up each; body %d chars, CHAT_MESSAGE frame %d bytes (echo frames the same size)%n", rate,
                rounds * roundSeconds, rounds, roundSeconds, WARM_UP_SECONDS, BODY.length(), frameBytes);
        machine("start");
        Path home = Files.createTempDirectory("parley-peer-bench");
        try (PeerPair pair = PeerPair.open(home);
             EchoBaseline tcp = EchoBaseline.tcp(frameBytes);
             EchoBaseline tls = EchoBaseline.tls(frameBytes)) {
            ConstantRate.Operation peer = seq -> {
                Frame receipt = pair.send(BODY).get();
                if (receipt.status() != Status.OK) {
                    throw new IllegalStateException("receipt " + receipt.status() + ": " + receipt.message());
                }
            };
            ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, tcp::call);
            ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, tls::call);
            ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, peer);
            List<ConstantRate.Result> tcpRounds = new ArrayList<>();
            List<ConstantRate.Result> tlsRounds = new ArrayList<>();
            List<ConstantRate.Result> peerRounds = new ArrayList<>();
            OtherLoad others = OtherLoad.start();
            for (int r = 0; r < rounds; r++) {
                tcpRounds.add(ConstantRate.run(tcp.name(), rate, roundSeconds, tcp::call));
                tlsRounds.add(ConstantRate.run(tls.name(), rate, roundSeconds, tls::call));
                peerRounds.add(ConstantRate.run("peer message + receipt", rate, roundSeconds, peer));
            }
            ConstantRate.Result tlsResult = merge(tlsRounds);
            ConstantRate.Result peerResult = merge(peerRounds);
            System.out.println(merge(tcpRounds).line());
            System.out.println(tlsResult.line());
            System.out.println(peerResult.line());
            System.out.println("p50 of each round, ms: TCP " + medians(tcpRounds) + "; TLS " + medians(tlsRounds)
                    + "; peer " + medians(peerRounds));
            double ratio = peerResult.latencyMicros().getValueAtPercentile(50)
                    / (double) tlsResult.latencyMicros().getValueAtPercentile(50);
            System.out.printf("p50 peer / p50 TLS echo = %.2f (goal: at most 2); other processes used %.2f cores"
                    + " meanwhile%n", ratio, others.otherCores());
            machine("end");
        } finally {
            delete(home);
        }
    }

    /** One result from rounds of equal length: histograms added, rates averaged. */
    static ConstantRate.Result merge(List<ConstantRate.Result> rounds) {
        Histogram all = rounds.getFirst().latencyMicros().copy();
        for (ConstantRate.Result r : rounds.subList(1, rounds.size())) {
            all.add(r.latencyMicros());
        }
        String firstError = rounds.stream().map(ConstantRate.Result::firstError).filter(e -> e != null).findFirst()
                .orElse(null);
        return new ConstantRate.Result(rounds.getFirst().name(), rounds.getFirst().targetRate(),
                rounds.stream().mapToDouble(ConstantRate.Result::achievedRate).average().orElse(0), all,
                rounds.stream().mapToLong(ConstantRate.Result::errors).sum(), firstError);
    }

    private static String medians(List<ConstantRate.Result> rounds) {
        return String.join("/", rounds.stream()
                .map(r -> String.format("%.2f", r.latencyMicros().getValueAtPercentile(50) / 1000.0)).toList());
    }

    /**
     * Alice sends as fast as a window of {@value #WINDOW} unacknowledged messages allows, for
     * {@code seconds} after a warm-up, and the receipts are counted; then the histories and screens
     * are checked: every message shown, acknowledged and logged exactly once. First the same load
     * against a TLS echo of frames the same size, for the ceiling of TLS alone.
     */
    static void throughput(int seconds) throws Exception {
        int frameBytes = chatFrameBytes();
        System.out.printf("peer link throughput: alice -> bob, every message acknowledged, at most %d awaiting an"
                + " answer; %d s warm-up, then %d s measured; body %d chars, CHAT_MESSAGE frame %d bytes%n", WINDOW,
                WARM_UP_SECONDS, seconds, BODY.length(), frameBytes);
        machine("start");
        try (EchoBaseline tls = EchoBaseline.tls(frameBytes)) {
            WindowedLoad.Result echo = WindowedLoad.run(tls.name(), WARM_UP_SECONDS, seconds, WINDOW,
                    seq -> tls.send(seq).thenApply(v -> true));
            System.out.println(echo.line());
        }
        Path home = Files.createTempDirectory("parley-peer-bench");
        try {
            PeerPair pair = PeerPair.open(home);
            WindowedLoad.Result peer = WindowedLoad.run("peer message + receipt", WARM_UP_SECONDS, seconds, WINDOW,
                    seq -> pair.send(BODY).thenApply(receipt -> receipt.status() == Status.OK));
            System.out.println(peer.line());
            machine("end");
            long shown = pair.bob.screen.messagesShown.sum();
            long receipts = pair.alice.screen.receiptsShown.sum();
            pair.close();
            PeerPair.Logs logs = pair.logs();
            long sent = peer.sent();
            System.out.printf("all answers in: %s; bob was shown %d messages, alice %d receipts; alice's log: %d sent,"
                    + " %d delivered; bob's log: %d received, %d distinct ids (warm-up included)%n", peer.drained(),
                    shown, receipts, logs.sent(), logs.delivered(), logs.received(), logs.distinctReceived());
            boolean exact = peer.succeeded() == sent && shown == sent && receipts == sent && logs.sent() == sent
                    && logs.delivered() == sent && logs.received() == sent && logs.distinctReceived() == sent;
            System.out.println(exact ? "check: all " + sent + " messages shown once, acknowledged once, logged once"
                    + " on each side" : "CHECK FAILED: the counts above differ from the " + sent + " sent");
            System.out.printf("goal: at least 50000 messages/s: %s%n", peer.rate() >= 50_000 ? "met" : "NOT met");
            if (pair.alice.screen.problems.sum() + pair.bob.screen.problems.sum() > 0) {
                System.out.println("problems shown: alice " + pair.alice.screen.lastProblem + "; bob "
                        + pair.bob.screen.lastProblem);
            }
        } finally {
            delete(home);
        }
    }

    /** The payload size of a CHAT_MESSAGE with {@link #BODY} as the peer link sends it (without its length prefix). */
    static int chatFrameBytes() throws IOException {
        Frame frame = Frame.request(UUID.randomUUID().toString(),
                new PeerRequest.ChatMessage(Instant.now().truncatedTo(ChronoUnit.MILLIS), BODY, null));
        return FrameCodec.encode(frame, Limits.MAX_FRAME_BYTES).length;
    }

    /** Cores, Java and the load average, so a run disturbed by other work shows. */
    static void machine(String when) throws IOException {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf("%s: %d cores, Java %s, load average %s%n", when, Runtime.getRuntime().availableProcessors(),
                Runtime.version(), load);
    }

    static void delete(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private PeerBench() {
    }
}
