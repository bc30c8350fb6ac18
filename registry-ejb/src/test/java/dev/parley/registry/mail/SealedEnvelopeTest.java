package dev.parley.registry.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.protocol.Status;
import dev.parley.protocol.mail.Envelope;
import dev.parley.registry.RequestRefused;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SealedEnvelopeTest {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    static final String KEY = B64.encodeToString(point());
    static final String SEALED = B64.encodeToString(new byte[] {1, 2, 3, 4, 5});
    static final String SIGNATURE = B64.encodeToString(new byte[70]);

    static byte[] point() {
        byte[] p = new byte[65];
        p[0] = 0x04;
        p[1] = 7;
        return p;
    }

    private static Envelope good() {
        return new Envelope("0b9a6f3e-5c1d", "alice", "bob", KEY, SEALED, SIGNATURE);
    }

    @Test
    void aGoodEnvelopeIsKeptAsItsBytesAndComesBackAsTheSameText() {
        Envelope e = good();
        SealedEnvelope s = SealedEnvelope.of("alice", e);

        assertArrayEquals(point(), s.key());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, s.sealed());
        assertEquals(e, SealedEnvelope.envelope(s.id(), s.from(), s.to(), s.key(), s.sealed(), s.signature()));
    }

    @Test
    void eachBadFieldIsRefusedByName() {
        refused(e -> new Envelope("has space", e.from(), e.to(), e.key(), e.sealed(), e.signature()),
                Status.BAD_REQUEST, "id: 1 to 64 letters, digits, '-' or '_'");
        refused(e -> new Envelope(e.id(), e.from(), "b", e.key(), e.sealed(), e.signature()),
                Status.BAD_REQUEST, "to: a username has 3 to 32 characters");
        refused(e -> new Envelope(e.id(), e.from(), "ALICE", e.key(), e.sealed(), e.signature()),
                Status.BAD_REQUEST, "you cannot leave mail for yourself");
        refused(e -> new Envelope(e.id(), "carol", e.to(), e.key(), e.sealed(), e.signature()),
                Status.FORBIDDEN, "you cannot send mail as carol");
        refused(e -> new Envelope(e.id(), "Alice", e.to(), e.key(), e.sealed(), e.signature()),
                Status.BAD_REQUEST, "from: write alice as registered");
        refused(e -> new Envelope(e.id(), e.from(), e.to(), "not*base64", e.sealed(), e.signature()),
                Status.BAD_REQUEST, "key: not base64");
        refused(e -> new Envelope(e.id(), e.from(), e.to(), B64.encodeToString(new byte[64]), e.sealed(), e.signature()),
                Status.BAD_REQUEST, "key: base64 of an uncompressed P-256 point (65 bytes)");
        byte[] compressed = point();
        compressed[0] = 0x02;
        refused(e -> new Envelope(e.id(), e.from(), e.to(), B64.encodeToString(compressed), e.sealed(), e.signature()),
                Status.BAD_REQUEST, "key: base64 of an uncompressed P-256 point (65 bytes)");
        refused(e -> new Envelope(e.id(), e.from(), e.to(), e.key(), B64.encodeToString(new byte[Envelope.MAX_SEALED_BYTES + 1]),
                e.signature()), Status.BAD_REQUEST, "sealed: 1 to 32768 bytes");
        refused(e -> new Envelope(e.id(), e.from(), e.to(), e.key(), e.sealed(), B64.encodeToString(new byte[7])),
                Status.BAD_REQUEST, "signature: a DER ECDSA P-256 signature (8 to 72 bytes)");
        refused(e -> new Envelope(e.id(), e.from(), e.to(), e.key(), e.sealed(), B64.encodeToString(new byte[73])),
                Status.BAD_REQUEST, "signature: a DER ECDSA P-256 signature (8 to 72 bytes)");
    }

    @Test
    void onlyTheOneStandardSpellingOfTheBytesIsTaken() {
        // Each decodes, but encodes back to other text: the signature over the text would break.
        for (String other : new String[] {"AQIDBAU", "AQIDBAV=", "AQID\nBAU=", "AQIDBAU=\n", "AQIDBAU-"}) {
            RequestRefused r = assertThrows(RequestRefused.class, () -> SealedEnvelope.of("alice",
                    new Envelope("m1", "alice", "bob", KEY, other, SIGNATURE)), other);
            assertEquals(Status.BAD_REQUEST, r.status());
            assertEquals(true, r.getMessage().startsWith("sealed: "), r.getMessage());
        }
    }

    private static void refused(UnaryOperator<Envelope> change, Status status, String message) {
        RequestRefused r = assertThrows(RequestRefused.class, () -> SealedEnvelope.of("alice", change.apply(good())));
        assertEquals(status, r.status());
        assertEquals(message, r.getMessage());
    }
}
