package dev.parley.client.testing;

import dev.parley.client.app.Parley;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs parley in-process on a fixed script of input lines, as a script piping into it would. */
public record PlainRun(int exitCode, List<String> out, List<String> err) {

    public static PlainRun of(List<String> args, Map<String, String> env, String... inputLines) {
        String input = inputLines.length == 0 ? "" : String.join("\n", inputLines) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Parley.run(args.toArray(String[]::new), new Parley.Io(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, env));
        return new PlainRun(code, lines(out), lines(err));
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
