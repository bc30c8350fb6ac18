package dev.parley.registry.web.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.registry.web.PageHeaders;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver, and optionally a
 * small HTTP server on 127.0.0.1 for static files. {@code http://127.0.0.1} is a secure context, so
 * WebCrypto and IndexedDB work there as on the real HTTPS page.
 *
 * <p>The server answers every file with the Content-Security-Policy the registry applies
 * ({@link #CONTENT_SECURITY_POLICY}), so a page that only works with inline script or eval fails
 * here first. Without a server (see {@link Builder#noServer()}) the browser opens any URL, such as
 * the registry's own HTTPS page; certificates are not checked, as a test registry's are self-signed.
 *
 * <p>Never skips: when Chromium or chromedriver is missing it fails and says what to install.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** What the registry sends with the page ({@link PageHeaders}): only its own files, no inline code, no eval. */
    public static final String CONTENT_SECURITY_POLICY = PageHeaders.CONTENT_SECURITY_POLICY;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpServer server;
    private final Path profile;
    private final boolean ownProfile;
    private WebDriver driver;

    private HeadlessChromium(HttpServer server, Path profile, boolean ownProfile) {
        this.server = server;
        this.profile = profile;
        this.ownProfile = ownProfile;
    }

    /**
     * The browser with the server giving this module's page ({@code src/main/webapp} at {@code /}) and
     * the test pages ({@code src/test/resources/web} at {@code /test/}).
     */
    public static HeadlessChromium webapp() {
        return builder().serve("/", module().resolve("src/main/webapp"))
                .serve("/test/", module().resolve("src/test/resources/web")).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The directory of the module under test (surefire sets {@code basedir}; an IDE runs in it). */
    public static Path module() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** The server's root, {@code http://127.0.0.1:port/}; fails without a server. */
    public URI baseUrl() {
        if (server == null) {
            throw new IllegalStateException("this browser was started without a server: open full URLs");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Opens a full URL, or a path on the server ({@code /test/page.html}); returns once the page has loaded. */
    public HeadlessChromium open(String urlOrPath) {
        driver.get(urlOrPath.matches("(?i)^[a-z][a-z0-9+.-]*:.*") ? urlOrPath : baseUrl().resolve(urlOrPath).toString());
        return this;
    }

    /** Reloads the current page, as the user pressing F5 does. */
    public HeadlessChromium reload() {
        driver.navigate().refresh();
        return this;
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Runs {@code body} as the body of an async function in the page, with {@code args} as its
     * {@code arguments}, and returns what it resolves to (JSON-like values: Map, List, String, Long,
     * Double, Boolean, null). {@code await import('/js/x.js')} loads a module. A rejection or an
     * exception becomes a {@link BrowserError} with the error's name and message; a body that neither
     * resolves nor fails within 30 seconds fails the call.
     */
    public Object run(String body, Object... args) {
        String script = "const done = arguments[arguments.length - 1];\n"
                + "const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);\n"
                + "(async function () {\n" + body + "\n}).apply(null, args).then(\n"
                + "  value => done({ok: true, value: value === undefined ? null : value}),\n"
                + "  error => done({ok: false, name: String(error && error.name || 'Error'),\n"
                + "                 message: String(error && error.message !== undefined ? error.message : error),\n"
                + "                 stack: String(error && error.stack || '')}));";
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript(script, args);
        if (!(answer instanceof Map<?, ?> map)) {
            throw new IllegalStateException("the page answered " + answer + " instead of a result");
        }
        if (Boolean.TRUE.equals(map.get("ok"))) {
            return map.get("value");
        }
        throw new BrowserError((String) map.get("name"), (String) map.get("message"), (String) map.get("stack"));
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a screenshot name is letters, digits, '.', '_' and '-': " + name);
        }
        try {
            Path dir = Files.createDirectories(module().resolve("target/screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + name, e);
        }
    }

    /** The browser console's lines since the last call (errors a page logs, uncaught exceptions). */
    public List<String> console() {
        List<String> lines = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            lines.add(e.getLevel() + " " + e.getMessage());
        }
        return lines;
    }

    /**
     * Quits the browser and starts it again on the same profile: what the user has in IndexedDB
     * stays, everything in memory is gone. The server (and so the page's origin) stays the same.
     */
    public HeadlessChromium restartBrowser() {
        driver.quit();
        driver = startDriver(profile);
        return this;
    }

    @Override
    public void close() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (server != null) {
                server.stop(0);
            }
            if (ownProfile) {
                deleteQuietly(profile);
            }
        }
    }

    /** A failure inside the page: the JavaScript error's name and message. */
    public static final class BrowserError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String jsMessage;

        BrowserError(String name, String message, String stack) {
            super(name + ": " + message + (stack == null || stack.isEmpty() ? "" : "\n" + stack));
            this.name = name;
            this.jsMessage = message;
        }

        /** The error's {@code name}, e.g. {@code UnreadableMail} or {@code TypeError}. */
        public String name() {
            return name;
        }

        /** The error's {@code message} as the page would show it. */
        public String jsMessage() {
            return jsMessage;
        }
    }

    public static final class Builder {
        private final Map<String, Path> mounts = new LinkedHashMap<>();
        private boolean server = true;
        private Path profile;

        private Builder() {
        }

        /** Serves the files under {@code directory} at the URL path {@code prefix} (which starts and ends with '/'). */
        public Builder serve(String prefix, Path directory) {
            if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
                throw new IllegalArgumentException("a prefix starts and ends with '/': " + prefix);
            }
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("no directory " + directory + " to serve at " + prefix);
            }
            mounts.put(prefix, directory.toAbsolutePath().normalize());
            return this;
        }

        /** No server: the test opens full URLs (the registry's page). */
        public Builder noServer() {
            server = false;
            return this;
        }

        /** Keeps the browser profile in this directory (and does not delete it at close). */
        public Builder profile(Path directory) {
            profile = directory;
            return this;
        }

        public HeadlessChromium start() {
            requireExecutable(CHROMIUM, "Chromium", "chromium");
            requireExecutable(CHROMEDRIVER, "chromedriver", "chromium-driver");
            HttpServer http = server ? startServer(mounts) : null;
            boolean own = profile == null;
            HeadlessChromium browser;
            try {
                Path dir = own ? Files.createTempDirectory("parley-chromium-") : Files.createDirectories(profile);
                browser = new HeadlessChromium(http, dir, own);
            } catch (IOException e) {
                if (http != null) {
                    http.stop(0);
                }
                throw new UncheckedIOException("cannot make a browser profile directory", e);
            }
            try {
                browser.driver = startDriver(browser.profile);
                return browser;
            } catch (RuntimeException e) {
                browser.close();
                throw e;
            }
        }
    }

    private static void requireExecutable(Path file, String what, String debianPackage) {
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException(what + " is not installed at " + file
                    + ": the browser tests need Debian's " + debianPackage + " (apt-get install chromium chromium-driver)");
        }
    }

    private static WebDriver startDriver(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the networking flags Chromium calls Google's hosts at start (and fails noisily offline).
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver given explicitly, so Selenium Manager never tries to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        chrome.manage().timeouts().pageLoadTimeout(SCRIPT_TIMEOUT);
        return chrome;
    }

    private static HttpServer startServer(Map<String, Path> mounts) {
        if (mounts.isEmpty()) {
            throw new IllegalStateException("nothing to serve: call serve(prefix, directory) or noServer()");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port on 127.0.0.1", e);
        }
        // Longest prefix first, so /test/ wins over /.
        List<Map.Entry<String, Path>> ordered = new ArrayList<>(mounts.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, Path> e) -> e.getKey().length()).reversed());
        http.createContext("/", exchange -> {
            try (exchange) {
                serveFile(exchange, ordered);
            } catch (IOException | RuntimeException e) {
                // The browser sees a broken answer; the test's own assertions report what is missing.
                System.err.println("test server: " + exchange.getRequestURI() + ": " + e);
            }
        });
        http.start();
        return http;
    }

    private static void serveFile(HttpExchange exchange, List<Map.Entry<String, Path>> mounts) throws IOException {
        String method = exchange.getRequestMethod();
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        // Each load reads the file as it is now: a reload test must not see a cached module.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            answer(exchange, 405, "only GET and HEAD");
            return;
        }
        Path file = resolve(exchange.getRequestURI().getRawPath(), mounts);
        if (file == null) {
            answer(exchange, 404, "not found");
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", contentType(file));
        exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : bytes.length);
        if (method.equals("GET")) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The file a URL path names, or null: nothing outside the mounted directories is ever served. */
    static Path resolve(String rawPath, List<Map.Entry<String, Path>> mounts) {
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (path.indexOf('\0') >= 0 || path.contains("\\")) {
            return null;
        }
        for (Map.Entry<String, Path> m : mounts) {
            if (path.startsWith(m.getKey())) {
                String rest = path.substring(m.getKey().length());
                Path root = m.getValue();
                Path file = root.resolve(rest.isEmpty() ? "index.html" : rest).normalize();
                if (Files.isDirectory(file)) {
                    file = file.resolve("index.html");
                }
                return file.startsWith(root) && Files.isRegularFile(file) ? file : null;
            }
        }
        return null;
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "webmanifest" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless; the test's result does not depend on it.
        }
    }
}
