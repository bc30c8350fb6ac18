package dev.parley.registry.gateway;

/**
 * What a link has told the registry about itself: whether it said HELLO (and the challenge its
 * answer gave), and the session it is logged in as. Held apart from the transport so that every transport keeps it the same way, and
 * kept in step with {@link OnlineLinks}, where the session's events look for their link.
 */
public final class LinkSession {
    private final Link link;
    private final OnlineLinks online;
    private volatile boolean greeted;
    private volatile String loginChallenge;
    private volatile String id;
    private volatile String username;

    LinkSession(Link link, OnlineLinks online) {
        this.link = link;
        this.online = online;
    }

    public boolean isGreeted() {
        return greeted;
    }

    /**
     * HELLO was answered with a version both sides speak, and gave the link this challenge for a
     * LOGIN's device proof ({@code LoginProof}). Kept for the link's life: a login after a LOGOUT
     * on the same link may prove itself too.
     */
    public void markGreeted(String challenge) {
        loginChallenge = challenge;
        greeted = true;
    }

    /** The challenge HELLO gave this link, or null before HELLO. */
    public String loginChallenge() {
        return loginChallenge;
    }

    /** The id of the session the link is logged in as, or null. */
    public String id() {
        return id;
    }

    /** The username of that session as registered, or null. */
    public String username() {
        return username;
    }

    /** The link logged in: from now on the session's events come to it. */
    public synchronized void attach(String sessionId, String username) {
        this.id = sessionId;
        this.username = username;
        online.attached(sessionId, link);
    }

    /** The link logged out or closed: it no longer holds a session. */
    public synchronized void detach() {
        String was = id;
        id = null;
        username = null;
        if (was != null) {
            online.detached(was);
        }
    }

    /** Detaches only if the link still holds this session (a newer login on the link is kept). */
    synchronized boolean detachIf(String expectedSessionId) {
        if (!expectedSessionId.equals(id)) {
            return false;
        }
        detach();
        return true;
    }
}
