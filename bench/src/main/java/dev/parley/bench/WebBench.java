package dev.parley.bench;

import dev.parley.client.registry.RegistryLink;
import dev.parley.protocol.registry.RegistryRequest;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The browser client's WebSocket link beside the terminal client's TLS link, in one run: logins
 * through the whole path (a new connection, HELLO, LOGIN, LOGOUT) and SEARCH_USER on open links,
 * each at the same constant rate on both, taking turns.
 */
final class WebBench {
    private static final int LINKS = 16;

    private WebBench() {
    }

    static void run(BenchClient tls, WebSocketRegistryLink.Opener web, InetAddress registryHost, double loginRate,
            double searchRate, int seconds) throws Exception {
        int accounts = (int) Math.max(40, loginRate * 4);
        List<String> names = Bench.registerAll(tls, "wb" + Bench.RUN + "x", accounts);
        for (int round = 0; round < 2; round++) {
            System.out.println(ConstantRate.run("LOGIN over TLS", loginRate, seconds, seq -> {
                try (RegistryLink link = tls.connect()) {
                    BenchClient.login(link, names.get((int) (seq % accounts)), 40000);
                    BenchClient.ok(link, new RegistryRequest.Logout());
                }
            }).line());
            System.out.println(ConstantRate.run("LOGIN over WebSocket", loginRate, seconds, seq -> {
                try (WebSocketRegistryLink link = web.open()) {
                    link.ok(new RegistryRequest.Login(names.get((int) (seq % accounts)), BenchClient.PASSWORD, null,
                            null, null));
                    link.ok(new RegistryRequest.Logout());
                }
            }).line());
        }

        // Searchers: LINKS users logged in over each transport, looking each other up.
        List<RegistryLink> tlsLinks = new ArrayList<>();
        List<WebSocketRegistryLink> webLinks = new ArrayList<>();
        KeepaliveLoad keepalives = new KeepaliveLoad(registryHost, 5000);
        ScheduledExecutorService webKeepalives = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < LINKS; i++) {
                RegistryLink l = tls.connect();
                keepalives.add(BenchClient.login(l, names.get(i), 40000));
                tlsLinks.add(l);
                WebSocketRegistryLink w = web.open();
                w.ok(new RegistryRequest.Login(names.get(LINKS + i), BenchClient.PASSWORD, null, null, null));
                webLinks.add(w);
            }
            // As the page does: its session is kept alive over the link.
            webKeepalives.scheduleAtFixedRate(() -> {
                for (WebSocketRegistryLink w : webLinks) {
                    if (Thread.currentThread().isInterrupted()) {
                        return; // the benchmark is over
                    }
                    try {
                        w.ok(new RegistryRequest.KeepaliveOverLink());
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.err.println("keepalive over WebSocket failed: " + e);
                    }
                }
            }, 5, 5, TimeUnit.SECONDS);
            for (int round = 0; round < 2; round++) {
                System.out.println(ConstantRate.run("SEARCH_USER over TLS", searchRate, seconds, seq -> {
                    String who = names.get(ThreadLocalRandom.current().nextInt(2 * LINKS));
                    BenchClient.ok(tlsLinks.get((int) (seq % LINKS)), new RegistryRequest.SearchUser(who));
                }).line());
                System.out.println(ConstantRate.run("SEARCH_USER over WebSocket", searchRate, seconds, seq -> {
                    String who = names.get(ThreadLocalRandom.current().nextInt(2 * LINKS));
                    webLinks.get((int) (seq % LINKS)).ok(new RegistryRequest.SearchUser(who));
                }).line());
            }
        } finally {
            webKeepalives.shutdownNow();
            webKeepalives.awaitTermination(35, TimeUnit.SECONDS);
            keepalives.close();
            tlsLinks.forEach(RegistryLink::close);
            webLinks.forEach(WebSocketRegistryLink::close);
        }
    }

    /** The web port and the registry's home (its web certificate) of {@code web HOST:PORT WEB_PORT REGISTRY_HOME ...}. */
    static WebSocketRegistryLink.Opener opener(String host, String webPort, String registryHome) throws Exception {
        return WebSocketRegistryLink.Opener.of(host, Integer.parseInt(webPort), Path.of(registryHome));
    }
}
