package dev.parley.registry.mail;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;

/** Every way a mail request is refused, with the status and words of PROTOCOL.md ("Mail and relay"). */
public final class MailRefusal {

    private MailRefusal() {
    }

    /** A field of the envelope that cannot be what it claims to be; the message names the field. */
    static RequestRefused badField(String field, String rule) {
        return new RequestRefused(Status.BAD_REQUEST, field + ": " + rule);
    }

    static RequestRefused toSelf() {
        return new RequestRefused(Status.BAD_REQUEST, "you cannot leave mail for yourself");
    }

    static RequestRefused notYours(String from) {
        return new RequestRefused(Status.FORBIDDEN, "you cannot send mail as " + from);
    }

    static RequestRefused noSuchUser(String username) {
        return new RequestRefused(Status.NOT_FOUND, "no user named " + username);
    }

    static RequestRefused mailboxFull(String recipient, String what) {
        return new RequestRefused(Status.CONFLICT, recipient + "'s mailbox is full (" + what
                + "); it takes more once " + recipient + " has fetched some", "mailbox-full");
    }

    /** This link deposits faster than its rate; a second is enough for the next token at any rate allowed. */
    public static RequestRefused tooFast(int perSecond) {
        return new RequestRefused(Status.TOO_MANY_REQUESTS, "slow down: mail deposits are limited to "
                + perSecond + " a second", 1);
    }
}
