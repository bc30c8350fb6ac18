package dev.parley.protocol;

import java.util.Optional;

/**
 * The text a message field may carry: well-formed Unicode without U+0000. JSON's backslash-u escapes
 * can spell what UTF-8 cannot: a lone surrogate (U+D800 without its pair) decodes into a Java string that
 * no UTF-8 encoder, password hash or database accepts, so the codec refuses it with a 400 before any
 * receiver sees it. U+0000 is refused too: PostgreSQL's text columns cannot hold it, and a name or
 * message that ends early at it in some program is not what the sender wrote. Other control and
 * format characters are legal text; showing them safely is the job of whoever displays them.
 */
public final class WireText {
    private WireText() {
    }

    /** Why this text may not be carried (with the character position, never the character), or empty if it may. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Optional.of("holds the character U+0000 at position " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character beyond U+FFFF
            } else if (Character.isSurrogate(c)) {
                return Optional.of("is not valid Unicode: a lone surrogate at position " + i);
            }
        }
        return Optional.empty();
    }
}
