package dev.parley.client;

/**
 * Something the user asked for could not be done, with a reason a person can act on. The message
 * is shown as it is (after "error: "), so it never carries a stack trace or an exception name.
 */
public class ClientException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClientException(String reason) {
        super(reason);
    }

    public ClientException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
