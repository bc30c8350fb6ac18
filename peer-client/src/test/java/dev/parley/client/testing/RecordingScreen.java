package dev.parley.client.testing;

import dev.parley.client.render.Notice;
import dev.parley.client.render.Screen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A screen that keeps every line shown, and lets a test wait for one or step in when one appears. */
public final class RecordingScreen implements Screen {
    private final List<String> lines = new ArrayList<>();
    private final List<Step> steps = new CopyOnWriteArrayList<>();

    /** What a test does the moment a line appears. */
    private record Step(String text, Runnable action) {
    }

    @Override
    public void show(Notice notice) {
        synchronized (this) {
            lines.add(notice.text());
            notifyAll();
        }
        for (Step s : steps) {
            if (notice.text().contains(s.text()) && steps.remove(s)) {
                s.action().run(); // outside the lock: the action's own lines are shown as usual
            }
        }
    }

    /**
     * Runs {@code action} once, on the thread that shows it, right after the first line containing
     * {@code text}: the user typing a command just as the line appears, between two steps of the
     * client that a test could not otherwise get in between.
     */
    public void whenShown(String text, Runnable action) {
        steps.add(new Step(text, action));
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits up to 10 s for a line containing {@code text}, and returns it. */
    public String await(String text) {
        return await(line -> line.contains(text), "a line containing '" + text + "'");
    }

    public synchronized String await(Predicate<String> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (wanted.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within 10 s; the screen showed:\n  "
                        + String.join("\n  ", lines));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** Everything shown so far, one line after another. */
    public synchronized String text() {
        return String.join("\n", lines);
    }

    /** How many lines contain {@code text}. */
    public synchronized long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }
}
