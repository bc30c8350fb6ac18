package dev.parley.registry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads settings by name, keeping a value that is not valid out (its default stands in while the
 * rest is read) and noting why, so that one start names every bad value at once rather than the
 * first of them per try.
 */
final class SettingsReader {
    private final Function<String, Optional<String>> lookup;
    private final List<String> problems = new ArrayList<>();
    private final List<String> given = new ArrayList<>();

    SettingsReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    String text(String name, String fallback) {
        Optional<String> v = value(name);
        v.ifPresent(value -> given.add(name + "=" + value));
        return v.orElse(fallback);
    }

    /** A password: used as given, and never written to a log. */
    String secret(String name) {
        Optional<String> v = value(name);
        v.ifPresent(value -> given.add(name + "=(set)"));
        return v.orElse("");
    }

    int number(String name, int fallback, int min, int max) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            problems.add(describe(name) + " must be a whole number from " + min + " to " + max + ", not '" + v.get() + "'");
            return fallback;
        }
        if (n < min || n > max) {
            problems.add(describe(name) + " must be from " + min + " to " + max + ", not " + n);
            return fallback;
        }
        given.add(name + "=" + n);
        return n;
    }

    /** The settings given (by the environment or {@code -D}) and taken, as "name=value", in the order read. */
    List<String> given() {
        return List.copyOf(given);
    }

    /** @throws InvalidSettingsException if any value read was not valid */
    void requireValid() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    private Optional<String> value(String name) {
        return lookup.apply(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A setting by both its names: the one MicroProfile Config reads and the environment variable that sets it. */
    static String describe(String name) {
        return name + " (" + environmentName(name) + ")";
    }

    /** How MicroProfile Config finds {@code name} in the environment: not a letter or digit becomes '_', in capitals. */
    static String environmentName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
