package dev.parley.client.render;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours for the interactive shell: one per notice kind, and one per nick chosen from its name
 * so the same person always has the same colour. Without colour (NO_COLOR) everything is default.
 */
public final class Palette {
    /** Distinct on dark and light backgrounds; red is left out so a nick never looks like an error. */
    private static final int[] NICK_COLOURS = {
        AttributedStyle.GREEN, AttributedStyle.YELLOW, AttributedStyle.BLUE, AttributedStyle.MAGENTA,
        AttributedStyle.CYAN, AttributedStyle.GREEN | AttributedStyle.BRIGHT,
        AttributedStyle.BLUE | AttributedStyle.BRIGHT, AttributedStyle.MAGENTA | AttributedStyle.BRIGHT,
    };
    private static final Map<NoticeKind, AttributedStyle> KIND_STYLES = Map.of(
            NoticeKind.INFO, AttributedStyle.DEFAULT,
            NoticeKind.SUCCESS, AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN),
            NoticeKind.PRESENCE, AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN),
            NoticeKind.WARNING, AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW),
            NoticeKind.ERROR, AttributedStyle.BOLD.foreground(AttributedStyle.RED),
            NoticeKind.HELP, AttributedStyle.DEFAULT,
            NoticeKind.CHAT, AttributedStyle.DEFAULT,
            NoticeKind.RECEIPT, AttributedStyle.DEFAULT.faint());

    private final boolean colour;

    private Palette(boolean colour) {
        this.colour = colour;
    }

    /** Colour unless {@code NO_COLOR} is set to anything non-empty (see no-color.org). */
    public static Palette forEnvironment(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return new Palette(noColor == null || noColor.isEmpty());
    }

    public static Palette colourless() {
        return new Palette(false);
    }

    public boolean coloured() {
        return colour;
    }

    /** The colour index of a nick: stable across runs and machines (String.hashCode is specified). */
    public static int nickColour(String nick) {
        return NICK_COLOURS[Math.floorMod(nick.toLowerCase(java.util.Locale.ROOT).hashCode(), NICK_COLOURS.length)];
    }

    public AttributedString render(Notice notice) {
        if (!colour) {
            return new AttributedString(notice.text());
        }
        AttributedStyle base = KIND_STYLES.get(notice.kind());
        AttributedStringBuilder b = new AttributedStringBuilder();
        String text = notice.text();
        Matcher m = nickPattern(notice.nicks()).matcher(text);
        int at = 0;
        while (notice.kind() != NoticeKind.ERROR && !notice.nicks().isEmpty() && m.find()) {
            b.styled(base, text.substring(at, m.start()));
            b.styled(AttributedStyle.BOLD.foreground(nickColour(m.group())), m.group());
            at = m.end();
        }
        b.styled(base, text.substring(at));
        return b.toAttributedString();
    }

    /** A styled prompt: the nick in its colour, then {@code @registry} and the link's trouble, if any. */
    public AttributedString prompt(String nick, String registry, String trouble) {
        return prompt(nick, registry, trouble, null, List.of());
    }

    /**
     * The prompt with the status of the conversations: {@code alice@host [bob] (carol(2))> } — the
     * current buffer in brackets, then the others with unread messages. {@code trouble} (null when
     * the link is fine) says what is wrong with the registry link, as {@link Replies#RECONNECTING}.
     */
    public AttributedString prompt(String nick, String registry, String trouble, String buffer,
            List<String> unread) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        if (nick != null) {
            b.styled(colour ? AttributedStyle.BOLD.foreground(nickColour(nick)) : AttributedStyle.DEFAULT, nick);
            b.append('@');
        }
        b.append(registry);
        if (trouble != null) {
            b.styled(colour ? AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT,
                    " " + trouble);
        }
        if (buffer != null) {
            b.append(" [");
            b.styled(colour ? AttributedStyle.BOLD.foreground(nickColour(buffer)) : AttributedStyle.DEFAULT, buffer);
            b.append(']');
        }
        if (!unread.isEmpty()) {
            b.append(" (");
            b.styled(colour ? AttributedStyle.BOLD : AttributedStyle.DEFAULT, String.join(" ", unread));
            b.append(')');
        }
        b.append("> ");
        return b.toAttributedString();
    }

    private static Pattern nickPattern(List<String> nicks) {
        if (nicks.isEmpty()) {
            return Pattern.compile("(?!)");
        }
        StringBuilder alternatives = new StringBuilder();
        for (String nick : nicks) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(nick));
        }
        // Whole names only: "al" must not colour part of "alice".
        return Pattern.compile("(?<![A-Za-z0-9._-])(?:" + alternatives + ")(?![A-Za-z0-9._-])");
    }
}
