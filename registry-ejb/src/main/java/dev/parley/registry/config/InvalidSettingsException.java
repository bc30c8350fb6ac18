package dev.parley.registry.config;

import java.util.List;

/** Settings the registry cannot start with: each problem is one line that names the setting and its value. */
public class InvalidSettingsException extends IllegalStateException {
    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
        super(problems.size() == 1 ? "a registry setting is not valid: " + problems.getFirst()
                : problems.size() + " registry settings are not valid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per value that is not valid. */
    public List<String> problems() {
        return problems;
    }
}
