package dev.parley.client.render;

/**
 * The text of chat messages, made safe for the screen.
 *
 * <h2>Safety</h2>
 * Everything a peer sends goes through {@link #sanitize(String)} before it is shown, styled or not:
 * no control character, and so no escape sequence, from a message ever reaches the terminal.
 */
public final class ChatText {
    /**
     * Shown for a line break: a message is one line on the screen, and the reader should still see
     * where the sender broke it. LF, CR, CRLF, NEL, U+2028 and U+2029 each count as one break.
     */
    public static final char LINE_BREAK = '\u23CE';
    /**
     * Shown for a character that could control the terminal or reorder the text: visible, so the
     * reader knows something was there, and unlike {@code ?} never mistaken for what the sender typed.
     */
    public static final char REPLACEMENT = '\uFFFD';

    private ChatText() {
    }

    /**
     * The text with every character a peer could use to control the terminal replaced: C0 controls
     * (ESC, BEL, backspace, ...), DEL and C1 controls (U+0080–U+009F, 8-bit CSI among them) become
     * {@link #REPLACEMENT}; so do the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
     * U+2066–U+2069), which reorder how the rest of the line is displayed ("Trojan Source"), and
     * unpaired surrogates. A tab becomes a space, a line break {@link #LINE_BREAK}. Everything else,
     * emoji and other surrogate pairs included, is kept as it is.
     */
    public static String sanitize(String text) {
        int n = text.length();
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char replacement;
            int skip = 0;
            if (c == '\t') {
                replacement = ' ';
            } else if (c == '\r') {
                replacement = LINE_BREAK;
                skip = i + 1 < n && text.charAt(i + 1) == '\n' ? 1 : 0;
            } else if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                replacement = LINE_BREAK;
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c)) {
                replacement = REPLACEMENT;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (b != null) {
                    b.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            } else if (Character.isSurrogate(c)) {
                replacement = REPLACEMENT;
            } else {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(n).append(text, 0, i);
            }
            b.append(replacement);
            i += skip;
        }
        return b == null ? text : b.toString();
    }

    /**
     * A chat line as plain mode prints it, {@code 14:02 bob: hello} ({@code bob: hello} when
     * {@code time} is empty): sender and body sanitised, markup left as the sender wrote it.
     */
    public static String plainLine(String time, String sender, String body) {
        return (time.isEmpty() ? "" : sanitize(time) + " ") + sanitize(sender) + ": " + sanitize(body);
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
