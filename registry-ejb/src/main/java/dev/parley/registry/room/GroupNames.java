package dev.parley.registry.room;

import java.security.SecureRandom;

/** Names for invite-only groups: {@code group-} and six random lower-case letters or digits. */
final class GroupNames {
    static final String PREFIX = "group-";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GroupNames() {
    }

    static String next() {
        StringBuilder b = new StringBuilder(PREFIX);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
