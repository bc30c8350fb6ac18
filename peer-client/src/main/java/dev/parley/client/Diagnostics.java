package dev.parley.client;

import java.io.PrintStream;

/** Stack traces for developers: printed to standard error only when {@code PARLEY_DEBUG=1}. */
public final class Diagnostics {
    private static final boolean ENABLED = "1".equals(System.getenv("PARLEY_DEBUG"));

    private Diagnostics() {
    }

    public static boolean enabled() {
        return ENABLED;
    }

    /** Prints the trace of {@code failure} behind a line saying what was being done, if debugging is on. */
    public static void trace(String doing, Throwable failure) {
        if (ENABLED) {
            PrintStream err = System.err;
            synchronized (err) {
                err.println("[parley debug] " + doing);
                failure.printStackTrace(err);
            }
        }
    }

    /** Prints a line for developers, if debugging is on. */
    public static void note(String what) {
        if (ENABLED) {
            System.err.println("[parley debug] " + what);
        }
    }

    /** A short reason for an unexpected exception: its message, or its kind when it has none. */
    public static String reason(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
