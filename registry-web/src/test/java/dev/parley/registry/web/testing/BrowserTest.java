package dev.parley.registry.web.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class whose tests run in one headless browser on the web client's files
 * ({@link HeadlessChromium#webapp()}), started before the first test and closed after the last.
 */
public abstract class BrowserTest {
    /** The browser of the test class running now. */
    protected static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.webapp();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
