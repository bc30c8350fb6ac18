package dev.parley.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.registry.web.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser client as a person uses it, in headless Chromium against a registry started by
 * bin/registry, with terminal users in real `parley --plain` processes: registering and logging in,
 * a private conversation both ways with formatting and delivered marks, a room shared with a
 * terminal user, and mail left for a terminal user who logged out and reads it at the next login.
 * Screenshots of each step are saved under target/screenshots/.
 */
class BrowserChatSystemIT {
    private static final String TIME = "\\d\\d:\\d\\d ";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(RegistryProcess.tempHome("browser-registry"), Map.of());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aBrowserUserChatsWithTerminalUsersAndLeavesMailForOneWhoLoggedOut() throws Exception {
        Path tomHome = RegistryProcess.tempHome("tom");
        try (HeadlessChromium browser = HeadlessChromium.builder().noServer().start()) {
            Page wendy = new Page(browser);
            browser.open("https://localhost:" + registry.webPort + "/");
            wendy.registerAndLogIn("wendy");
            browser.screenshot("browser-logged-in");

            try (ParleyProcess tom = ParleyProcess.online("tom", tomHome, registry.address())) {
                // Tom writes first: the browser takes no direct links, so his client relays at once.
                tom.send("/chat wendy").awaitLine("cannot reach wendy directly — the conversation is relayed through"
                        + " the registry (still end-to-end encrypted)");
                tom.send("hello **wendy**, see https://example.org/parley");
                // The receipt line quotes the start of a long message.
                tom.await(l -> l.matches("delivered to wendy at \\d\\d:\\d\\d:\\d\\d: \"hello \\*\\*wendy\\*\\*, see"
                        + " https://example\\.or…\""), "the receipt from the browser");

                assertEquals("1", wendy.unread("@tom"), "an unread count before the conversation is opened");
                wendy.openConversation("@tom");
                WebElement hello = wendy.message("tom", "hello wendy, see https://example.org/parley");
                assertEquals("wendy", hello.findElement(By.cssSelector(".body strong")).getText());
                WebElement link = hello.findElement(By.cssSelector(".body a"));
                assertEquals("https://example.org/parley", link.getAttribute("href"));
                assertEquals("noopener noreferrer", link.getAttribute("rel"));

                wendy.say("hi *tom*, `code` too");
                tom.await(l -> l.matches(TIME + "wendy: hi \\*tom\\*, `code` too"), "wendy's answer");
                wendy.awaitMark("hi tom, code too", "delivered");
                browser.screenshot("browser-private-chat");

                // A room shared with a terminal user.
                tom.send("/create lounge").awaitLine("created #lounge — you are its host");
                wendy.join("lounge");
                tom.awaitLine("wendy joined #lounge");
                wendy.say("hello lounge");
                tom.await(l -> l.endsWith("#lounge wendy: hello lounge"), "wendy's room message");
                wendy.awaitMark("hello lounge", "delivered to 1 of 1");
                tom.send("welcome, wendy");
                wendy.message("tom", "welcome, wendy");
                tom.await(l -> l.endsWith("delivered to 1 of 1 in #lounge: \"welcome, wendy\""), "tom's room receipt");
                browser.screenshot("browser-room");

                tom.send("/quit");
                assertEquals(0, tom.waitForExit());
            }

            // Mail to someone logged out: sent now, delivered when he is back.
            wendy.openConversation("@tom");
            wendy.say("while you were out");
            wendy.awaitMark("while you were out", "sent");
            try (ParleyProcess tom = ParleyProcess.start("tom", tomHome, registry.address())) {
                tom.login("tom");
                tom.awaitLine("while you were away: 1 message from wendy");
                tom.await(l -> l.matches(TIME + "wendy: while you were out"), "the mail, read at login");
                wendy.awaitMark("while you were out", "delivered");
                browser.screenshot("browser-mail-delivered");
                tom.send("/quit");
            }
            List<String> errors = browser.console().stream().filter(l -> l.contains("SEVERE")).toList();
            assertTrue(errors.isEmpty(), "the page logged errors: " + errors);
        }
    }

    /** The page's test contract (the comment at the top of js/app.js), as a person would use it. */
    private static final class Page {
        private final HeadlessChromium browser;
        private final WebDriver driver;

        Page(HeadlessChromium browser) {
            this.browser = browser;
            this.driver = browser.driver();
        }

        private WebElement await(String css) {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        }

        private void awaitText(String css, String text) {
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        }

        private void type(String css, String text) {
            WebElement field = await(css);
            field.clear();
            field.sendKeys(text);
        }

        void registerAndLogIn(String user) {
            await("#status[data-state=ready]");
            type("#register-username", user);
            type("#register-password", ParleyProcess.PASSWORD);
            type("#register-password2", ParleyProcess.PASSWORD);
            await("#register-submit").click();
            awaitText("#register-error", "registered " + user);
            type("#login-password", ParleyProcess.PASSWORD);
            await("#login-submit").click();
            awaitText("#whoami", "logged in as " + user);
        }

        String unread(String conversation) {
            return await("#conversations li[data-conversation='" + conversation + "'] .unread").getText();
        }

        void openConversation(String conversation) {
            await("#conversations li[data-conversation='" + conversation + "'] button").click();
            awaitText("#conversation-title", conversation);
        }

        void join(String room) {
            type("#room-name", room);
            await("#room-join").click();
            awaitText("#conversation-title", "#" + room);
        }

        void say(String text) {
            type("#compose", text);
            await("#send").click();
        }

        /** The message from {@code from} whose text (as shown, markup rendered) is {@code shown}, once it is there. */
        WebElement message(String from, String shown) {
            By css = By.cssSelector("#messages li.message[data-from='" + from + "']");
            return new WebDriverWait(driver, WAIT).until(d -> d.findElements(css).stream()
                    .filter(m -> m.findElement(By.cssSelector(".body")).getText().equals(shown))
                    .findFirst().orElse(null));
        }

        void awaitMark(String shown, String mark) {
            WebElement m = message("wendy", shown);
            new WebDriverWait(driver, WAIT).until(d -> m.findElement(By.cssSelector(".mark")).getText().equals(mark));
        }
    }
}
