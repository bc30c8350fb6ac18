package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryAnswer.SearchUserAnswer;
import dev.parley.protocol.registry.RegistryRequest.Hello;
import dev.parley.protocol.registry.RegistryRequest.Login;
import dev.parley.protocol.registry.RegistryRequest.Register;
import dev.parley.protocol.registry.RegistryRequest.SearchUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two registry nodes in a cluster (WildFly's HA profile, JGroups over TCP on loopback) on one
 * PostgreSQL database and one TLS identity, each with its own clients, as an operator runs them
 * with bin/registry. A user on one node finds, chats with and shares rooms with a user on the
 * other; then one node is killed (kill -9) and its clients carry on through the other, their rooms
 * kept, while a client that knew only the dead node drops out of its rooms once its session expires.
 */
class ClusterSystemIT {
    /** Keepalives every 3 s: a session expires 9 s after its last one. */
    private static final String KEEPALIVE = "-Dparley.keepalive.interval-seconds=3";
    /** No rejoin grace after a start: the nodes start empty, and the test checks the sweep. */
    private static final String NO_GRACE = "-Dparley.rooms.rejoin-grace-seconds=0";
    /** An account is slowed after 2 failed logins from addresses that never logged into it (10 by default). */
    private static final String FREE_FAILURES = "-Dparley.limits.login-failures-before-delay=2";

    private ScratchDatabase database;
    private RegistryProcess one;
    private RegistryProcess two;

    @BeforeEach
    void startTwoNodes() throws Exception {
        database = ScratchDatabase.create("parley_cluster");
        int port1 = RegistryProcess.freePort();
        int port2 = RegistryProcess.freePort();
        // Port offsets at least 10 apart, so no two of the nodes' sockets meet.
        while (Math.abs(RegistryProcess.clusterPort(port1) - RegistryProcess.clusterPort(port2)) < 10) {
            port2 = RegistryProcess.freePort();
        }
        String members = "127.0.0.1[" + RegistryProcess.clusterPort(port1) + "],127.0.0.1["
                + RegistryProcess.clusterPort(port2) + "]";
        Map<String, String> first = env(members, "one");
        first.put("PARLEY_CLUSTER_NEW_KEY", "1"); // the cluster's key is made here, as README says
        one = RegistryProcess.startOn(RegistryProcess.tempHome("cluster-one"), port1, first, KEEPALIVE, NO_GRACE,
                FREE_FAILURES);
        assertTrue(one.output().stream().anyMatch(l -> l.startsWith("registry: made the cluster's key in ")),
                String.join("\n", one.output()));
        // One registry identity and one cluster key: the second node gets the first one's key
        // stores, as README says to do.
        Path home2 = RegistryProcess.tempHome("cluster-two");
        Path keys = Files.createDirectories(home2.resolve("data/parley"));
        for (String file : new String[] {"registry-tls.p12", "registry-tls.password", "registry-cluster.p12",
                "registry-cluster.password"}) {
            Files.copy(one.home().resolve("data/parley").resolve(file), keys.resolve(file));
        }
        two = RegistryProcess.startOn(home2, port2, env(members, "two"), KEEPALIVE, NO_GRACE, FREE_FAILURES);
        assertTrue(one.fingerprint.equals(two.fingerprint), "both nodes present one certificate");
        one.awaitOutput("joined the cluster: [one, two]", Duration.ofSeconds(30));
    }

    @AfterEach
    void stopNodes() throws Exception {
        try {
            for (RegistryProcess node : new RegistryProcess[] {one, two}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void usersOnTwoNodesChatShareRoomsAndCarryOnWhenANodeIsKilled() throws Exception {
        try {
            chatShareRoomsAndCarryOn();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + consoles(), e);
        }
    }

    /**
     * Password guesses at one node slow the account on the other too, and a login at one makes its
     * address known at both.
     */
    @Test
    void guessesAtOneNodeSlowTheAccountOnTheOther() throws Exception {
        awaitNodeTwoHearsNodeOne();
        try (BrowserLink atOne = BrowserLink.open(one); BrowserLink atTwo = BrowserLink.open(two)) {
            assertEquals(Status.OK, atOne.request(new Hello(ProtocolVersion.CURRENT, "cluster test")).status());
            assertEquals(Status.OK, atTwo.request(new Hello(ProtocolVersion.CURRENT, "cluster test")).status());
            assertEquals(Status.CREATED, atOne.request(new Register("carol", "carols password", null)).status());
            // Never logged in: 127.0.0.1 is not one of carol's addresses. Failures 1 and 2 are free,
            // the 3rd makes the account wait 1 s, the 4th (after it) 2 s, the 5th 4 s.
            for (int i = 1; i <= 5; i++) {
                Frame guess = atOne.request(new Login("carol", "guess " + i, null, null, null));
                assertEquals(Status.UNAUTHORIZED, guess.status(), "guess " + i + ": " + guess.message());
                if (i == 3 || i == 4) {
                    Thread.sleep(i == 3 ? 1200 : 2200);
                }
            }
            Thread.sleep(1000); // the other node hears of it (within milliseconds), and 3 s of the wait are left
            Frame atTheOtherNode = atTwo.request(new Login("carol", "carols password", null, null, null));
            assertEquals(Status.TOO_MANY_REQUESTS, atTheOtherNode.status(),
                    "the right password at the other node waits too: " + atTheOtherNode.message() + consoles());
            assertTrue(atTheOtherNode.message().startsWith("too many failed logins; try again in "),
                    atTheOtherNode.message());
            Thread.sleep(atTheOtherNode.as(Refusal.class).retryAfterSeconds() * 1000L);
            assertEquals(Status.OK, atTwo.request(new Login("carol", "carols password", null, null, null)).status(),
                    "and gets in once the wait is over");
            // Now 127.0.0.1 is one of carol's addresses at both nodes: mistakes from it are checked
            // at once, and do not count against her account.
            Thread.sleep(1000);
            for (int i = 1; i <= 3; i++) {
                Frame typo = atOne.request(new Login("carol", "typo " + i, null, null, null));
                assertEquals(Status.UNAUTHORIZED, typo.status(), "typo " + i + ": " + typo.message());
            }
        }
    }

    /**
     * Right after node two joined, a login at node one reaches it at once. The first batch a node
     * sends to one that is starting can be dropped unanswered; it used to wait 10 s for that answer
     * before going again, and everything said meanwhile waited behind it (3 s after the login here).
     * A probe, not a strict guard: on a slow machine the old wait could be over before the login.
     */
    @Test
    void aNodeThatHasJustJoinedHearsALoginAtTheOtherAtOnce() throws Exception {
        try (BrowserLink dave = BrowserLink.open(one); BrowserLink erin = BrowserLink.open(two)) {
            for (BrowserLink link : new BrowserLink[] {dave, erin}) {
                assertEquals(Status.OK, link.request(new Hello(ProtocolVersion.CURRENT, "cluster test")).status());
            }
            assertEquals(Status.CREATED, dave.request(new Register("dave", "daves password", null)).status());
            assertEquals(Status.CREATED, erin.request(new Register("erin", "erins password", null)).status());
            assertEquals(Status.OK, erin.request(new Login("erin", "erins password", null, null, null)).status());
            assertEquals(Status.OK, dave.request(new Login("dave", "daves password", null, null, null)).status());
            long loggedIn = System.nanoTime();
            while (!erin.request(new SearchUser("dave")).as(SearchUserAnswer.class).online()) {
                assertTrue(System.nanoTime() - loggedIn < Duration.ofSeconds(2).toNanos(),
                        "node two did not hear of dave's login at node one within 2 s" + consoles());
                Thread.sleep(20);
            }
        }
    }

    /**
     * Waits until what node one says reaches node two: dave, logged in at one, is online for erin at
     * two. A node that has just started can take the first messages sent to it late (a first send
     * it drops unanswered goes again about 0.7 s later), and a test that counts on every one of
     * them arriving within a second must start after that.
     */
    private void awaitNodeTwoHearsNodeOne() throws Exception {
        try (BrowserLink dave = BrowserLink.open(one); BrowserLink erin = BrowserLink.open(two)) {
            for (BrowserLink link : new BrowserLink[] {dave, erin}) {
                assertEquals(Status.OK, link.request(new Hello(ProtocolVersion.CURRENT, "cluster test")).status());
            }
            assertEquals(Status.CREATED, dave.request(new Register("dave", "daves password", null)).status());
            assertEquals(Status.OK, dave.request(new Login("dave", "daves password", null, null, null)).status());
            assertEquals(Status.CREATED, erin.request(new Register("erin", "erins password", null)).status());
            assertEquals(Status.OK, erin.request(new Login("erin", "erins password", null, null, null)).status());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!erin.request(new SearchUser("dave")).as(SearchUserAnswer.class).online()) {
                assertTrue(System.nanoTime() < deadline, "node two did not hear of dave's login at node one in 30 s"
                        + consoles());
                Thread.sleep(100);
            }
        }
    }

    /**
     * The nodes' JGroups port speaks TLS 1.3 with the cluster's certificate and talks on only with a
     * peer that presents that certificate too: a process without the key, or with a key of its own,
     * is refused, so it can neither join nor read what the nodes say.
     */
    @Test
    void theClusterPortTalksOnlyToAProcessThatHoldsTheClustersKey() throws Exception {
        int port = RegistryProcess.clusterPort(one.port);
        Path keys = one.home().resolve("data/parley");
        char[] password = Files.readString(keys.resolve("registry-cluster.password")).strip().toCharArray();
        java.security.KeyStore cluster = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keys.resolve("registry-cluster.p12"))) {
            cluster.load(in, password);
        }
        java.security.cert.Certificate clusterCertificate = cluster.getCertificate("parley-cluster");

        // Without a certificate, and with one of another key: the node presents the cluster's
        // certificate, then refuses the client (in TLS 1.3 the refusal comes after the handshake).
        Path foreignFile = Files.createTempFile("parley-foreign", ".p12");
        Files.delete(foreignFile); // keytool makes it
        char[] foreignPassword = "foreign password".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "parley-cluster", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Parley registry cluster", "-validity", "30", "-storetype", "PKCS12",
                "-keystore", foreignFile.toString(), "-storepass", new String(foreignPassword))
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        java.security.KeyStore foreign = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(foreignFile)) {
            foreign.load(in, foreignPassword);
        }
        Files.delete(foreignFile);
        for (java.security.KeyStore outsiderKeys : new java.security.KeyStore[] {null, foreign}) {
            try (javax.net.ssl.SSLSocket outsider = tlsTo(port, outsiderKeys, foreignPassword)) {
                outsider.startHandshake();
                assertEquals("TLSv1.3", outsider.getSession().getProtocol());
                assertEquals(clusterCertificate, outsider.getSession().getPeerCertificates()[0]);
                assertEquals(outsiderKeys != null, outsider.getSession().getLocalCertificates() != null,
                        "the outsider sent a certificate exactly when it has one");
                javax.net.ssl.SSLException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        javax.net.ssl.SSLException.class, () -> outsider.getInputStream().read(),
                        outsiderKeys == null ? "no certificate" : "another key's certificate");
                assertTrue(String.valueOf(refused.getMessage()).contains("certificate"), refused.toString());
            }
        }
        // With the cluster's key, as a node connects: no refusal; JGroups waits for a member's
        // header and, when none comes, closes the connection without a TLS alert.
        try (javax.net.ssl.SSLSocket node = tlsTo(port, cluster, password)) {
            node.startHandshake();
            assertEquals(clusterCertificate, node.getSession().getPeerCertificates()[0]);
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> node.getInputStream().read(),
                    "a client with the cluster's key is not refused");
        }
    }

    /** A TLS client of the cluster port that trusts any certificate (it checks the one it gets itself), with this key store's key, if any. */
    private static javax.net.ssl.SSLSocket tlsTo(int port, java.security.KeyStore keys, char[] password) throws Exception {
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (keys != null) {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);
            keyManagers = kmf.getKeyManagers();
        }
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(3_000);
        return socket;
    }

    private void chatShareRoomsAndCarryOn() throws Exception {
        String bothFromOne = one.address() + "," + two.address();
        String bothFromTwo = two.address() + "," + one.address();
        try (ParleyProcess ann = ParleyProcess.online("ann", RegistryProcess.tempHome("ann"), bothFromOne);
                ParleyProcess bob = ParleyProcess.online("bob", RegistryProcess.tempHome("bob"), bothFromTwo);
                ParleyProcess cat = ParleyProcess.online("cat", RegistryProcess.tempHome("cat"), one.address())) {
            one.awaitOutput("ann is online at", Duration.ofSeconds(10));
            two.awaitOutput("bob is online at", Duration.ofSeconds(10));

            // Found across nodes: the directory and the online list are the cluster's.
            assertTrue(awaitFound(ann, "bob").startsWith("bob is online at 127.0.0.1:"));
            assertTrue(awaitFound(bob, "cat").startsWith("cat is online at 127.0.0.1:"));
            bob.send("/online").await(l -> l.contains("ann") && l.contains("cat"), "ann and cat in bob's online list");

            // Chat between nodes: the registry only introduces them; the link is theirs.
            ParleyProcess.converse(ann, "ann", bob, "bob");
            ann.send("hello from node one");
            bob.await(l -> l.endsWith("ann: hello from node one"), "ann's message");
            ann.await(l -> l.startsWith("delivered to bob at "), "its receipt");
            ann.send("/exit");
            bob.send("/exit");

            // A room whose members are on both nodes: its events reach both.
            ann.send("/create hall").awaitLine("created #hall — you are its host");
            bob.send("/join hall").awaitLine("joined #hall (2/50, host ann): ann, bob");
            ann.awaitLine("bob joined #hall");
            cat.send("/join hall").awaitLine("joined #hall (3/50, host ann): ann, bob, cat");
            bob.awaitLine("cat joined #hall");
            ann.awaitLine("cat joined #hall");
            ann.send("/switch #hall").awaitStart("now in #hall");
            ann.send("to everyone");
            bob.await(l -> l.endsWith("#hall ann: to everyone"), "ann's room message on node two");
            cat.await(l -> l.endsWith("#hall ann: to everyone"), "ann's room message on node one");
            ann.awaitLine("delivered to 2 of 2 in #hall: \"to everyone\"");

            // Node one dies. ann knows both nodes and carries on through node two; cat knew only
            // node one: her session expires, and she leaves the room, as anyone whose registry is gone.
            one.kill();
            two.awaitOutput("registry node one left the cluster", Duration.ofSeconds(15));
            two.awaitOutput("ann is online at", Duration.ofSeconds(9)); // within one keepalive timeout
            assertTrue(two.output().stream().anyMatch(l -> l.contains("ann is online at") && l.contains("(resumed")),
                    "ann's session was resumed on node two: " + two.output());
            ann.await("reconnected"::equals, "'reconnected'", Duration.ofSeconds(15));
            bob.await(l -> l.equals("cat went offline — left #hall"), "cat's departure", Duration.ofSeconds(30));
            ann.await(l -> l.equals("cat went offline — left #hall"), "cat's departure seen by ann",
                    Duration.ofSeconds(10));
            ann.send("/members hall").awaitLine("#hall (2/50, host ann): ann, bob");

            ann.send("still here, through node two");
            bob.await(l -> l.endsWith("#hall ann: still here, through node two"), "ann's message after the failover");
            ann.awaitLine("delivered to 1 of 1 in #hall: \"still here, through node two\"");
            // Long after: nobody stale, nobody lost.
            Thread.sleep(12_000); // past another session timeout and two sweeps
            bob.send("/members hall").awaitLine("#hall (2/50, host ann): ann, bob");
        }
    }

    /**
     * Asks {@code asker}'s node for {@code user} until it knows them online. A login is answered
     * before the other nodes hear of it (they do within milliseconds, on a quiet machine), so a
     * search from another node right after may still say offline.
     */
    private static String awaitFound(ParleyProcess asker, String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            asker.send("/search " + user);
            String answer = asker.await(l -> l.startsWith(user + " is online at ") || l.equals(user + " is offline"),
                    "an answer about " + user);
            if (!answer.endsWith(" is offline")) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the other node never heard that " + user + " is online");
            }
            Thread.sleep(200);
        }
    }

    /** What both nodes said, for a failure to show beside the clients' lines. */
    private String consoles() {
        return "\nnode one said:\n  " + String.join("\n  ", one.output()) + "\nnode two said:\n  "
                + String.join("\n  ", two.output());
    }

    private Map<String, String> env(String members, String node) {
        Map<String, String> env = new HashMap<>(database.registryEnv());
        env.put("PARLEY_CLUSTER_MEMBERS", members);
        env.put("PARLEY_NODE_NAME", node);
        return env;
    }
}
