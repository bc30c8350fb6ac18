package dev.parley.client.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.protocol.RecordCodec;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedMailTest {
    private static final Identity ALICE = Identity.create("alice");
    private static final Identity BOB = Identity.create("bob");
    private static final Identity MALLORY = Identity.create("mallory");
    private static final Letter LETTER = new Letter(Instant.parse("2026-12-05T09:30:00Z"), "see you at ten", 7L, null);

    @Test
    void theRecipientOpensWhatTheSenderSealed() throws Exception {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        assertEquals("alice", e.from());
        assertEquals("bob", e.to());
        assertEquals(65, Base64.getDecoder().decode(e.key()).length);
        assertEquals(LETTER, SealedMail.open(e, BOB, ALICE.publicKey()));
    }

    @Test
    void theEnvelopeCarriesNoneOfTheText() {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        String wire = RecordCodec.of(Envelope.class).toJson(e).toString();
        assertFalse(wire.contains("see you"), wire);
        String sealed = new String(Base64.getDecoder().decode(e.sealed()), StandardCharsets.ISO_8859_1);
        assertFalse(sealed.contains("see you"));
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        Envelope a = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        Envelope b = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        assertTrue(!a.sealed().equals(b.sealed()) && !a.key().equals(b.key()));
    }

    @Test
    void aChangedCiphertextIsRefused() {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        byte[] sealed = Base64.getDecoder().decode(e.sealed());
        sealed[3] ^= 1;
        Envelope changed = new Envelope(e.id(), e.from(), e.to(), e.key(), Base64.getEncoder().encodeToString(sealed),
                e.signature());
        MailUnreadableException x = assertThrows(MailUnreadableException.class, () -> SealedMail.open(changed, BOB,
                ALICE.publicKey()));
        assertEquals("its signature is not alice's", x.getMessage());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        assertThrows(MailUnreadableException.class, () -> SealedMail.open(e, BOB, MALLORY.publicKey()));
    }

    @Test
    void aCiphertextResignedUnderAnotherSenderDoesNotOpen() throws Exception {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        // mallory cannot read it, but takes it for her own: her signature is good, the header no longer is.
        Envelope taken = new Envelope(e.id(), "mallory", e.to(), e.key(), e.sealed(), "-");
        Envelope signed = taken.signed(resign(taken));
        MailUnreadableException x = assertThrows(MailUnreadableException.class,
                () -> SealedMail.open(signed, BOB, MALLORY.publicKey()));
        assertTrue(x.getMessage().startsWith("it does not open with your key"), x.getMessage());
    }

    @Test
    void anEnvelopeForSomeoneElseDoesNotOpen() {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        assertThrows(MailUnreadableException.class, () -> SealedMail.open(e, MALLORY, ALICE.publicKey()));
    }

    @Test
    void fieldsThatAreNotBase64AreRefused() {
        Envelope e = SealedMail.seal(ALICE, ALICE.username(), "bob", BOB.publicKey(), "m-1", LETTER);
        Envelope bad = new Envelope(e.id(), e.from(), e.to(), "not base64!", e.sealed(), e.signature());
        assertEquals("its fields are not base64",
                assertThrows(MailUnreadableException.class, () -> SealedMail.open(bad, BOB, ALICE.publicKey())).getMessage());
    }

    private static String resign(Envelope e) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(MALLORY.privateKey());
        s.update(e.signedText());
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
