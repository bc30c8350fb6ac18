package dev.parley.client.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The text of chat messages, made safe for the screen and, in the terminal, rendered with a small
 * markup.
 *
 * <h2>Safety</h2>
 * Everything a peer sends goes through {@link #sanitize(String)} before it is shown, styled or not:
 * no control character, and so no escape sequence, from a message ever reaches the terminal, and
 * nothing that reorders or hides text. Every {@link Notice} is passed through it as well, so names,
 * room names, topics and messages quoted in other notices are covered however they got there.
 *
 * <h2>Markup</h2>
 * With colour, {@link #body(String)} renders
 * <ul>
 *   <li>{@code **bold**}, {@code *italic*}, {@code _italic_} and {@code ***bold italic***}. An opening
 *       marker must be followed by a non-space and not preceded by a letter or digit; a closing marker
 *       must be preceded by a non-space and not followed by a letter or digit. So {@code 2*3*4},
 *       {@code snake_case_name} and {@code 5 * 3 * 2} stay as written. A marker without its closer
 *       stays literal; {@code __}, and runs of four or more, are never markers.</li>
 *   <li>{@code `code`} (or {@code ``code``} to hold a backtick, as in CommonMark): shown inverse, and
 *       nothing inside is markup or a link.</li>
 *   <li>{@code http://}, {@code https://} and {@code www.} addresses: underlined, and with hyperlinks
 *       on also an OSC 8 hyperlink the terminal lets the user open. Trailing punctuation and an
 *       unbalanced closing bracket are not part of the address (as in GitHub's autolinks).</li>
 * </ul>
 * Markers are removed where they take effect. Without colour ({@code NO_COLOR}) the body is the
 * sanitised text exactly, markers and all, with no style and no escape code: what plain mode prints.
 *
 * <h2>Hyperlinks</h2>
 * JLine 3.30.6 has no hyperlink attribute, but it has the one for zero-width raw sequences that its
 * own prompts use ({@code %{...%}}): characters in the {@linkplain AttributedStyle#HIDDEN hidden}
 * style are written out unchanged by {@code toAnsi} and take no column. A link is written as a hidden
 * {@code ESC ] 8 ; ; URL ESC \}, the underlined text, and a hidden {@code ESC ] 8 ; ; ESC \}. The URL
 * in the sequence is printable ASCII only (anything else is percent-encoded), so it cannot end the
 * sequence early. Because a dumb terminal gets {@code toString()} rather than {@code toAnsi()}, and
 * {@code toString()} holds those sequences, use {@link #hyperlinksSupported} to decide.
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

    private static final String OSC_8 = "\u001b]8;;";
    private static final String ST = "\u001b\\";
    private static final AttributedStyle HIDDEN = AttributedStyle.HIDDEN;

    private final Palette palette;
    private final boolean hyperlinks;

    /**
     * @param hyperlinks whether links become OSC 8 hyperlinks; ignored without colour, which never
     *                   writes an escape code (see {@link #hyperlinksSupported})
     */
    public ChatText(Palette palette, boolean hyperlinks) {
        this.palette = Objects.requireNonNull(palette, "palette");
        this.hyperlinks = hyperlinks && palette.coloured();
    }

    /**
     * The text with every character a peer could use to control the terminal replaced: C0 controls
     * (ESC, BEL, backspace, ...), DEL and C1 controls (U+0080–U+009F, 8-bit CSI among them) become
     * {@link #REPLACEMENT}; so do the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
     * U+2066–U+2069), which reorder how the rest of the line is displayed ("Trojan Source"), the
     * other invisible characters (see {@link #isInvisible}), and unpaired surrogates. A tab becomes a
     * space, a line break {@link #LINE_BREAK}. Everything else, emoji and other surrogate pairs
     * included, is kept as it is.
     */
    public static String sanitize(String text) {
        int n = text.length();
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) { // printable ASCII, most of most text: kept, without the checks below
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
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
                if (isInvisible(Character.toCodePoint(c, text.charAt(i + 1)))) {
                    if (b == null) {
                        b = new StringBuilder(n).append(text, 0, i);
                    }
                    b.append(REPLACEMENT);
                    i++;
                    continue;
                }
                if (b != null) {
                    b.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            } else if (Character.isSurrogate(c) || isInvisible(c)) {
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

    /**
     * Whether the terminal should be sent OSC 8 hyperlinks. Not without colour ({@code NO_COLOR}),
     * which promises no escape codes; not on a dumb terminal, which JLine hands the raw sequences as
     * text; not on the Linux console, which can print unknown OSC sequences; and not when neither
     * JLine nor {@code TERM} names the terminal. Otherwise yes: terminals without hyperlinks ignore
     * OSC 8, and the text stays readable. Plain mode does not render markup at all.
     *
     * @param env          the environment, for {@code NO_COLOR} and {@code TERM}
     * @param terminalType what JLine detected ({@code Terminal.getType()}), or null if unknown
     */
    public static boolean hyperlinksSupported(Map<String, String> env, String terminalType) {
        if (!Palette.forEnvironment(env).coloured()) {
            return false;
        }
        String term = env.get("TERM");
        boolean known = false;
        for (String type : new String[] {terminalType, term}) {
            if (type == null || type.isBlank()) {
                continue;
            }
            String t = type.strip().toLowerCase(Locale.ROOT);
            if (t.startsWith("dumb") || t.equals("linux")) {
                return false;
            }
            known = true;
        }
        return known;
    }

    /** The body, sanitised and rendered with its markup (see the class comment); unstyled without colour. */
    public AttributedString body(String body) {
        String text = sanitize(body);
        if (!palette.coloured()) {
            return new AttributedString(text);
        }
        AttributedStringBuilder b = new AttributedStringBuilder();
        new Markup(text).render(b, hyperlinks);
        return b.toAttributedString();
    }

    /**
     * A whole chat line, {@code 14:02 bob: hello}, as {@link #plainLine} writes it, with the sender in
     * their nick colour and the body rendered by {@link #body}. {@code time} may be empty.
     */
    public AttributedString line(String time, String sender, String body) {
        if (!palette.coloured()) {
            return new AttributedString(plainLine(time, sender, body));
        }
        String nick = sanitize(sender);
        AttributedStringBuilder b = new AttributedStringBuilder();
        if (!time.isEmpty()) {
            b.append(sanitize(time)).append(' ');
        }
        b.styled(AttributedStyle.BOLD.foreground(Palette.nickColour(nick)), nick);
        b.append(": ");
        b.append(body(body));
        return b.toAttributedString();
    }

    /**
     * The address a link opens, as it goes inside the OSC 8 sequence: {@code www.} gains
     * {@code https://}, the scheme is lower-cased, and every byte that is not printable ASCII allowed
     * in a URL (RFC 3986) is percent-encoded, so no control character, space or backslash can reach
     * the escape sequence whatever the input.
     */
    static String linkTarget(String url) {
        String full = url.regionMatches(true, 0, "www.", 0, 4) ? "https://" + url : url;
        int colon = full.indexOf(':');
        if (colon > 0) {
            full = full.substring(0, colon).toLowerCase(Locale.ROOT) + full.substring(colon);
        }
        StringBuilder target = new StringBuilder(full.length());
        for (byte raw : full.getBytes(StandardCharsets.UTF_8)) {
            int v = raw & 0xff;
            if (v < 0x80 && isUrlAscii((char) v)) {
                target.append((char) v);
            } else {
                target.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 0xf, 16)));
            }
        }
        return target.toString();
    }

    /**
     * {@link #sanitize} applied to each line of a text of several lines: the line breaks between
     * them stay, everything else is as for one line. For whole notices, which may list several
     * things one per line and may quote what a peer or the registry sent anywhere in them.
     */
    public static String sanitizeLines(String text) {
        if (text.indexOf('\n') < 0) {
            return sanitize(text);
        }
        StringBuilder b = new StringBuilder(text.length());
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            b.append(sanitize(text.substring(start, end))).append('\n');
        }
        return b.append(sanitize(text.substring(start))).toString();
    }

    /**
     * Characters that take no room on the screen and so could hide or disguise text: the format
     * characters (Unicode category Cf: zero-width space, word joiner, byte order mark, soft hyphen,
     * invisible operators, tag characters that can smuggle a hidden text, ...) and the Hangul fillers
     * that look like blanks. Kept are the zero-width joiner and non-joiner, which shape emoji
     * sequences and Persian and Indic words, and the prepended concatenation marks of Arabic and
     * other scripts, which are drawn.
     */
    static boolean isInvisible(int c) {
        if (c == '\u200c' || c == '\u200d' || (c >= 0x0600 && c <= 0x0605) || c == 0x06dd || c == 0x070f
                || c == 0x0890 || c == 0x0891 || c == 0x08e2 || c == 0x110bd || c == 0x110cd) {
            return false;
        }
        return Character.getType(c) == Character.FORMAT
                || c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0;
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Unreserved, reserved and {@code %}: the ASCII characters a URL may hold as they are. */
    private static boolean isUrlAscii(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
    }

    /**
     * One pass over the sanitised text, no regular expressions, so the time is close to linear
     * whatever a peer sends: first the atoms (code spans and links, left to right), then the emphasis
     * marker runs outside them, then a walk that pairs each opener with the next closer of its kind.
     */
    private static final class Markup {
        private static final int BOLD = 1;
        private static final int ITALIC = 2;
        private static final int CODE = 4;
        private static final int LINK = 8;

        private final String s;
        /** For an atom starting at i: its end (exclusive); 0 elsewhere. */
        private final int[] atomEnd;
        private final Map<Integer, Atom> atoms = new HashMap<>();
        /** For a marker run starting at i: its index in runs plus one; 0 elsewhere. */
        private final int[] runAt;
        private final List<Run> runs = new ArrayList<>();
        /** Per kind (marker character and run length), the indexes in runs of those that can close, ascending. */
        private final Map<Integer, int[]> closers = new HashMap<>();

        private record Atom(int contentStart, int contentEnd, int flag, String target) {
        }

        private record Run(int start, int length, char marker, boolean canOpen, boolean canClose) {
            int end() {
                return start + length;
            }

            /** Only a run of the same character and length closes an opener. */
            int kind() {
                return marker << 8 | length;
            }
        }

        Markup(String s) {
            this.s = s;
            this.atomEnd = new int[s.length()];
            this.runAt = new int[s.length()];
            findAtoms();
            findRuns();
        }

        void render(AttributedStringBuilder b, boolean hyperlinks) {
            render(b, hyperlinks, 0, s.length(), 0);
        }

        private void render(AttributedStringBuilder b, boolean hyperlinks, int from, int to, int flags) {
            int literal = from;
            int i = from;
            while (i < to) {
                if (atomEnd[i] > 0) {
                    emit(b, s.substring(literal, i), flags);
                    Atom atom = atoms.get(i);
                    String text = s.substring(atom.contentStart(), atom.contentEnd());
                    if (atom.flag() == LINK && hyperlinks) {
                        b.styled(HIDDEN, OSC_8 + atom.target() + ST);
                        emit(b, text, flags | LINK);
                        b.styled(HIDDEN, OSC_8 + ST);
                    } else {
                        emit(b, text, flags | atom.flag());
                    }
                    i = literal = atomEnd[i];
                } else if (runAt[i] > 0) {
                    int index = runAt[i] - 1;
                    Run run = runs.get(index);
                    Run closer = run.canOpen() ? closerFor(index, to) : null;
                    if (closer != null) {
                        emit(b, s.substring(literal, i), flags);
                        render(b, hyperlinks, run.end(), closer.start(), flags | style(run));
                        i = literal = closer.end();
                    } else {
                        i = run.end();
                    }
                } else {
                    i++;
                }
            }
            emit(b, s.substring(literal, to), flags);
        }

        /** The first run after the opener that closes its kind, if it ends by {@code to}. */
        private Run closerFor(int opener, int to) {
            int[] candidates = closers.get(runs.get(opener).kind());
            if (candidates == null) {
                return null;
            }
            int at = Arrays.binarySearch(candidates, opener + 1);
            at = at >= 0 ? at : -at - 1;
            if (at == candidates.length) {
                return null;
            }
            Run closer = runs.get(candidates[at]);
            return closer.end() <= to ? closer : null;
        }

        private static int style(Run run) {
            if (run.marker() == '_') {
                return ITALIC;
            }
            return switch (run.length()) {
                case 1 -> ITALIC;
                case 2 -> BOLD;
                default -> BOLD | ITALIC;
            };
        }

        private static void emit(AttributedStringBuilder b, String text, int flags) {
            if (text.isEmpty()) {
                return;
            }
            AttributedStyle style = AttributedStyle.DEFAULT;
            if ((flags & BOLD) != 0) {
                style = style.bold();
            }
            if ((flags & ITALIC) != 0) {
                style = style.italic();
            }
            if ((flags & CODE) != 0) {
                style = style.inverse();
            }
            if ((flags & LINK) != 0) {
                style = style.underline();
            }
            b.styled(style, text);
        }

        private void findAtoms() {
            int n = s.length();
            // Backtick run lengths known to have no closing run after some point: none after any later point either.
            Set<Integer> unclosed = new HashSet<>();
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '`') {
                    int length = runLength(i, '`');
                    int close = unclosed.contains(length) ? -1 : closingBackticks(i + length, length);
                    if (close < 0) {
                        unclosed.add(length);
                        i += length;
                        continue;
                    }
                    int contentStart = i + length;
                    int contentEnd = close;
                    // As in CommonMark: one space each side is padding, so ``  `x`  `` can show a backtick.
                    if (contentEnd - contentStart >= 2 && s.charAt(contentStart) == ' '
                            && s.charAt(contentEnd - 1) == ' ' && !s.substring(contentStart, contentEnd).isBlank()) {
                        contentStart++;
                        contentEnd--;
                    }
                    atoms.put(i, new Atom(contentStart, contentEnd, CODE, null));
                    atomEnd[i] = close + length;
                    i = close + length;
                } else if (isWordBoundary(i)) {
                    int end = linkEnd(i);
                    if (end > i) {
                        atoms.put(i, new Atom(i, end, LINK, linkTarget(s.substring(i, end))));
                        atomEnd[i] = end;
                        i = end;
                    } else {
                        i++;
                    }
                } else {
                    i++;
                }
            }
        }

        /** Where the next run of exactly {@code length} backticks starts, or -1. */
        private int closingBackticks(int from, int length) {
            int i = s.indexOf('`', from);
            while (i >= 0) {
                int run = runLength(i, '`');
                if (run == length) {
                    return i;
                }
                i = s.indexOf('`', i + run);
            }
            return -1;
        }

        private int runLength(int at, char c) {
            int end = at;
            while (end < s.length() && s.charAt(end) == c) {
                end++;
            }
            return end - at;
        }

        private boolean isWordBoundary(int i) {
            return i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
        }

        /** The end of a link starting at i, or i if there is none. */
        private int linkEnd(int i) {
            int hostStart;
            if (s.regionMatches(true, i, "https://", 0, 8)) {
                hostStart = i + 8;
            } else if (s.regionMatches(true, i, "http://", 0, 7)) {
                hostStart = i + 7;
            } else if (s.regionMatches(true, i, "www.", 0, 4)) {
                hostStart = i + 4;
            } else {
                return i;
            }
            int end = hostStart;
            while (end < s.length()) {
                int cp = s.codePointAt(end);
                if (cp < 0x80 ? !isUrlAscii((char) cp) : !Character.isLetterOrDigit(cp)) {
                    break;
                }
                end += Character.charCount(cp);
            }
            end = trimTrailing(hostStart, end);
            if (end == hostStart || !Character.isLetterOrDigit(s.codePointAt(hostStart))) {
                return i;
            }
            return end;
        }

        /** Leaves out trailing punctuation and closing brackets that have no opening one in the link. */
        private int trimTrailing(int start, int end) {
            int parens = 0;
            int brackets = 0;
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                parens += c == '(' ? 1 : c == ')' ? -1 : 0;
                brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            }
            while (end > start) {
                char last = s.charAt(end - 1);
                if (last == ')' && parens < 0) {
                    parens++;
                } else if (last == ']' && brackets < 0) {
                    brackets++;
                } else if (".,:;!?*_~'".indexOf(last) < 0) {
                    break;
                }
                end--;
            }
            return end;
        }

        private void findRuns() {
            int n = s.length();
            Map<Integer, List<Integer>> closing = new HashMap<>();
            int i = 0;
            while (i < n) {
                if (atomEnd[i] > 0) {
                    i = atomEnd[i];
                    continue;
                }
                char c = s.charAt(i);
                if (c != '*' && c != '_') {
                    i++;
                    continue;
                }
                int length = runLength(i, c);
                boolean marker = c == '*' ? length <= 3 : length == 1;
                if (marker) {
                    int before = i == 0 ? -1 : s.codePointBefore(i);
                    int after = i + length < n ? s.codePointAt(i + length) : -1;
                    boolean canOpen = after >= 0 && !isSpace(after) && !(before >= 0 && Character.isLetterOrDigit(before));
                    boolean canClose = before >= 0 && !isSpace(before) && !(after >= 0 && Character.isLetterOrDigit(after));
                    if (canOpen || canClose) {
                        Run run = new Run(i, length, c, canOpen, canClose);
                        runs.add(run);
                        runAt[i] = runs.size();
                        if (canClose) {
                            closing.computeIfAbsent(run.kind(), k -> new ArrayList<>()).add(runs.size() - 1);
                        }
                    }
                }
                i += length;
            }
            closing.forEach((kind, list) -> closers.put(kind, list.stream().mapToInt(Integer::intValue).toArray()));
        }

        private static boolean isSpace(int cp) {
            return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
        }
    }
}
