package dev.parley.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for rooms (name, description, capacity, password), with a reason a person can act on. */
public final class RoomRules {
    /** Room names: 2 to 32 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit; unique in any letter case. */
    public static final int NAME_MIN = 2;
    public static final int NAME_MAX = 32;
    public static final int DESCRIPTION_MAX = 200;
    public static final int CAPACITY_MIN = 2;
    public static final int CAPACITY_MAX = 500;
    public static final int CAPACITY_DEFAULT = 50;
    /** Room passwords are shared among members, so shorter ones than account passwords are allowed. */
    public static final int PASSWORD_MIN = 4;
    public static final int PASSWORD_MAX = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private RoomRules() {
    }

    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a room name is required");
        }
        if (name.length() < NAME_MIN || name.length() > NAME_MAX) {
            return Optional.of("a room name has " + NAME_MIN + " to " + NAME_MAX + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("a room name uses only letters, digits, '.', '_' and '-', and starts with a letter or digit");
        }
        return Optional.empty();
    }

    public static Optional<String> descriptionProblem(String description) {
        if (description == null) {
            return Optional.empty();
        }
        if (description.codePointCount(0, description.length()) > DESCRIPTION_MAX) {
            return Optional.of("a room description has at most " + DESCRIPTION_MAX + " characters");
        }
        if (description.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            return Optional.of("a room description cannot contain control characters");
        }
        return Optional.empty();
    }

    public static Optional<String> capacityProblem(int capacity) {
        if (capacity < CAPACITY_MIN || capacity > CAPACITY_MAX) {
            return Optional.of("a room's capacity is " + CAPACITY_MIN + " to " + CAPACITY_MAX);
        }
        return Optional.empty();
    }

    public static Optional<String> passwordProblem(String password) {
        if (password == null) {
            return Optional.empty();
        }
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            return Optional.of("a room password has " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
        }
        return Optional.empty();
    }
}
