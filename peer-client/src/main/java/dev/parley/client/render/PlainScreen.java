package dev.parley.client.render;

import java.io.PrintStream;

/** Plain mode: each notice is printed as it is, no escape codes, flushed at once so scripts see it. */
public final class PlainScreen implements Screen {
    private final PrintStream out;

    public PlainScreen(PrintStream out) {
        this.out = out;
    }

    @Override
    public void show(Notice notice) {
        show(notice, () -> { });
    }

    @Override
    public void show(Notice notice, Runnable justBefore) {
        String text = notice.text();
        synchronized (out) {
            justBefore.run();
            out.println(text);
            out.flush();
        }
    }
}
