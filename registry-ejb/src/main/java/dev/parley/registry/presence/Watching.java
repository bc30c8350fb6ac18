package dev.parley.registry.presence;

import java.util.List;

/** The answer to WATCH: how many users the session now watches, and the online sessions among them. */
public record Watching(int count, List<Session> online) {
}
