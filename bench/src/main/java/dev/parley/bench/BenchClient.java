package dev.parley.bench;

import dev.parley.client.registry.KnownRegistries;
import dev.parley.client.registry.LinkObserver;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.RegistryConnector;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistryLink;
import dev.parley.client.registry.SessionObserver;
import dev.parley.protocol.Frame;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

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

    private final RegistryConnector connector;

    BenchClient(RegistryAddress registry) throws IOException {
        KnownRegistries pins = new KnownRegistries(Files.createTempDirectory("parley-bench").resolve("known_registries"));
        SessionObserver silent = new SessionObserver() {
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
        this.connector = new RegistryConnector(registry, pins, silent, Duration.ofSeconds(10), TIMEOUT);
    }

    RegistryLink connect() throws RegistryException {
        return connector.connect(QUIET);
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
        Frame f = call(link, new RegistryRequest.Register(user, PASSWORD, null));
        if (f.status() != Status.CREATED && f.status() != Status.CONFLICT) {
            throw new IllegalStateException("REGISTER " + user + ": " + f.message());
        }
    }

    static LoginAnswer login(RegistryLink link, String user, int peerPort) throws RegistryException {
        return ok(link, new RegistryRequest.Login(user, PASSWORD, peerPort, null, null), LoginAnswer.class);
    }
}
