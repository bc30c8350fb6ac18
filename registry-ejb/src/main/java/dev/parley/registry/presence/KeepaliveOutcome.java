package dev.parley.registry.presence;

/** What became of one keepalive datagram; everything but ACCEPTED is dropped and counted. */
public enum KeepaliveOutcome {
    ACCEPTED,
    MALFORMED,
    UNKNOWN_SESSION,
    BAD_MAC,
    REPLAYED
}
