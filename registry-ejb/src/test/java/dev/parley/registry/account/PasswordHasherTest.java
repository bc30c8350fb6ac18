package dev.parley.registry.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void weakerStoredParametersAskForARehash() {
        assertTrue(hasher.needsRehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
        assertFalse(hasher.needsRehash(hasher.hash("a fine password".toCharArray())));
    }
}
