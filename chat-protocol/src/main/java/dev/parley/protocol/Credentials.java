package dev.parley.protocol;

import java.nio.CharBuffer;
import java.text.Normalizer;
import java.util.Optional;

/** The rules for usernames and passwords, with a reason a person can act on when one is broken. */
public final class Credentials {

    private Credentials() {
    }

    /** Why this username is not acceptable, or empty if it is. */
    public static Optional<String> usernameProblem(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.of("a username is required");
        }
        if (username.length() < Limits.USERNAME_MIN || username.length() > Limits.USERNAME_MAX) {
            return Optional.of("a username has " + Limits.USERNAME_MIN + " to " + Limits.USERNAME_MAX + " characters");
        }
        if (!isUsernameShape(username)) {
            return Optional.of("a username uses only letters, digits, '.', '_' and '-', and starts with a letter or digit");
        }
        return Optional.empty();
    }

    /**
     * ASCII letters, digits, '.', '_' and '-', a letter or digit first. Without a regular
     * expression: every chat message's sender is checked.
     */
    private static boolean isUsernameShape(String username) {
        if (!Limits.isAsciiLetterOrDigit(username.charAt(0))) {
            return false;
        }
        for (int i = 1; i < username.length(); i++) {
            char c = username.charAt(i);
            if (!Limits.isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Why this password is not acceptable, or empty if it is. Length is counted in characters, not bytes. */
    public static Optional<String> passwordProblem(String password) {
        if (password == null) {
            return Optional.of("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < Limits.PASSWORD_MIN || length > Limits.PASSWORD_MAX) {
            return Optional.of("a password has " + Limits.PASSWORD_MIN + " to " + Limits.PASSWORD_MAX + " characters");
        }
        return Optional.empty();
    }

    /**
     * The password in Unicode NFKC (NIST SP 800-63B, 5.1.1.2): compatibility characters folded,
     * accents composed, so "é" typed as one character or as "e" and a combining accent is the same
     * password. Whatever derives a key from a password (the registry's hash, the client's key
     * file) derives it from this form.
     */
    public static char[] normalizedPassword(char[] password) {
        CharBuffer text = CharBuffer.wrap(password);
        return Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? password
                : Normalizer.normalize(text, Normalizer.Form.NFKC).toCharArray();
    }
}
