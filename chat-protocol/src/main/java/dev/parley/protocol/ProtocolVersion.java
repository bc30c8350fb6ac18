package dev.parley.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The "major.minor" version exchanged in HELLO; peers talk when the majors match. */
public final class ProtocolVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 0;
    public static final String CURRENT = MAJOR + "." + MINOR;
    private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");

    private ProtocolVersion() {
    }

    /** Why a peer announcing {@code version} cannot talk to us, or null if it can. */
    public static String incompatibility(String version) {
        Matcher m = version == null ? null : FORM.matcher(version);
        if (m == null || !m.matches()) {
            return "protocol version must look like 'major.minor', got '" + abbreviate(version) + "'";
        }
        int major = Integer.parseInt(m.group(1));
        if (major != MAJOR) {
            return "protocol version " + version + " is not supported; this side speaks " + CURRENT;
        }
        return null;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(20).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.codePointCount(0, s.length()) > 20 ? b + "…" : b.toString();
    }
}
