package dev.parley.registry.flow;

import static dev.parley.registry.flow.RoomSteps.ok;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ReceiptFetchAnswer;
import dev.parley.protocol.registry.RegistryRequest.MailAck;
import dev.parley.protocol.registry.RegistryRequest.MailDeposit;
import dev.parley.protocol.registry.RegistryRequest.MailFetch;
import dev.parley.protocol.registry.RegistryRequest.MailRef;
import dev.parley.protocol.registry.RegistryRequest.ReceiptAck;
import dev.parley.protocol.registry.RegistryRequest.ReceiptFetch;
import dev.parley.protocol.registry.RegistryRequest.ReceiptRef;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * What a mail test does over a link, and envelopes to do it with. The registry cannot open an
 * envelope, so these are not sealed: random bytes of the right sizes, which is all it can check.
 */
final class MailSteps {
    private static final SecureRandom RANDOM = new SecureRandom();

    private MailSteps() {
    }

    /** A user who has an account and is offline. */
    static String registered(String prefix) throws Exception {
        String name = TestLink.uniqueName(prefix);
        try (TestLink link = TestLink.open()) {
            link.hello();
            ok(link.register(name, RoomSteps.PASSWORD), Status.CREATED);
        }
        return name;
    }

    /** A logged-in link for a user who has an account already. */
    static TestLink loggedInAs(String name) throws Exception {
        TestLink link = TestLink.open();
        link.hello();
        ok(link.login(name, RoomSteps.PASSWORD, 40000), Status.OK);
        return link;
    }

    /** An envelope of {@code sealedBytes} random bytes with a fresh id. */
    static Envelope envelope(String from, String to, int sealedBytes) {
        byte[] key = random(65);
        key[0] = 0x04;
        return new Envelope(UUID.randomUUID().toString(), from, to, base64(key), base64(random(sealedBytes)),
                base64(random(71)));
    }

    static Envelope envelope(String from, String to) {
        return envelope(from, to, 120);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static Frame deposit(TestLink link, Envelope e) throws Exception {
        return link.request(new MailDeposit(e));
    }

    static MailFetchAnswer fetch(TestLink link, Integer limit) throws Exception {
        return ok(link.request(new MailFetch(limit)), Status.OK).as(MailFetchAnswer.class);
    }

    static List<Envelope> fetch(TestLink link) throws Exception {
        return fetch(link, null).mail();
    }

    static Frame ack(TestLink link, Envelope... envelopes) throws Exception {
        return link.request(new MailAck(java.util.Arrays.stream(envelopes).map(e -> new MailRef(e.from(), e.id())).toList()));
    }

    static ReceiptFetchAnswer receipts(TestLink link) throws Exception {
        return ok(link.request(new ReceiptFetch(null)), Status.OK).as(ReceiptFetchAnswer.class);
    }

    static Frame ackReceipts(TestLink link, Envelope... envelopes) throws Exception {
        return link.request(new ReceiptAck(java.util.Arrays.stream(envelopes).map(e -> new ReceiptRef(e.to(), e.id())).toList()));
    }
}
