package dev.parley.registry.web.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

class HeadlessChromiumTest extends BrowserTest {
    @Test
    void aModuleRunsUnderThePolicyInASecureContext() {
        browser.open("/test/hello.html");
        assertEquals("hello", browser.driver().getTitle());
        assertEquals("module ran; secure context: true; WebCrypto: object",
                browser.driver().findElement(By.id("greeting")).getText());
    }

    @Test
    void inlineScriptIsRefusedByThePolicy() {
        browser.open("/test/hello.html");
        Object result = browser.run("""
                const violation = new Promise(resolve =>
                    document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective), {once: true}));
                const s = document.createElement('script');
                s.textContent = 'window.inlineRan = true';
                document.head.append(s);
                return {ran: window.inlineRan === true, directive: await violation};
                """);
        assertEquals(Map.of("ran", false, "directive", "script-src-elem"), result);
    }

    @Test
    void runGivesBackValuesAndErrors() {
        browser.open("/test/hello.html");
        assertEquals(Map.of("sum", 5L, "words", List.of("a", "b")),
                browser.run("return {sum: arguments[0] + arguments[1], words: ['a', 'b']};", 2, 3));
        assertEquals(null, browser.run("await Promise.resolve(1);"));
        HeadlessChromium.BrowserError e = assertThrows(HeadlessChromium.BrowserError.class,
                () -> browser.run("throw new RangeError('too far');"));
        assertEquals("RangeError", e.name());
        assertEquals("too far", e.jsMessage());
        HeadlessChromium.BrowserError missing = assertThrows(HeadlessChromium.BrowserError.class,
                () -> browser.run("await import('/js/no-such-module.js');"));
        assertEquals("TypeError", missing.name());
    }

    @Test
    void theServerGivesNothingOutsideItsDirectories() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = browser.baseUrl();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/test/hello.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals("text/javascript; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(HeadlessChromium.CONTENT_SECURITY_POLICY,
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
        for (String outside : List.of("/%2e%2e/pom.xml", "/test/%2e%2e/%2e%2e/pom.xml", "/js/..%2f..%2fpom.xml",
                "/test/nothing.html")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + outside.substring(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), outside);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/test/hello.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void aScreenshotIsAPngInTarget() throws Exception {
        browser.open("/test/hello.html");
        Path file = browser.screenshot("headless-chromium-hello");
        assertEquals(HeadlessChromium.module().resolve("target/screenshots/headless-chromium-hello.png"), file);
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertThrows(IllegalArgumentException.class, () -> browser.screenshot("../escape"));
    }

    @Test
    void whatThePageStoredOutlivesABrowserRestart() {
        browser.open("/test/hello.html");
        browser.run("localStorage.setItem('kept', 'yes');");
        browser.restartBrowser().open("/test/hello.html");
        assertEquals("yes", browser.run("return localStorage.getItem('kept');"));
        browser.run("localStorage.removeItem('kept');");
    }

    @Test
    void theConsoleSaysWhatThePageLogged() {
        browser.open("/test/hello.html");
        browser.console(); // what came before
        browser.run("console.error('the page says: something went wrong');");
        List<String> lines = browser.console();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SEVERE") && l.contains("the page says: something went wrong")),
                lines::toString);
    }

    @Test
    void openTakesFullUrls() {
        browser.open(browser.baseUrl().resolve("/test/hello.html").toString());
        assertTrue(browser.driver().getCurrentUrl().endsWith("/test/hello.html"));
    }
}
