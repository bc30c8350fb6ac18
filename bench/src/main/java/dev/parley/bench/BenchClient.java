package dev.parley.bench;

import dev.parley.client.registry.Backoff;
import dev.parley.client.registry.DeviceKey;
import dev.parley.client.registry.KnownRegistries;
import dev.parley.client.registry.LinkObserver;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryAddresses;
import dev.parley.client.registry.RegistryConnector;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistryLink;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.registry.SessionObserver;
import dev.parley.protocol.Frame;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.LoginProof;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Opens registry links with the client's own connector (TLS, pinning, HELLO) and makes the calls the benchmarks time. */
final class BenchClient {
    static final String PASSWORD = "benchmark password";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final LinkObserver QUIET = new LinkObserver() {
        @Override
        public void event(RegistryLink link, RegistryEvent event) {
        }

        @Override
        public void closed(RegistryLink link, RegistryEvent.Bye bye) {
        }
    };

    /** One per registry node; the first is the one sessions use. */
    private final List<RegistryConnector> nodes = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final SessionObserver silent;

    BenchClient(RegistryAddress registry) throws IOException {
        this(RegistryAddresses.of(registry));
    }

    /** A client of every node of a cluster: {@link #connect()} takes them in turn, so load spreads evenly. */
    BenchClient(RegistryAddresses registry) throws IOException {
        KnownRegistries pins = new KnownRegistries(Files.createTempDirectory("parley-bench").resolve("known_registries"));
        this.silent = new SessionObserver() {
            @Override
            public void pinned(RegistryAddress r, String fingerprint) {
            }

            @Override
            public void registryClosedLink(String reason) {
            }

            @Override
            public void registryLost() {
            }

            @Override
            public void reconnected(String username) {
            }

            @Override
            public void reconnectAbandoned(String reason) {
            }
        };
        for (RegistryAddress node : registry.all()) {
            nodes.add(new RegistryConnector(node, pins, silent, Duration.ofSeconds(10), TIMEOUT));
        }
    }

    /** A link that said HELLO, to the next node in turn. */
    RegistryLink connect() throws RegistryException {
        return nodes.get((int) (next.getAndIncrement() % nodes.size())).connect(QUIET);
    }

    /** A session as the client program makes one (keepalives, reconnection, events), not yet logged in. */
    RegistrySession session() {
        return new RegistrySession(nodes.get(0), silent, Backoff.standard(), 0, TIMEOUT);
    }

    static Frame call(RegistryLink link, RegistryRequest request) throws RegistryException {
        return link.call(request, TIMEOUT);
    }

    /** Calls and insists on a success status. */
    static Frame ok(RegistryLink link, RegistryRequest request) throws RegistryException {
        Frame f = call(link, request);
        if (!f.status().isSuccess()) {
            throw new IllegalStateException(RecordCodec.of(((Record) request).getClass()).wireType() + " refused: "
                    + f.status().code() + " " + f.message());
        }
        return f;
    }

    /** Calls, insists on a success status, and reads the answer as {@code answer}. */
    static <A extends Record> A ok(RegistryLink link, RegistryRequest request, Class<A> answer) throws RegistryException {
        return ok(link, request).as(answer);
    }

    static void register(RegistryLink link, String user) throws RegistryException {
        register(link, user, null);
    }

    /** Registers {@code user} holding this identity key (base64, or null); an account there already is fine. */
    static void register(RegistryLink link, String user, String identityKey) throws RegistryException {
        Frame f = call(link, new RegistryRequest.Register(user, PASSWORD, identityKey));
        if (f.status() != Status.CREATED && f.status() != Status.CONFLICT) {
            throw new IllegalStateException("REGISTER " + user + ": " + f.message());
        }
    }

    static LoginAnswer login(RegistryLink link, String user, int peerPort) throws RegistryException {
        return login(link, user, peerPort, null);
    }

    static LoginAnswer login(RegistryLink link, String user, int peerPort, String identityKey) throws RegistryException {
        return ok(link, new RegistryRequest.Login(user, PASSWORD, peerPort, null, identityKey), LoginAnswer.class);
    }

    /** A LOGIN as the parley client sends it: this computer's key offered, and the link's challenge signed with it. */
    static LoginAnswer loginAsClient(RegistryLink link, String user, int peerPort, DeviceKey device) throws RegistryException {
        return ok(link, new RegistryRequest.Login(user, PASSWORD, peerPort, null, device.publicKeyText(),
                LoginProof.sign(device.privateKey(), link.loginChallenge(), user)), LoginAnswer.class);
    }
}
