package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1);

    @Test
    void hashIsArgon2idWithOwaspParametersAndNoTraceOfThePassword() {
        String hash = hasher.hash("correct horse battery".toCharArray());

        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains("correct"));
    }

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String hash = hasher.hash("correct horse battery".toCharArray());

        assertTrue(hasher.verify("correct horse battery".toCharArray(), hash));
        assertFalse(hasher.verify("correct horse batterY".toCharArray(), hash));
    }

    @Test
    void samePasswordGetsADifferentSaltEachTime() {
        assertNotEquals(hasher.hash("same password".toCharArray()), hasher.hash("same password".toCharArray()));
    }

    @Test
    void noAccountNeverVerifiesEvenWithTheDecoyPassword() {
        assertFalse(hasher.verify("decoy password that matches nothing".toCharArray(), null));
    }

    /** "café" with é as one character (NFC) and as e plus a combining acute accent (NFD). */
    private static final String CAFE_NFC = "caf\u00e9 au lait";
    private static final String CAFE_NFD = "cafe\u0301 au lait";

    @Test
    void thePasswordIsTheSameInAnyUnicodeForm() {
        String hash = hasher.hash(CAFE_NFC.toCharArray());

        assertEquals(PasswordHasher.Match.NORMAL_FORM, hasher.match(CAFE_NFD.toCharArray(), hash));
        assertEquals(PasswordHasher.Match.NORMAL_FORM, hasher.match(CAFE_NFC.toCharArray(), hash));
    }

    @Test
    void compatibilityCharactersAreFolded() {
        String hash = hasher.hash("pin \uff11\uff12\uff13\uff14".toCharArray()); // full-width digits

        assertEquals(PasswordHasher.Match.NORMAL_FORM, hasher.match("pin 1234".toCharArray(), hash));
    }

    @Test
    void aHashOfThePasswordAsSentBeforeNormalisingStillMatchesAndAsksToBeReplaced() {
        String old = UnnormalisedHashes.of(CAFE_NFD);

        assertEquals(PasswordHasher.Match.SENT_FORM, hasher.match(CAFE_NFD.toCharArray(), old));
        assertEquals(PasswordHasher.Match.NONE, hasher.match("cafe au lait".toCharArray(), old));
    }

    @Test
    void aHashOfAnAlreadyNormalPasswordFromBeforeNeedsNothing() {
        String old = UnnormalisedHashes.of("correct horse battery");

        assertEquals(PasswordHasher.Match.NORMAL_FORM, hasher.match("correct horse battery".toCharArray(), old));
    }

    @Test
    void noAccountNeverMatchesInEitherForm() {
        assertEquals(PasswordHasher.Match.NONE, hasher.match(CAFE_NFD.toCharArray(), null));
        assertEquals(PasswordHasher.Match.NONE, hasher.match("decoy password that matches nothing".toCharArray(), null));
    }

    @Test
    void weakerStoredParametersAskForARehash() {
        assertTrue(hasher.needsRehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
        assertFalse(hasher.needsRehash(hasher.hash("a fine password".toCharArray())));
    }

    @Test
    void aHashWaitingForASlotHoldsNoneOfItsMemoryUntilItGetsOne() throws Exception {
        Semaphore slots = new Semaphore(1, true);
        PasswordHasher oneSlot = new PasswordHasher(slots);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        slots.acquire();
        AtomicReference<String> hashed = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> hashed.set(oneSlot.hash("queued login".toCharArray())));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!slots.hasQueuedThreads() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(slots.hasQueuedThreads(), "the hash should wait for the slot the test holds");
        long whileWaiting = threads.getThreadAllocatedBytes(waiting.threadId());

        slots.release();
        waiting.join(10_000);

        assertTrue(whileWaiting < 1 << 20, "allocated " + whileWaiting + " bytes before it had a slot");
        assertTrue(hashed.get().startsWith("$argon2id$"), "the hash ran once the slot was free");
    }

    @Test
    void hashesOneAtATimeKeepOneHasherWhateverTheSlots() {
        PasswordHasher fourSlots = new PasswordHasher(4);

        String first = fourSlots.hash("one at a time".toCharArray());
        fourSlots.verify("one at a time".toCharArray(), first);
        fourSlots.verify("one at a time".toCharArray(), null);

        assertEquals(1, fourSlots.hashersKept(), "each hash took the memory the one before left");
    }

    @Test
    void aHasherGrownForAnOddStoredCostIsNotKept() {
        String larger = "$argon2id$v=19$m=" + 2 * PasswordHasher.MEMORY_KIB + ",t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

        assertFalse(hasher.verify("anything".toCharArray(), larger));

        assertEquals(0, hasher.hashersKept());
    }
}
