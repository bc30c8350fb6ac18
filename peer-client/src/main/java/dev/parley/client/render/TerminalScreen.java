package dev.parley.client.render;

import org.jline.reader.LineReader;

/** The interactive shell's screen: notices are printed above the prompt, coloured by the palette. */
public final class TerminalScreen implements Screen {
    private final LineReader reader;
    private final Palette palette;

    public TerminalScreen(LineReader reader, Palette palette) {
        this.reader = reader;
        this.palette = palette;
    }

    @Override
    public void show(Notice notice) {
        // printAbove is the one LineReader call that is safe from any thread, reading or not.
        reader.printAbove(palette.render(notice));
    }
}
