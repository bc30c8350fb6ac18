package dev.parley.registry.mail;

import jakarta.ejb.ApplicationException;

/**
 * The same message was stored by another deposit between this one's check and its insert (the
 * unique constraint decided). Rolls the deposit back; the caller then answers as for a duplicate.
 */
@ApplicationException(rollback = true)
public class MailRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MailRace() {
        super("the same message was deposited at the same time", null, false, false);
    }
}
