package dev.parley.registry.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import org.junit.jupiter.api.Test;

class MailQuotaTest {
    private static final long MIB = 1024 * 1024;
    private final MailQuota quota = new MailQuota(1000, 10 * MIB);

    @Test
    void aMailboxTakesMessagesUpToBothLimits() {
        assertTrue(quota.refusal("bob", 0, 0, 32768).isEmpty());
        assertTrue(quota.refusal("bob", 999, 10 * MIB - 100, 100).isEmpty());
    }

    @Test
    void aFullMailboxIsRefusedWithTheLimitItReached() {
        RequestRefused count = quota.refusal("bob", 1000, 0, 1).orElseThrow();
        assertEquals(Status.CONFLICT, count.status());
        assertEquals("mailbox-full", count.reason());
        assertEquals("bob's mailbox is full (1000 messages); it takes more once bob has fetched some", count.getMessage());

        RequestRefused bytes = quota.refusal("bob", 10, 10 * MIB - 100, 101).orElseThrow();
        assertEquals("mailbox-full", bytes.reason());
        assertEquals("bob's mailbox is full (10 MiB); it takes more once bob has fetched some", bytes.getMessage());
    }
}
