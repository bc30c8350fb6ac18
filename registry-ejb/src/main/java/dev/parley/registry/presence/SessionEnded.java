package dev.parley.registry.presence;

/**
 * CDI event: a session is over: its client logged out, its keepalives stopped, its link closed and
 * nobody resumed it in time, or a new LOGIN replaced it. {@code resumed} is true when that LOGIN
 * presented the session's resume token: the same client carries on in a new session, so what the
 * user had (their rooms) stays. A link still attached to the ended session is closed with
 * {@code reason}; {@code keepalivesStopped} says it expired for want of keepalives while that link
 * was open, which its client explains to the user (blocked UDP is the usual cause).
 */
public record SessionEnded(String sessionId, String username, String reason, boolean resumed,
        boolean keepalivesStopped) {
}
