package dev.parley.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Fingerprint;
import dev.parley.client.identity.Identity;
import dev.parley.client.mail.SealedMail;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.protocol.registry.LoginProof;
import dev.parley.registry.web.testing.BrowserTest;
import dev.parley.registry.web.testing.HeadlessChromium.BrowserError;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's sealing (js/sealing.js in Chromium) against the terminal client's (SealedMail in
 * Java): each seals what the other opens, both refuse the same tampering, and the HPKE underneath
 * gives RFC 9180's own test vector.
 */
class SealingInteropTest extends BrowserTest {
    private static final Identity ALICE = Identity.create("alice");
    private static final Identity MALLORY = Identity.create("mallory");
    private static final Identity CAROL = Identity.create("carol");
    private static final String SEQ_BODY = "Grüße aus Köln — café, naïve, crème brûlée 👋🏽 𝄞 and **bold**";
    private static final String ROOM_BODY = "Ça va? 😀 日本語のテキスト, ñandú, Ærø";
    private static final Letter SEQ_LETTER = new Letter(Instant.parse("2026-12-05T09:30:00Z"), SEQ_BODY, 7L, null);
    private static final Letter ROOM_LETTER = new Letter(Instant.parse("2026-12-05T09:31:02.250Z"), ROOM_BODY, null,
            "lobby");
    private static final String NOT_SIGNED_BY_ALICE = "its signature is not alice's";
    private static final String DOES_NOT_OPEN = "it does not open with your key (sealed for someone else, or damaged)";

    /** The public key of the identity the page made (kept in the page as window.bob). */
    private static String bobKey;

    @BeforeAll
    static void makeBob() {
        browser.open("/test/harness.html");
        bobKey = (String) js("window.bob = await s.createIdentity(); return bob.publicKey;");
    }

    // (a) RFC 9180 A.3.1 -------------------------------------------------------------------------

    @Test
    void theBrowsersHpkeGivesRfc9180VectorA31() {
        // DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode: enc and the first ciphertext.
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) js("""
                const t = await import('/test/support.js');
                const skEm = '4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb';
                const pkEm = '04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4';
                const skRm = 'f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2';
                const pkRm = '04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a826a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0';
                const info = t.hex('4f6465206f6e2061204772656369616e2055726e');
                const aad = t.hex('436f756e742d30');
                const pt = t.hex('4265617574792069732074727574682c20747275746820626561757479');
                const sealed = await s.hpkeSealWith(t.p256Jwk(skEm, pkEm), t.hex(pkRm), info, aad, pt);
                const opened = await s.hpkeOpenWith(t.p256Jwk(skRm, pkRm), sealed.enc, info, aad, sealed.ciphertext);
                return {enc: t.toHex(sealed.enc), ct: t.toHex(sealed.ciphertext), pt: t.toHex(opened)};
                """);
        assertEquals("04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c0900be8"
                + "63c403ce65c9bfcb9382657222d18c4", result.get("enc"));
        assertEquals("5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434",
                result.get("ct"));
        assertEquals("4265617574792069732074727574682c20747275746820626561757479", result.get("pt"));
    }

    // The identity ---------------------------------------------------------------------------------

    @Test
    void anIdentityIsOneP256KeyTheJavaClientReads() {
        assertEquals(124, bobKey.length());
        PublicKey key = Identity.decode(bobKey);
        assertEquals(bobKey, Identity.encode(key));
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) js("""
                let exported;
                try {
                    await crypto.subtle.exportKey('pkcs8', bob.signingKey);
                    exported = 'exported';
                } catch (e) {
                    exported = e.name;
                }
                const clone = structuredClone(bob);
                const other = await s.createIdentity();
                return {
                    signing: [bob.signingKey.algorithm.name, bob.signingKey.algorithm.namedCurve, bob.signingKey.type,
                              bob.signingKey.extractable, bob.signingKey.usages.join(',')],
                    agreement: [bob.agreementKey.algorithm.name, bob.agreementKey.algorithm.namedCurve,
                                bob.agreementKey.type, bob.agreementKey.extractable, bob.agreementKey.usages.join(',')],
                    exported,
                    cloneKey: clone.publicKey,
                    cloneKeys: clone.signingKey instanceof CryptoKey && clone.agreementKey instanceof CryptoKey,
                    otherKey: other.publicKey,
                };
                """);
        assertEquals(List.of("ECDSA", "P-256", "private", false, "sign"), facts.get("signing"));
        assertEquals(List.of("ECDH", "P-256", "private", false, "deriveBits"), facts.get("agreement"));
        assertEquals("InvalidAccessError", facts.get("exported"));
        assertEquals(bobKey, facts.get("cloneKey"));
        assertEquals(true, facts.get("cloneKeys"));
        assertNotEquals(bobKey, facts.get("otherKey"));
    }

    @Test
    void theBrowsersLoginProofIsOneTheRegistryAccepts() {
        String challenge = LoginProof.newChallenge(new java.security.SecureRandom());
        String proof = (String) js("return await s.proveLogin(bob, arguments[0], 'Bob');", challenge);
        assertEquals(java.util.Optional.empty(), LoginProof.problem(proof));
        PublicKey key = Identity.decode(bobKey);
        assertTrue(LoginProof.verify(key, challenge, "bob", proof), "the name in any case, as the registry checks it");
        assertTrue(!LoginProof.verify(key, LoginProof.newChallenge(new java.security.SecureRandom()), "bob", proof),
                "another link's challenge");
        assertTrue(!LoginProof.verify(ALICE.publicKey(), challenge, "bob", proof), "another key");
        assertEquals(null, js("return (await s.proveLogin(bob, null, 'bob')) ?? null;"), "no challenge, no proof");
    }

    @Test
    void aStructuredCloneOfTheIdentitySignsAndOpens() throws Exception {
        // What IndexedDB gives back is a structured clone: it must still seal (sign) and open (ECDH).
        Envelope toBob = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-clone", SEQ_LETTER);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) js("""
                const clone = structuredClone(bob);
                const letter = await s.openEnvelope(clone, arguments[0], arguments[1]);
                const envelope = await s.sealLetter(clone, {id: 'm-back', from: 'bob', to: 'alice',
                        recipientKey: arguments[1], letter: {sentAt: letter.sentAt, body: letter.body, seq: 1}});
                return {letter, envelope};
                """, map(toBob), ALICE.publicKeyText());
        assertEquals(SEQ_LETTER, letter(result.get("letter")));
        assertEquals(new Letter(SEQ_LETTER.sentAt(), SEQ_BODY, 1L, null),
                SealedMail.open(envelope(result.get("envelope")), ALICE, Identity.decode(bobKey)));
    }

    // (b) Java seals, the browser opens ------------------------------------------------------------

    @Test
    void theBrowserOpensWhatJavaSealed() {
        for (Letter letter : List.of(SEQ_LETTER, ROOM_LETTER)) {
            Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey),
                    letter.room() == null ? "m-seq" : "m-room", letter);
            assertEquals(letter, letter(open(map(e), ALICE.publicKeyText())));
        }
    }

    @Test
    void theBrowserOpensTheLongestLetterAndGivesTimesInOneForm() {
        // 2000 emoji are 4000 UTF-16 units: the longest body, counted as Java counts it.
        String longest = "😀".repeat(2000);
        Instant micros = Instant.parse("2026-12-05T09:30:00.123456Z");
        Letter letter = new Letter(micros, longest, 2147483647L, null);
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-long", letter);
        @SuppressWarnings("unchecked")
        Map<String, Object> opened = (Map<String, Object>) open(map(e), ALICE.publicKeyText());
        assertEquals("2026-12-05T09:30:00.123Z", opened.get("sentAt"));
        assertEquals(longest, opened.get("body"));
        assertEquals(2147483647L, opened.get("seq"));
        assertEquals(new Letter(micros.truncatedTo(ChronoUnit.MILLIS), longest, 2147483647L, null), letter(opened));
    }

    // (c) the browser seals, Java opens ------------------------------------------------------------

    @Test
    void javaOpensWhatTheBrowserSealed() throws Exception {
        Map<String, Object> seq = new LinkedHashMap<>();
        seq.put("sentAt", "2026-12-05T09:30:00.123Z");
        seq.put("body", SEQ_BODY);
        seq.put("seq", 3);
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("sentAt", "2026-12-05T10:30:00+01:00");
        room.put("body", ROOM_BODY);
        room.put("room", "lobby");
        Map<Map<String, Object>, Letter> expected = Map.of(
                seq, new Letter(Instant.parse("2026-12-05T09:30:00.123Z"), SEQ_BODY, 3L, null),
                room, new Letter(Instant.parse("2026-12-05T09:30:00Z"), ROOM_BODY, null, "lobby"));
        for (Map.Entry<Map<String, Object>, Letter> c : expected.entrySet()) {
            Envelope e = envelope(js("return await s.sealLetter(bob, {id: 'b-1', from: 'bob', to: 'alice',"
                    + " recipientKey: arguments[0], letter: arguments[1]});", ALICE.publicKeyText(), c.getKey()));
            assertEquals("b-1", e.id());
            assertEquals("bob", e.from());
            assertEquals("alice", e.to());
            assertEquals(c.getValue(), SealedMail.open(e, ALICE, Identity.decode(bobKey)));
            assertTheRegistryWouldTake(e);
        }
    }

    @Test
    void javaOpensTheLongestLetterTheBrowserSealed() throws Exception {
        String longest = "é😀".repeat(1333) + "é"; // 3999 + 1: mixed one- and two-unit characters
        assertEquals(4000, longest.length());
        Envelope e = envelope(js("return await s.sealLetter(bob, {id: 'b-long', from: 'bob', to: 'alice',"
                + " recipientKey: arguments[0], letter: {sentAt: '2026-12-05T09:30:00Z', body: arguments[1],"
                + " room: 'the-room'}});", ALICE.publicKeyText(), longest));
        assertEquals(new Letter(Instant.parse("2026-12-05T09:30:00Z"), longest, null, "the-room"),
                SealedMail.open(e, ALICE, Identity.decode(bobKey)));
        assertTheRegistryWouldTake(e);
    }

    @Test
    void sealingTwiceGivesDifferentKeysAndCiphertexts() {
        String seal = "return await s.sealLetter(bob, {id: 'b-2', from: 'bob', to: 'alice', recipientKey: arguments[0],"
                + " letter: {sentAt: '2026-12-05T09:30:00Z', body: 'same', seq: 1}});";
        Envelope a = envelope(js(seal, ALICE.publicKeyText()));
        Envelope b = envelope(js(seal, ALICE.publicKeyText()));
        assertNotEquals(a.key(), b.key());
        assertNotEquals(a.sealed(), b.sealed());
    }

    @Test
    void sealingRefusesBadArgumentsWithTheReason() {
        String seal = "return await s.sealLetter(bob, arguments[0]);";
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("id", "b-3");
        good.put("from", "bob");
        good.put("to", "alice");
        good.put("recipientKey", ALICE.publicKeyText());
        good.put("letter", Map.of("sentAt", "2026-12-05T09:30:00Z", "body", "hello", "seq", 1));
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("id=not an id!", "a message id is 1 to 64 letters, digits, \"-\" or \"_\"");
        reasons.put("to=al", "'to' is not a username: 3 to 32 letters, digits, \".\", \"_\" or \"-\"");
        reasons.put("recipientKey=bm90IGEga2V5", "not an identity key (base64 of an EC P-256 public key)");
        reasons.put("recipientKey=" + Base64.getEncoder().encodeToString(ALICE.publicKey().getEncoded()).replace("=", ""),
                "not an identity key (base64 of an EC P-256 public key)");
        for (Map.Entry<String, String> r : reasons.entrySet()) {
            Map<String, Object> args = new LinkedHashMap<>(good);
            String[] change = r.getKey().split("=", 2);
            args.put(change[0], change[1]);
            BrowserError e = assertThrows(BrowserError.class, () -> js(seal, args), r.getKey());
            assertEquals("TypeError", e.name());
            assertEquals(r.getValue(), e.jsMessage());
        }
        Map<Object, String> letters = new LinkedHashMap<>();
        letters.put(Map.of("sentAt", "2026-12-05T09:30:00Z", "body", "hello"), "not a letter: it has neither 'seq' nor 'room'");
        letters.put(Map.of("sentAt", "2026-12-05T09:30:00Z", "body", "", "seq", 1),
                "not a letter: field 'body' must have 1 to 4000 characters");
        letters.put(Map.of("sentAt", "2026-12-05T09:30:00Z", "body", "x".repeat(4001), "seq", 1),
                "not a letter: field 'body' must have 1 to 4000 characters");
        letters.put(Map.of("sentAt", "5 December 2026", "body", "hello", "seq", 1),
                "not a letter: field 'sentAt' must be a time like 2026-11-21T14:02:03Z");
        letters.put(Map.of("sentAt", "2026-12-05T09:30:00Z", "body", "hello", "seq", 0),
                "not a letter: field 'seq' must be a whole number between 1 and 2147483647");
        letters.put("a string", "not a letter: not a JSON object");
        for (Map.Entry<Object, String> l : letters.entrySet()) {
            Map<String, Object> args = new LinkedHashMap<>(good);
            args.put("letter", l.getKey());
            BrowserError e = assertThrows(BrowserError.class, () -> js(seal, args), l.getValue());
            assertEquals("TypeError", e.name());
            assertEquals(l.getValue(), e.jsMessage());
        }
    }

    // (d) refusals in the browser ----------------------------------------------------------------

    @Test
    void aChangedByteInAnyFieldIsRefused() {
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-1", SEQ_LETTER);
        String alice = ALICE.publicKeyText();
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "sealed", flip(e.sealed(), 3)), alice));
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "sealed", flip(e.sealed(), -1)), alice)); // the GCM tag
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "key", flip(e.key(), 40)), alice));
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "signature", flip(e.signature(), 20)), alice));
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "signature", flip(e.signature(), -1)), alice));
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "id", "m-2"), alice));
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "to", "bobby"), alice));
        assertEquals("its signature is not mallory's", refusal(with(e, "from", "mallory"), alice));
        // The untouched envelope opens: the refusals above are the changes', not the test's.
        assertEquals(SEQ_LETTER, letter(open(map(e), alice)));
    }

    @Test
    void anotherSendersKeyIsRefused() {
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-1", SEQ_LETTER);
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(map(e), MALLORY.publicKeyText()));
        assertEquals("the key given for alice is not an identity key", refusal(map(e), "not a key"));
    }

    @Test
    void anEnvelopeSealedToSomeoneElseDoesNotOpen() {
        Envelope toCarol = SealedMail.seal(ALICE, "alice", "bob", CAROL.publicKey(), "m-1", SEQ_LETTER);
        assertEquals(DOES_NOT_OPEN, refusal(map(toCarol), ALICE.publicKeyText()));
    }

    @Test
    void aCiphertextTakenUnderAnotherSendersNameDoesNotOpen() throws Exception {
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-1", SEQ_LETTER);
        // mallory cannot read it but signs it as her own: her signature is good, the header is not.
        Envelope taken = new Envelope(e.id(), "mallory", e.to(), e.key(), e.sealed(), "-");
        taken = taken.signed(sign(MALLORY, taken.signedText(), "SHA256withECDSA"));
        assertEquals(DOES_NOT_OPEN, refusal(map(taken), MALLORY.publicKeyText()));
    }

    @Test
    void aSignatureThatIsNotDerIsRefused() throws Exception {
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-1", SEQ_LETTER);
        String alice = ALICE.publicKeyText();
        // A good signature as WebCrypto writes it (r || s): right numbers, wrong encoding.
        String raw = sign(ALICE, e.signedText(), "SHA256withECDSAinP1363Format");
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "signature", raw), alice));
        byte[] der = Base64.getDecoder().decode(e.signature());
        byte[] longer = java.util.Arrays.copyOf(der, der.length + 1);
        longer[1]++; // the SEQUENCE claims the extra byte, which follows the two INTEGERs
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "signature", Base64.getEncoder().encodeToString(longer)), alice));
        byte[] cut = java.util.Arrays.copyOf(der, der.length - 1);
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "signature", Base64.getEncoder().encodeToString(cut)), alice));
        assertEquals(NOT_SIGNED_BY_ALICE, refusal(with(e, "signature", "AAAA"), alice));
    }

    @Test
    void fieldsThatAreNotStandardBase64AreRefused() {
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-1", SEQ_LETTER);
        String alice = ALICE.publicKeyText();
        String notBase64 = "its fields are not base64";
        assertEquals(notBase64, refusal(with(e, "key", "not base64!"), alice));
        // One character short: never a whole number of base64 quads. (Dropping the padding is not the
        // same test: a 72-byte DER signature, one in four, has none.)
        String signature = e.signature();
        assertEquals(notBase64, refusal(with(e, "signature", signature.substring(0, signature.length() - 1)), alice));
        assertEquals(notBase64, refusal(with(e, "sealed", e.sealed().substring(0, 8) + "\n" + e.sealed().substring(8)),
                alice));
        assertEquals(notBase64, refusal(with(e, "key", e.key().replace('+', '-').replace('/', '_')
                .replaceFirst("^.", "_")), alice));
        assertEquals(notBase64, refusal(with(e, "signature", "AB=="), alice)); // stray bits: 'B' is not 'A', 'Q', 'g' or 'w'
    }

    @Test
    void whatIsNotAnEnvelopeIsRefused() {
        Envelope e = SealedMail.seal(ALICE, "alice", "bob", Identity.decode(bobKey), "m-1", SEQ_LETTER);
        Map<String, Object> noSealed = map(e);
        noSealed.remove("sealed");
        assertEquals("it is not an envelope: 'sealed' is missing", refusal(noSealed, ALICE.publicKeyText()));
        assertEquals("it is not an envelope: 'id' is missing", refusal(with(e, "id", ""), ALICE.publicKeyText()));
        assertEquals("it is not an envelope", refusal(null, ALICE.publicKeyText()));
    }

    @Test
    void aSealedLetterThatIsNotALetterIsRefused() throws Exception {
        String not = "what it seals is not a message: ";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("see you at ten", not + "not JSON text");
        cases.put("[\"sentAt\", \"body\"]", not + "not a JSON object");
        cases.put("null", not + "not a JSON object");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"seq\":1}", not + "missing field 'body'");
        cases.put("{\"body\":\"hi\",\"seq\":1}", not + "missing field 'sentAt'");
        cases.put("{\"sentAt\":\"yesterday\",\"body\":\"hi\",\"seq\":1}",
                not + "field 'sentAt' must be a time like 2026-11-21T14:02:03Z");
        cases.put("{\"sentAt\":\"2026-02-30T09:30:00Z\",\"body\":\"hi\",\"seq\":1}",
                not + "field 'sentAt' must be a time like 2026-11-21T14:02:03Z");
        cases.put("{\"sentAt\":\"2026-12-05\",\"body\":\"hi\",\"seq\":1}",
                not + "field 'sentAt' must be a time like 2026-11-21T14:02:03Z");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"\",\"seq\":1}",
                not + "field 'body' must have 1 to 4000 characters");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"" + "x".repeat(4001) + "\",\"seq\":1}",
                not + "field 'body' must have 1 to 4000 characters");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":7,\"seq\":1}", not + "field 'body' must be a string");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"a\\ud800b\",\"seq\":1}",
                not + "field 'body' is not valid Unicode: a lone surrogate at position 1");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"ab\\u0000\",\"seq\":1}",
                not + "field 'body' holds the character U+0000 at position 2");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\"}", not + "it has neither 'seq' nor 'room'");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"seq\":1,\"room\":\"lobby\"}",
                not + "it has both 'seq' and 'room'");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"seq\":0}",
                not + "field 'seq' must be a whole number between 1 and 2147483647");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"seq\":1.5}",
                not + "field 'seq' must be a whole number between 1 and 2147483647");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"seq\":\"1\"}",
                not + "field 'seq' must be a whole number between 1 and 2147483647");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"seq\":2147483648}",
                not + "field 'seq' must be a whole number between 1 and 2147483647");
        cases.put("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"room\":5}", not + "field 'room' must be a room's name");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Envelope e = sealBytes(c.getKey().getBytes(StandardCharsets.UTF_8));
            assertEquals(c.getValue(), refusal(map(e), ALICE.publicKeyText()), c.getKey());
        }
        Envelope notUtf8 = sealBytes(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertEquals(not + "not JSON text", refusal(map(notUtf8), ALICE.publicKeyText()));
        // Fields a later version may add are left alone, as the Java client leaves them.
        Envelope extra = sealBytes("{\"sentAt\":\"2026-12-05T09:30:00Z\",\"body\":\"hi\",\"seq\":1,\"mood\":\"good\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("sentAt", "2026-12-05T09:30:00.000Z", "body", "hi", "seq", 1L),
                open(map(extra), ALICE.publicKeyText()));
    }

    // (e) fingerprints ---------------------------------------------------------------------------

    @Test
    void fingerprintsAreTheJavaClients() {
        assertEquals(Fingerprint.of(Identity.decode(bobKey)), js("return await s.fingerprint(arguments[0]);", bobKey));
        assertEquals(Fingerprint.of(ALICE.publicKey()),
                js("return await s.fingerprint(arguments[0]);", ALICE.publicKeyText()));
        assertTrue(Fingerprint.of(ALICE.publicKey()).matches("([0-9A-F]{4} ){15}[0-9A-F]{4}"));
        for (String bad : List.of("", "not base64", "AAAA", Base64.getEncoder().encodeToString(new byte[91]))) {
            BrowserError e = assertThrows(BrowserError.class, () -> js("return await s.fingerprint(arguments[0]);", bad));
            assertEquals("TypeError", e.name());
            assertEquals("not an identity key (base64 of an EC P-256 public key)", e.jsMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Object js(String body, Object... args) {
        return browser.run("const s = await import('/js/sealing.js');\n" + body, args);
    }

    private static Object open(Map<String, Object> envelope, String senderKey) {
        return js("return await s.openEnvelope(bob, arguments[0], arguments[1]);", envelope, senderKey);
    }

    /** Why the page refuses the envelope; fails unless it is refused with an UnreadableMail. */
    private static String refusal(Map<String, Object> envelope, String senderKey) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) js("""
                try {
                    const letter = await s.openEnvelope(bob, arguments[0], arguments[1]);
                    return {opened: JSON.stringify(letter)};
                } catch (e) {
                    return {unreadable: e instanceof s.UnreadableMail && e instanceof Error && e.name === 'UnreadableMail',
                            message: `${e.name}: ${e.message}`, reason: e.message};
                }
                """, envelope, senderKey);
        assertTrue(r.get("opened") == null, () -> "opened, to " + r.get("opened"));
        assertEquals(true, r.get("unreadable"), () -> "refused with " + r.get("message"));
        return (String) r.get("reason");
    }

    /** Seals any bytes as SealedMail seals a letter: HPKE to the page's key under the header, signed by alice. */
    private static Envelope sealBytes(byte[] plain) throws Exception {
        Envelope unsigned = new Envelope("m-raw", "alice", "bob", "-", "-", "-");
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
        byte[][] sealed = hpke.seal(PublicKeyFactory.createKey(Identity.decode(bobKey).getEncoded()),
                Envelope.HPKE_INFO.getBytes(StandardCharsets.US_ASCII), unsigned.header(), plain, null, null, null);
        Envelope e = new Envelope("m-raw", "alice", "bob", Base64.getEncoder().encodeToString(sealed[1]),
                Base64.getEncoder().encodeToString(sealed[0]), "-");
        return e.signed(sign(ALICE, e.signedText(), "SHA256withECDSA"));
    }

    private static String sign(Identity who, byte[] text, String algorithm) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(who.privateKey());
        s.update(text);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** What the registry checks without reading (registry-ejb SealedEnvelope): sizes and one base64 spelling. */
    private static void assertTheRegistryWouldTake(Envelope e) {
        byte[] key = Base64.getDecoder().decode(e.key());
        assertEquals(65, key.length);
        assertEquals(4, key[0]);
        byte[] signature = Base64.getDecoder().decode(e.signature());
        assertTrue(signature.length >= 8 && signature.length <= 72, e.signature());
        byte[] sealed = Base64.getDecoder().decode(e.sealed());
        assertTrue(sealed.length > 16 && sealed.length <= Envelope.MAX_SEALED_BYTES);
        for (String field : List.of(e.key(), e.sealed(), e.signature())) {
            assertEquals(field, Base64.getEncoder().encodeToString(Base64.getDecoder().decode(field)));
        }
    }

    /** The base64 text with one byte of what it encodes changed ({@code at} < 0 counts from the end). */
    private static String flip(String base64, int at) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[at < 0 ? bytes.length + at : at] ^= 0x01;
        String changed = Base64.getEncoder().encodeToString(bytes);
        assertNotEquals(base64, changed);
        return changed;
    }

    private static Map<String, Object> with(Envelope e, String field, String value) {
        Map<String, Object> m = map(e);
        assertTrue(m.containsKey(field));
        m.put(field, value);
        return m;
    }

    private static Map<String, Object> map(Envelope e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("from", e.from());
        m.put("to", e.to());
        m.put("key", e.key());
        m.put("sealed", e.sealed());
        m.put("signature", e.signature());
        return m;
    }

    private static Envelope envelope(Object fromPage) {
        Map<?, ?> m = (Map<?, ?>) fromPage;
        assertEquals(java.util.Set.of("id", "from", "to", "key", "sealed", "signature"), m.keySet());
        return new Envelope((String) m.get("id"), (String) m.get("from"), (String) m.get("to"), (String) m.get("key"),
                (String) m.get("sealed"), (String) m.get("signature"));
    }

    private static Letter letter(Object fromPage) {
        Map<?, ?> m = (Map<?, ?>) fromPage;
        Object seq = m.get("seq");
        return new Letter(Instant.parse((String) m.get("sentAt")), (String) m.get("body"),
                seq == null ? null : ((Number) seq).longValue(), (String) m.get("room"));
    }
}
