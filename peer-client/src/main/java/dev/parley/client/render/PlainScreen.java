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
        String text = notice.text();
        // The line and its end in one write: println writes them apart, and a line of the
        // program's standard error landing in between (both often go to one pipe) would be
        // joined to it, so a script reading line by line would not see it.
        String line = text + System.lineSeparator();
        synchronized (out) {
            out.print(line);
            out.flush();
        }
    }
}
