package dev.parley.protocol;

import java.util.Locale;

/** Usernames and room names are unique regardless of case: {@code Alice} and {@code alice} are one user. */
public final class Names {
    private Names() {
    }

    /** The form a username or room name is compared, stored and looked up in. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
