package dev.parley.client.testing;

import dev.parley.client.app.Parley;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A parley in plain mode running in-process that a test talks to line by line, for conversations
 * where what to type next depends on what happened (a dropped registry, a reconnect).
 */
public final class PlainClient implements AutoCloseable {
    private final PipedOutputStream stdin = new PipedOutputStream();
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    public PlainClient(List<String> args) throws IOException {
        PipedInputStream in = new PipedInputStream(stdin, 64 * 1024);
        PrintStream out = new PrintStream(new LineSplitter(lines), true, StandardCharsets.UTF_8);
        Thread.ofVirtual().name("parley-under-test").start(() -> {
            try {
                exit.complete(Parley.run(args.toArray(String[]::new),
                        new Parley.Io(in, out, out, false, Map.of())));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    public void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The next output line, waiting up to 5 s. */
    public String nextLine() throws InterruptedException {
        String line = lines.poll(5, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("parley printed nothing more within 5 s");
        }
        return line;
    }

    /** Reads lines until {@code expected}; returns the lines before it. */
    public List<String> awaitLine(String expected) throws InterruptedException {
        List<String> before = new ArrayList<>();
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("parley never printed '" + expected + "'; it printed " + before);
            }
            if (line.equals(expected)) {
                return before;
            }
            before.add(line);
        }
    }

    /** Ends input (EOF) and returns the exit code. */
    public int finish() throws IOException {
        stdin.close();
        try {
            return exit.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("parley failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("parley did not end within 10 s of the end of its input");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** What is left to read without waiting. */
    public List<String> drain() {
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    @Override
    public void close() throws IOException {
        if (!exit.isDone()) {
            finish();
        }
    }

    /** Collects written bytes into lines. */
    private static final class LineSplitter extends OutputStream {
        private final LinkedBlockingQueue<String> lines;
        private final java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();

        LineSplitter(LinkedBlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
