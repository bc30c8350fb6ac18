package dev.parley.client.command;

import java.util.List;

/** Text typed after a command, such as a room's description: the words joined by single spaces. */
final class FreeText {
    private FreeText() {
    }

    static String of(List<String> words) {
        String text = String.join(" ", words);
        // People put quotes around several words out of shell habit; the quotes are not the text.
        if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')
                && text.charAt(text.length() - 1) == text.charAt(0)) {
            return text.substring(1, text.length() - 1).strip();
        }
        return text;
    }
}
