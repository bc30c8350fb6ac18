package dev.parley.client.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key file format fed raw bytes: each kind of damage gets its own reason, never a crash or a huge allocation. */
class KeyFileTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    /** The smallest cost a file may name, so these tests spend little time deriving. */
    private static final KeyFile.Cost CHEAP = new KeyFile.Cost(KeyFile.Cost.MIN_MEMORY_KIB, 1, 1);
    private static Identity alice;
    private static byte[] file;

    @BeforeAll
    static void writeOne() throws Exception {
        alice = Identity.create("alice");
        file = KeyFile.write(alice, PASSWORD, CHEAP, new SecureRandom());
    }

    private static String damage(byte[] bytes) {
        return assertThrows(KeyFile.DamagedException.class, () -> KeyFile.read(bytes, "alice", PASSWORD)).getMessage();
    }

    @Test
    void whatIsWrittenReadsBackWithTheSamePassword() throws Exception {
        Identity read = KeyFile.read(file, "alice", PASSWORD);
        assertEquals(alice.publicKeyText(), read.publicKeyText());
        assertEquals(alice.certificate(), read.certificate());
        assertEquals(alice.privateKey(), read.privateKey());
    }

    @Test
    void anotherPasswordDoesNotOpenIt() {
        assertThrows(KeyFile.WrongPasswordException.class, () -> KeyFile.read(file, "alice", "wrong".toCharArray()));
    }

    @Test
    void thePasswordOpensItInAnyUnicodeFormAsItLogsIn() throws Exception {
        char[] composed = "caf\u00e9 au lait".toCharArray(); // é as one character
        char[] decomposed = "cafe\u0301 au lait".toCharArray(); // e and a combining accent, as some keyboards type it
        byte[] written = KeyFile.write(alice, composed, CHEAP, new SecureRandom());
        assertEquals(alice.publicKeyText(), KeyFile.read(written, "alice", decomposed).publicKeyText());
    }

    @Test
    void aChangedByteInTheSealedPartOrItsHeaderIsCaught() {
        byte[] sealed = file.clone();
        sealed[sealed.length - 20] ^= 1;
        assertThrows(KeyFile.WrongPasswordException.class, () -> KeyFile.read(sealed, "alice", PASSWORD));
        byte[] salt = file.clone();
        salt[25] ^= 1; // the salt is part of the associated data as well as of the derivation
        assertThrows(KeyFile.WrongPasswordException.class, () -> KeyFile.read(salt, "alice", PASSWORD));
    }

    @Test
    void anythingButTheMagicIsNotAKeyFile() {
        byte[] other = file.clone();
        other[0] = 'X';
        assertEquals("it is not a parley key file", damage(other));
    }

    @Test
    void aNewerFormatAsksForANewerParley() {
        byte[] newer = file.clone();
        newer[8] = 2;
        assertEquals("it is in format 2, which a newer parley wrote; update parley", damage(newer));
        byte[] kdf = file.clone();
        kdf[9] = 7;
        assertEquals("it names key derivation 7, which this parley does not know", damage(kdf));
    }

    @Test
    void aCostOutOfRangeIsRefusedBeforeAnyMemoryIsTaken() {
        byte[] greedy = file.clone();
        ByteBuffer.wrap(greedy).putInt(10, Integer.MAX_VALUE);
        assertEquals("its key derivation settings are out of range (2147483647 KiB, 1 passes, 1 lanes)", damage(greedy));
        byte[] endless = file.clone();
        ByteBuffer.wrap(endless).putInt(14, 1_000_000);
        assertEquals("its key derivation settings are out of range (8192 KiB, 1000000 passes, 1 lanes)", damage(endless));
    }

    @Test
    void aLengthThatDoesNotMatchTheFileIsDamage() {
        byte[] longer = java.util.Arrays.copyOf(file, file.length + 3);
        assertEquals("it has 3 bytes too many at its end", damage(longer));
        byte[] negative = file.clone();
        ByteBuffer.wrap(negative).putInt(47, -1);
        assertEquals("it is cut short", damage(negative));
        byte[] huge = new byte[KeyFile.MAX_FILE_BYTES + 1];
        System.arraycopy(file, 0, huge, 0, file.length);
        assertEquals("it is " + huge.length + " bytes, more than a key file can be", damage(huge));
    }
}
