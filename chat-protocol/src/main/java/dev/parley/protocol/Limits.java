package dev.parley.protocol;

/** Sizes and bounds both ends enforce; the registry is the authority, the client checks early for a quick answer. */
public final class Limits {
    /**
     * Largest frame payload (the JSON bytes after the 4-byte length): every request to the registry
     * and every frame between peers.
     */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /**
     * Largest frame the registry sends. A full room's answer lists 500 members with their addresses
     * and identity keys, well over 64 KiB; pages of rooms are cut to fit (and say that more follow).
     */
    public static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** Largest UDP datagram either side sends or accepts. */
    public static final int MAX_DATAGRAM_BYTES = 512;
    /** Longest request id a client may choose. */
    public static final int MAX_REQUEST_ID_LENGTH = 64;
    /** Usernames: 3 to 32 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 32;
    /** Passwords: 8 to 128 characters, no composition rules (NIST SP 800-63B). */
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;
    /** Largest page LIST_ONLINE returns. */
    public static final int MAX_PAGE_SIZE = 500;
    /**
     * Most users one session may watch (WATCH). A full list of the longest names is about 35 KB,
     * well inside one request frame, and the answer listing all of them online fits one answer.
     */
    public static final int MAX_WATCHED_USERS = 1000;
    /** Longest chat message body, in characters (UTF-16 units), so any message fits one frame with room to spare. */
    public static final int MAX_MESSAGE_CHARS = 4000;
    /** Longest chat message id. */
    public static final int MESSAGE_ID_MAX = 64;

    /** Most messages or receipts one MAIL_FETCH, MAIL_ACK, RECEIPT_FETCH or RECEIPT_ACK carries. */
    public static final int MAX_MAIL_PAGE = 100;

    /**
     * Whether {@code id} is a chat message id, made by the sender (a UUID in practice): 1 to
     * {@link #MESSAGE_ID_MAX} ASCII letters, digits, '-' or '_'. Checked for every message read or
     * written, so without a regular expression (one was 5 % of a busy link's CPU).
     */
    public static boolean isMessageId(String id) {
        if (id == null || id.isEmpty() || id.length() > MESSAGE_ID_MAX) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private Limits() {
    }
}
