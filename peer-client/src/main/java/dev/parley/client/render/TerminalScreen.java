package dev.parley.client.render;

import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The interactive shell's screen: notices are printed above the prompt, coloured by the palette;
 * chat lines get their markup rendered (bold, italic, code, links).
 */
public final class TerminalScreen implements Screen {
    private final LineReader reader;
    private final Palette palette;
    private final ChatText chatText;

    public TerminalScreen(LineReader reader, Palette palette, boolean hyperlinks) {
        this.reader = reader;
        this.palette = palette;
        this.chatText = new ChatText(palette, hyperlinks);
    }

    @Override
    public void show(Notice notice) {
        // printAbove is the one LineReader call that is safe from any thread, reading or not.
        reader.printAbove(render(notice));
    }

    private AttributedString render(Notice notice) {
        Notice.ChatParts chat = notice.chat();
        if (chat == null) {
            return palette.render(notice);
        }
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append(chatText.line(chat.time(), chat.sender(), chat.body()));
        b.styled(palette.coloured() ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT, chat.suffix());
        return b.toAttributedString();
    }
}
