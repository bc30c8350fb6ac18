package dev.parley.client.render;

/** What a line on the screen is about; the terminal gives each kind its colour. */
public enum NoticeKind {
    /** An answer or status from the client or the registry. */
    INFO,
    /** Something the user asked for was done. */
    SUCCESS,
    /** Who is online, or where. */
    PRESENCE,
    /** Not an error, but the user should notice: the registry link dropped, a certificate was pinned. */
    WARNING,
    /** Something failed. */
    ERROR,
    /** Command help. */
    HELP,
    /** A chat message line: time, sender, then the body, which the terminal renders with its markup. */
    CHAT,
    /** A receipt: a message was sent or delivered. */
    RECEIPT
}
