package dev.parley.client;

import dev.parley.protocol.ProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The program's version, as built by Maven; also the agent string sent in HELLO. */
public final class ParleyVersion implements IVersionProvider {
    private static final String VERSION = load();

    /** The build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** What the client calls itself in HELLO: {@code parley/<version>}. */
    public static String agent() {
        return "parley/" + VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"parley " + VERSION + " (protocol " + ProtocolVersion.CURRENT + ")"};
    }

    private static String load() {
        try (InputStream in = ParleyVersion.class.getResourceAsStream("parley-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                // An unfiltered file (running from an IDE without Maven) still says ${project.version}.
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            Diagnostics.trace("reading the version file", e);
        }
        return "dev";
    }
}
