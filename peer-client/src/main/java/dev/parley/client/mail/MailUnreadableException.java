package dev.parley.client.mail;

/** An envelope that cannot be trusted or opened; the message says why, for the user. */
public final class MailUnreadableException extends Exception {
    private static final long serialVersionUID = 1L;

    public MailUnreadableException(String reason) {
        super(reason);
    }
}
