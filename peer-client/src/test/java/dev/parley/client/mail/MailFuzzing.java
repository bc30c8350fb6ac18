package dev.parley.client.mail;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.mail.Envelope;
import java.security.Signature;
import java.util.Base64;

/**
 * What the mail fuzz targets share: alice writes to bob, and an envelope is opened by bob or
 * refused; the only outcomes allowed are a letter or a {@link MailUnreadableException} with a reason.
 */
final class MailFuzzing {
    static final Identity ALICE = Identity.create("alice");
    static final Identity BOB = Identity.create("bob");

    private MailFuzzing() {
    }

    static void openOrRefuse(Envelope envelope) {
        try {
            assertNotNull(SealedMail.open(envelope, BOB, ALICE.publicKey()));
        } catch (MailUnreadableException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    /** Alice's signature over the envelope, as her client makes it. */
    static String signedByAlice(Envelope e) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ALICE.privateKey());
        s.update(e.signedText());
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
