package dev.parley.bench;

import dev.parley.client.identity.Identity;
import dev.parley.client.mail.SealedMail;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.registry.RegistryAnswer.MailDepositAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Recorder;

/**
 * Offline mail and relay against a running registry: MAIL_DEPOSIT to offline recipients, then
 * MAIL_FETCH + MAIL_ACK, each at a constant rate; and a message's round trip relayed through the
 * registry beside the direct peer link's, in one run. See docs/BENCHMARKS.md, "Mail and relay".
 */
final class MailBench {
    private static final int WARM_UP_SECONDS = 5;
    /** The relay and the direct link take turns in rounds this long. */
    private static final int ROUND_SECONDS = 5;
    /**
     * Messages one MAIL_FETCH asks for. One: every message deposited is then fetched and
     * acknowledged once, at the deposits' rate, so both halves of a message's stay in the mailbox
     * are timed per message; a relayed MAIL is acknowledged alone too.
     */
    private static final int FETCH_PAGE = 1;

    // ---- mail ----

    /**
     * USERS accounts with identity keys, half senders (logged in, one link each) and half
     * recipients (offline). Every envelope is sealed and signed by its sender as the client does
     * ({@link SealedMail}) before anything is timed; then MAIL_DEPOSIT at {@code rate} for
     * {@code seconds}, the sender and the recipient changing with every deposit, each timed until
     * its answer. Then the recipients log in and, at the same rate, one after another fetches its
     * oldest message and acknowledges it: MAIL_FETCH timed from its intended start, MAIL_ACK from
     * when it was sent. Each kind runs {@value #WARM_UP_SECONDS} s of warm-up first; the fetches
     * take back exactly the messages the deposits left, warm-up included.
     */
    static void deposits(RegistryAddress registry, double rate, int seconds, int users, long serverPid)
            throws Exception {
        if (users < 2) {
            throw new IllegalArgumentException("USERS must be at least 2 (senders and recipients)");
        }
        PeerBench.machine("start");
        BenchClient client = new BenchClient(registry);
        int senders = users / 2;
        int recipients = users - senders;
        List<Identity> from = identities("ms" + Bench.RUN + "x", senders);
        List<Identity> to = identities("mr" + Bench.RUN + "x", recipients);
        registerAll(client, from, to);

        int total = (int) (rate * (WARM_UP_SECONDS + seconds));
        long t0 = System.nanoTime();
        // Deposit i goes to recipient i % recipients from a sender that changes each round of them.
        List<Envelope> envelopes = IntStream.range(0, total).parallel().mapToObj(i -> {
            Identity sender = from.get((i / recipients) % senders);
            Identity recipient = to.get(i % recipients);
            return SealedMail.seal(sender, sender.username(), recipient.username(), recipient.publicKey(),
                    UUID.randomUUID().toString(), new Letter(Instant.now(), PeerBench.BODY, (long) i + 1, null));
        }).toList();
        Envelope sample = envelopes.getFirst();
        System.out.printf("sealed and signed %d envelopes in %.1f s, before the timed part (sealed %d base64 chars for"
                + " a %d-char body)%n", total, (System.nanoTime() - t0) / 1e9, sample.sealed().length(),
                PeerBench.BODY.length());

        KeepaliveLoad keepalives = new KeepaliveLoad(InetAddress.getByName(registry.host()), 5000);
        List<RegistryLink> senderLinks = loginAll(client, from, keepalives);
        System.out.printf("%d senders logged in, one link each (%.1f deposits/s per link); %d recipients offline%n",
                senders, rate / senders, recipients);

        AtomicLong deposited = new AtomicLong();
        ConstantRate.Operation deposit = seq -> {
            int i = (int) deposited.getAndIncrement();
            Frame f = BenchClient.ok(senderLinks.get((i / recipients) % senders),
                    new RegistryRequest.MailDeposit(envelopes.get(i)));
            if (f.status() != Status.CREATED || f.as(MailDepositAnswer.class).online()) {
                throw new IllegalStateException("expected 201 for an offline recipient, got " + f.status().code() + " "
                        + f.message());
            }
        };
        ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, deposit);
        RoomBench.Cpu cpu = RoomBench.Cpu.start(serverPid);
        System.out.println(ConstantRate.run("MAIL_DEPOSIT (offline)", rate, seconds, deposit).line());
        System.out.println(cpu.line());

        List<RegistryLink> recipientLinks = loginAll(client, to, keepalives);
        AtomicLong cycles = new AtomicLong();
        AtomicLong empty = new AtomicLong();
        Recorder fetches = new Recorder(3);
        Recorder acks = new Recorder(3);
        ConstantRate.TimedOperation fetchAck = (seq, intended) -> {
            RegistryLink link = recipientLinks.get((int) (cycles.getAndIncrement() % recipients));
            MailFetchAnswer page = BenchClient.ok(link, new RegistryRequest.MailFetch(FETCH_PAGE), MailFetchAnswer.class);
            long fetched = System.nanoTime();
            fetches.recordValue(Math.max(1, (fetched - intended) / 1000));
            if (page.mail().isEmpty()) {
                empty.incrementAndGet();
                throw new IllegalStateException("an empty mailbox");
            }
            Frame f = BenchClient.ok(link, new RegistryRequest.MailAck(
                    page.mail().stream().map(e -> new MailRef(e.from(), e.id())).toList()));
            if (!f.message().startsWith(page.mail().size() + " ")) {
                throw new IllegalStateException("MAIL_ACK: " + f.message());
            }
            acks.recordValue(Math.max(1, (System.nanoTime() - fetched) / 1000));
        };
        ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, fetchAck);
        fetches.reset();
        acks.reset();
        cpu = RoomBench.Cpu.start(serverPid);
        ConstantRate.Result cycle = ConstantRate.run("MAIL_FETCH + MAIL_ACK", rate, seconds, fetchAck);
        System.out.println(cycle.line());
        System.out.println(RoomBench.line("  MAIL_FETCH (limit " + FETCH_PAGE + ")", rate, fetches.getIntervalHistogram()));
        System.out.println(RoomBench.line("  MAIL_ACK (after fetch)", rate, acks.getIntervalHistogram()));
        System.out.println(cpu.line());
        System.out.printf("deposited %d, fetched and acknowledged %d cycles, %d found an empty mailbox%n",
                deposited.get(), cycles.get(), empty.get());
        PeerBench.machine("end");
        keepalives.close();
        Bench.logoutAll(senderLinks);
        Bench.logoutAll(recipientLinks);
    }

    private static List<Identity> identities(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> Identity.create(prefix + i)).toList();
    }

    /** Registers every user with its identity key, over four links. */
    private static void registerAll(BenchClient client, List<Identity> a, List<Identity> b) throws Exception {
        List<Identity> all = new ArrayList<>(a);
        all.addAll(b);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    try (RegistryLink link = client.connect()) {
                        for (int i = worker; i < all.size(); i += 4) {
                            BenchClient.register(link, all.get(i).username(), all.get(i).publicKeyText());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    /** Logs each user in on a link of its own (Argon2id: four at a time), keepalives sent. */
    private static List<RegistryLink> loginAll(BenchClient client, List<Identity> users, KeepaliveLoad keepalives)
            throws Exception {
        List<RegistryLink> links = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<RegistryLink>> done = new ArrayList<>();
            for (Identity u : users) {
                done.add(pool.submit(() -> {
                    RegistryLink l = client.connect();
                    keepalives.add(BenchClient.login(l, u.username(), 40000, u.publicKeyText()));
                    return l;
                }));
            }
            for (Future<RegistryLink> f : done) {
                links.add(f.get());
            }
        }
        return links;
    }

    // ---- relay ----

    /**
     * At each rate, alice sends bob a message and waits for its receipt, at a constant rate:
     * (a) over a direct peer link ({@link PeerPair}, no registry) and (b) through the registry
     * ({@link RelayPair}: the same client classes with a registry session, bob out of direct
     * reach). Each timed from the intended send until alice's client holds the receipt. After
     * {@value #WARM_UP_SECONDS} s of warm-up each, the two take turns in rounds of
     * {@value #ROUND_SECONDS} s for {@code seconds} each.
     */
    static void relay(RegistryAddress registry, List<Double> rates, int seconds) throws Exception {
        int rounds = Math.max(1, seconds / ROUND_SECONDS);
        int roundSeconds = seconds / rounds;
        System.out.printf("relayed round trip beside the direct one: rates %s/s, %d s each in %d rounds of %d s taking"
                + " turns, after %d s of warm-up each; body %d chars%n", rates, rounds * roundSeconds, rounds,
                roundSeconds, WARM_UP_SECONDS, PeerBench.BODY.length());
        PeerBench.machine("start");
        Path home = Files.createTempDirectory("parley-relay-bench");
        BenchClient client = new BenchClient(registry);
        try (PeerPair direct = PeerPair.open(home.resolve("direct"));
             RelayPair relayed = RelayPair.open(client, "rl" + Bench.RUN, home.resolve("relayed"))) {
            ConstantRate.Operation viaLink = seq -> requireReceipt(direct.send(PeerBench.BODY).get(30, TimeUnit.SECONDS));
            ConstantRate.Operation viaRegistry = seq -> requireReceipt(relayed.send(PeerBench.BODY)
                    .get(30, TimeUnit.SECONDS));
            for (double rate : rates) {
                ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, viaLink);
                ConstantRate.run("warm-up", rate, WARM_UP_SECONDS, viaRegistry);
                List<ConstantRate.Result> directRounds = new ArrayList<>();
                List<ConstantRate.Result> relayRounds = new ArrayList<>();
                long shownBefore = relayed.bob.screen.messagesShown.sum();
                OtherLoad others = OtherLoad.start();
                for (int r = 0; r < rounds; r++) {
                    directRounds.add(ConstantRate.run("direct message + receipt", rate, roundSeconds, viaLink));
                    relayRounds.add(ConstantRate.run("relayed message + receipt", rate, roundSeconds, viaRegistry));
                }
                double otherCores = others.otherCores();
                Thread.sleep(500); // bob shows a message just after storing it
                System.out.println(PeerBench.merge(directRounds).line());
                ConstantRate.Result relay = PeerBench.merge(relayRounds);
                System.out.println(relay.line());
                System.out.printf("  bob was shown %d relayed messages of %d sent; other processes (the registry and"
                        + " PostgreSQL included) used %.2f cores meanwhile%n",
                        relayed.bob.screen.messagesShown.sum() - shownBefore,
                        (long) (rate * roundSeconds) * rounds, otherCores);
            }
            if (relayed.alice.screen.problems.sum() + relayed.bob.screen.problems.sum() > 0) {
                System.out.println("problems shown: alice " + relayed.alice.screen.lastProblem + "; bob "
                        + relayed.bob.screen.lastProblem);
            }
            PeerBench.machine("end");
        } finally {
            PeerBench.delete(home);
        }
    }

    static void requireReceipt(Frame receipt) {
        if (receipt.status() != Status.OK) {
            throw new IllegalStateException("receipt " + receipt.status() + ": " + receipt.message());
        }
    }

    private MailBench() {
    }
}
