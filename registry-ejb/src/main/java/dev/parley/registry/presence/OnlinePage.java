package dev.parley.registry.presence;

import java.util.List;

/** One page of the online list. */
public record OnlinePage(int total, int offset, List<Session> sessions) {
}
