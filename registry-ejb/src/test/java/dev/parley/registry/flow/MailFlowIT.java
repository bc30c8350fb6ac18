package dev.parley.registry.flow;

import static dev.parley.registry.flow.MailSteps.ack;
import static dev.parley.registry.flow.MailSteps.ackReceipts;
import static dev.parley.registry.flow.MailSteps.deposit;
import static dev.parley.registry.flow.MailSteps.envelope;
import static dev.parley.registry.flow.MailSteps.fetch;
import static dev.parley.registry.flow.MailSteps.loggedInAs;
import static dev.parley.registry.flow.MailSteps.receipts;
import static dev.parley.registry.flow.MailSteps.registered;
import static dev.parley.registry.flow.RoomSteps.ok;
import static dev.parley.registry.flow.RoomSteps.refused;
import static dev.parley.registry.flow.RoomSteps.user;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.MailReceipt;
import dev.parley.protocol.registry.RegistryAnswer.MailDepositAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ReceiptFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.Refusal;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.protocol.registry.RegistryRequest.MailDeposit;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.mail.MailService;
import jakarta.ejb.EJB;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Offline mail and relay over the real TLS link: deposit, MAIL pushed live, fetch, acknowledge,
 * receipts pushed and fetched, duplicates, expiry, quota, rate, every refusal, and what the
 * database keeps. The test server's mailboxes hold 5 messages and a link deposits 8 in a burst,
 * then 1 a second (arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
class MailFlowIT {

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    @PersistenceContext(unitName = "parley")
    private EntityManager em;
    @EJB
    private MailService mail;

    @Test
    void mailForAnOfflineUserIsKeptUntilFetchedAndAcknowledgedAndTheSenderOnlineGetsTheReceipt() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = registered("bob");
        try (TestLink a = user(alice)) {
            Envelope e = envelope(alice, bob);
            Frame deposited = ok(deposit(a, e), Status.CREATED);
            assertEquals("kept for " + bob, deposited.message());
            MailDepositAnswer answer = deposited.as(MailDepositAnswer.class);
            assertFalse(answer.online());
            assertAbout(Instant.now().plus(Duration.ofDays(30)), answer.expiresAt());

            try (TestLink b = loggedInAs(bob)) {
                Frame fetched = ok(b.request(new dev.parley.protocol.registry.RegistryRequest.MailFetch(null)), Status.OK);
                assertEquals("1 message", fetched.message());
                MailFetchAnswer page = fetched.as(MailFetchAnswer.class);
                assertEquals(List.of(e), page.mail(), "the envelope comes back exactly as it was deposited");
                assertFalse(page.more());
                assertEquals(List.of(e), fetch(b), "fetching again gives the same until it is acknowledged");

                assertEquals("1 message acknowledged", ok(ack(b, e), Status.OK).message());

                MailReceipt receipt = a.awaitEvent(RegistryEvent.Receipt.class, r -> e.id().equals(r.receipt().id())).receipt();
                assertEquals(bob, receipt.to());
                assertEquals(MailReceipt.Outcome.DELIVERED, receipt.outcome());
                assertAbout(Instant.now(), receipt.at());
                assertEquals(List.of(), fetch(b));
                assertEquals("0 messages acknowledged", ok(ack(b, e), Status.OK).message(), "acknowledging twice is harmless");
            }
        }
    }

    @Test
    void mailForAnOnlineUserIsPassedOnAtOnceAndASenderWhoWentOfflineFetchesItsReceiptLater() throws Exception {
        String alice = registered("alice");
        String bob = TestLink.uniqueName("bob");
        Envelope e = envelope(alice, bob);
        try (TestLink b = user(bob)) {
            try (TestLink a = loggedInAs(alice)) {
                Frame deposited = ok(deposit(a, e), Status.CREATED);
                assertEquals("passed on to " + bob, deposited.message());
                assertTrue(deposited.as(MailDepositAnswer.class).online());
            }
            RegistryEvent.Mail pushed = b.awaitEvent(RegistryEvent.Mail.class);
            assertEquals(e, pushed.envelope(), "relayed exactly as deposited");
            assertEquals(List.of(e), fetch(b), "a relayed message stays in the mailbox until acknowledged");
            ok(ack(b, e), Status.OK);
        }
        try (TestLink a = loggedInAs(alice)) {
            Frame fetched = ok(a.request(new dev.parley.protocol.registry.RegistryRequest.ReceiptFetch(10)), Status.OK);
            assertEquals("1 receipt", fetched.message());
            ReceiptFetchAnswer answer = fetched.as(ReceiptFetchAnswer.class);
            assertEquals(1, answer.receipts().size());
            MailReceipt receipt = answer.receipts().get(0);
            assertEquals(e.id(), receipt.id());
            assertEquals(bob, receipt.to());
            assertEquals(MailReceipt.Outcome.DELIVERED, receipt.outcome());
            assertFalse(answer.more());

            assertEquals("1 receipt acknowledged", ok(ackReceipts(a, e), Status.OK).message());
            assertEquals(List.of(), receipts(a).receipts());
            assertEquals("0 receipts acknowledged", ok(ackReceipts(a, e), Status.OK).message());
        }
    }

    @Test
    void theSameMessageDepositedAgainIsNotStoredTwiceNorAfterItWasDelivered() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = registered("bob");
        try (TestLink a = user(alice)) {
            Envelope e = envelope(alice, bob);
            Instant expires = ok(deposit(a, e), Status.CREATED).as(MailDepositAnswer.class).expiresAt();

            Frame again = ok(deposit(a, e), Status.OK);
            assertEquals("already kept for " + bob, again.message());
            assertEquals(expires, again.as(MailDepositAnswer.class).expiresAt());
            assertFalse(again.as(MailDepositAnswer.class).online());
            assertEquals(1L, storedCopies(e));

            try (TestLink b = loggedInAs(bob)) {
                assertEquals(List.of(e), fetch(b));
                ok(ack(b, e), Status.OK);
                Frame replayed = ok(deposit(a, e), Status.OK);
                assertEquals("already delivered to " + bob, replayed.message());
                assertFalse(replayed.as(MailDepositAnswer.class).online());
                assertEquals(List.of(), fetch(b), "a delivered message is not delivered again");
                assertTrue(b.pollEvent(RegistryEvent.Mail.class, m -> true, 300).isEmpty());
                assertEquals(0L, storedCopies(e));
            }
        }
    }

    @Test
    void aUserSeesAndAcknowledgesOnlyTheirOwnMail() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = registered("bob");
        String carol = TestLink.uniqueName("carol");
        try (TestLink a = user(alice); TestLink c = user(carol)) {
            Envelope forBob = envelope(alice, bob);
            Envelope forCarol = envelope(alice, carol);
            ok(deposit(a, forBob), Status.CREATED);
            ok(deposit(a, forCarol), Status.CREATED);
            c.awaitEvent(RegistryEvent.Mail.class);

            assertEquals(List.of(forCarol), fetch(c));
            assertEquals("0 messages acknowledged", ok(ack(c, forBob), Status.OK).message());
            try (TestLink b = loggedInAs(bob)) {
                assertEquals(List.of(forBob), fetch(b), "carol's acknowledgement did nothing to bob's mail");
            }
            assertTrue(a.pollEvent(RegistryEvent.Receipt.class, r -> true, 300).isEmpty());
        }
    }

    @Test
    void mailIsRefusedForNobodyForYourselfAndAsSomeoneElse() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = registered("bob");
        String nobody = TestLink.uniqueName("nobody");
        try (TestLink a = user(alice)) {
            refusedPlain(deposit(a, envelope(alice, nobody)), Status.NOT_FOUND, "no user named " + nobody);
            refusedPlain(deposit(a, envelope(alice, alice.toUpperCase())), Status.BAD_REQUEST,
                    "you cannot leave mail for yourself");
            refusedPlain(deposit(a, envelope(bob, alice)), Status.FORBIDDEN, "you cannot send mail as " + bob);
            refusedPlain(deposit(a, envelope(alice, bob.toUpperCase())), Status.BAD_REQUEST,
                    "to: write " + bob + " as registered");
        }
    }

    @Test
    void anEnvelopeWithABadFieldIsRefusedNamingTheField() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = registered("bob");
        try (TestLink a = user(alice)) {
            Envelope good = envelope(alice, bob);
            refusedPlain(deposit(a, with(good, "id", "not an id")), Status.BAD_REQUEST,
                    "id: 1 to 64 letters, digits, '-' or '_'");
            refusedPlain(deposit(a, with(good, "key", "%%%")), Status.BAD_REQUEST, "key: not base64");
            refusedPlain(deposit(a, with(good, "key", MailSteps.base64(new byte[33]))), Status.BAD_REQUEST,
                    "key: base64 of an uncompressed P-256 point (65 bytes)");
            // Base64 of 1 to 5 without its padding: it decodes, but is not the text the bytes encode to.
            refusedPlain(deposit(a, with(good, "sealed", "AQIDBAU")), Status.BAD_REQUEST,
                    "sealed: not standard padded base64");
            refusedPlain(deposit(a, with(good, "sealed", MailSteps.base64(new byte[Envelope.MAX_SEALED_BYTES + 1]))),
                    Status.BAD_REQUEST, "sealed: 1 to 32768 bytes");
            refusedPlain(deposit(a, with(good, "signature", MailSteps.base64(new byte[4]))), Status.BAD_REQUEST,
                    "signature: a DER ECDSA P-256 signature (8 to 72 bytes)");
            // Longer than any base64 of 32 KiB: the frame's own rules refuse it, naming the field.
            Frame tooLong = a.requestRaw(MailDeposit.class, "\"envelope\":{\"id\":\"x\",\"from\":\"" + alice
                    + "\",\"to\":\"" + bob + "\",\"key\":\"" + good.key() + "\",\"sealed\":\"" + "A".repeat(
                    Envelope.MAX_SEALED_CHARS + 4) + "\",\"signature\":\"" + good.signature() + "\"}");
            assertEquals(Status.BAD_REQUEST, tooLong.status(), tooLong.message());
            assertTrue(tooLong.message().contains("sealed"), tooLong.message());
            assertEquals(0L, storedCopies(good));
        }
    }

    @Test
    void aFullMailboxRefusesMoreUntilItsOwnerFetchesSome() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String dora = registered("dora");
        try (TestLink a = user(alice)) {
            Envelope first = envelope(alice, dora);
            ok(deposit(a, first), Status.CREATED);
            for (int i = 1; i < 5; i++) {
                ok(deposit(a, envelope(alice, dora)), Status.CREATED);
            }
            Frame full = deposit(a, envelope(alice, dora));
            refused(full, Status.CONFLICT, dora + "'s mailbox is full (5 messages); it takes more once " + dora
                    + " has fetched some", "mailbox-full");
            ok(deposit(a, first), Status.OK); // a message already kept is no new one

            try (TestLink d = loggedInAs(dora)) {
                ok(ack(d, first), Status.OK);
            }
            ok(deposit(a, envelope(alice, dora)), Status.CREATED);
        }
    }

    @Test
    void aFetchStopsAtAPageOfEnvelopesAndSaysMoreFollow() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String fay = registered("fay");
        try (TestLink a = user(alice)) {
            List<Envelope> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Envelope e = envelope(alice, fay, Envelope.MAX_SEALED_BYTES);
                ok(deposit(a, e), Status.CREATED);
                sent.add(e);
            }
            try (TestLink f = loggedInAs(fay)) {
                MailFetchAnswer page = fetch(f, null);
                assertEquals(sent.subList(0, 4), page.mail(), "oldest first, as many as fit 192 KiB");
                assertTrue(page.more());
                page = fetch(f, 2);
                assertEquals(sent.subList(0, 2), page.mail());
                assertTrue(page.more());

                ok(ack(f, sent.subList(0, 4).toArray(Envelope[]::new)), Status.OK);
                page = fetch(f, null);
                assertEquals(sent.subList(4, 5), page.mail());
                assertFalse(page.more());
            }
        }
    }

    @Test
    void mailNobodyFetchesExpiresAndItsSenderGetsAnExpiredReceipt() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String erin = registered("erin");
        try (TestLink a = user(alice)) {
            Envelope e = envelope(alice, erin);
            Instant expires = ok(deposit(a, e), Status.CREATED).as(MailDepositAnswer.class).expiresAt();

            assertTrue(mail.expire(expires.plusSeconds(1)) >= 1);

            MailReceipt receipt = a.awaitEvent(RegistryEvent.Receipt.class, r -> e.id().equals(r.receipt().id())).receipt();
            assertEquals(MailReceipt.Outcome.EXPIRED, receipt.outcome());
            assertEquals(erin, receipt.to());
            assertEquals(0L, storedCopies(e));
            try (TestLink r = loggedInAs(erin)) {
                assertEquals(List.of(), fetch(r));
            }
            assertEquals(List.of(receipt), receipts(a).receipts());
            // Sent again after it expired unread, it is a message to keep again.
            ok(deposit(a, e), Status.CREATED);
        }
    }

    @Test
    void aLinkThatDepositsFasterThanItsRateIsToldToSlowDown() throws Exception {
        String alice = TestLink.uniqueName("alice");
        List<String> recipients = List.of(registered("gus"), registered("hal"), registered("ivy"));
        try (TestLink a = user(alice)) {
            Frame refusedAnswer = null;
            for (int i = 0; i < 14 && refusedAnswer == null; i++) {
                Frame f = deposit(a, envelope(alice, recipients.get(i % 3)));
                if (f.status() == Status.TOO_MANY_REQUESTS) {
                    refusedAnswer = f;
                } else {
                    ok(f, Status.CREATED);
                }
            }
            assertTrue(refusedAnswer != null, "8 in a burst, then 1 a second");
            assertEquals("slow down: mail deposits are limited to 1 a second", refusedAnswer.message());
            assertEquals(1, refusedAnswer.as(Refusal.class).retryAfterSeconds());
        }
    }

    @Test
    void theDatabaseKeepsOnlyRoutingAndTheOpaqueBytesAsDeposited() throws Exception {
        String alice = TestLink.uniqueName("alice");
        String bob = registered("bob");
        try (TestLink a = user(alice)) {
            Envelope e = envelope(alice, bob, 3000);
            ok(deposit(a, e), Status.CREATED);

            @SuppressWarnings("unchecked")
            List<Object[]> columns = em.createNativeQuery("select column_name, data_type from information_schema.columns"
                    + " where table_name = 'mail' and table_schema = current_schema()").getResultList();
            Set<String> names = new TreeSet<>();
            for (Object[] c : columns) {
                names.add((String) c[0]);
            }
            assertEquals(new TreeSet<>(Set.of("id", "recipient_id", "sender_id", "message_id", "hpke_key", "sealed",
                    "signature", "size_bytes", "deposited_at", "expires_at")), names,
                    "the mail table holds routing, times and the envelope's opaque fields, nothing else");
            for (Object[] c : columns) {
                if (Set.of("hpke_key", "sealed", "signature").contains(c[0])) {
                    assertEquals("bytea", c[1], c[0] + " is kept as bytes");
                }
            }

            Object[] row = (Object[]) em.createNativeQuery("select hpke_key, sealed, signature, size_bytes from mail"
                    + " where message_id = ?1").setParameter(1, e.id()).getSingleResult();
            Base64.Decoder b64 = Base64.getDecoder();
            assertArrayEquals(b64.decode(e.key()), (byte[]) row[0]);
            assertArrayEquals(b64.decode(e.sealed()), (byte[]) row[1]);
            assertArrayEquals(b64.decode(e.signature()), (byte[]) row[2]);
            assertEquals(3000, ((Number) row[3]).intValue());
        }
    }

    private long storedCopies(Envelope e) {
        return ((Number) em.createNativeQuery("select count(*) from mail where message_id = ?1")
                .setParameter(1, e.id()).getSingleResult()).longValue();
    }

    @Test
    void depositsAndAcknowledgementsBetweenTheSameTwoUsersDoNotDeadlock() throws Exception {
        // bob has the lower id: a deposit locks his row first, while a receipt's keys name alice first.
        String bob = registered("bob");
        String alice = registered("alice");
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        Thread depositing = Thread.ofPlatform().start(() -> {
            while (System.nanoTime() < until) {
                try {
                    mail.deposit(alice, envelope(alice, bob));
                } catch (RequestRefused full) {
                    // the mailbox is at its quota until bob's acknowledgements make room
                } catch (RuntimeException e) {
                    failures.add("deposit: " + e);
                }
            }
        });
        Thread acknowledging = Thread.ofPlatform().start(() -> {
            while (System.nanoTime() < until) {
                try {
                    List<MailRef> refs = mail.fetch(bob, 100).mail().stream().map(e -> new MailRef(e.from(), e.id())).toList();
                    if (!refs.isEmpty()) {
                        mail.acknowledge(bob, refs);
                    }
                } catch (RuntimeException e) {
                    failures.add("acknowledge: " + e);
                }
            }
        });
        depositing.join();
        acknowledging.join();
        assertEquals(List.of(), failures);
    }

    private static Envelope with(Envelope e, String field, String value) {
        return new Envelope(field.equals("id") ? value : e.id(), e.from(), e.to(),
                field.equals("key") ? value : e.key(), field.equals("sealed") ? value : e.sealed(),
                field.equals("signature") ? value : e.signature());
    }

    private static void refusedPlain(Frame answer, Status status, String message) {
        assertEquals(status, answer.status(), answer.message());
        assertEquals(message, answer.message());
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(10)) < 0,
                "expected about " + expected + ", got " + actual);
    }
}
