package dev.parley.registry.mail;

import java.util.Locale;

/** How a message left its recipient's mailbox. */
public enum ReceiptOutcome {
    /** The recipient's client stored it and acknowledged it. */
    DELIVERED,
    /** Nobody fetched it before it expired; the registry deleted it. */
    EXPIRED;

    /** The word stored in the database (the protocol has its own enum, in lower case too). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReceiptOutcome ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
