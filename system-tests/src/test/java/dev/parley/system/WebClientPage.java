package dev.parley.system;

import dev.parley.registry.web.testing.HeadlessChromium;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page's test contract (the comment at the top of js/app.js), as a person would use it. */
final class WebClientPage {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;
    /** Who is logged in on the page. */
    private String me;

    WebClientPage(HeadlessChromium browser) {
        this.driver = browser.driver();
    }

    WebDriver driver() {
        return driver;
    }

    WebElement await(String css) {
        return waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void awaitText(String css, String text) {
        waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
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
        me = user;
    }

    /** Logs in again after a reload (the page remembers the username or it is typed). */
    void logIn(String user) {
        await("#status[data-state=ready]");
        type("#login-username", user);
        type("#login-password", ParleyProcess.PASSWORD);
        await("#login-submit").click();
        awaitText("#whoami", "logged in as " + user);
        me = user;
    }

    String unread(String conversation) {
        return await("#conversations li[data-conversation='" + conversation + "'] .unread").getText();
    }

    /** The conversation list's detail, e.g. "(left 2 messages)" for a request. */
    void awaitDetail(String conversation, String detail) {
        awaitText("#conversations li[data-conversation='" + conversation + "'] .detail", detail);
    }

    /** Opens a request (someone not accepted left messages): its prompt shows, and no message. */
    void openRequest(String conversation, String prompt) {
        openConversation(conversation);
        awaitText("#messages li.request", prompt);
        if (!driver.findElements(By.cssSelector("#messages li.message")).isEmpty()) {
            throw new AssertionError("a request shows its messages before it is accepted");
        }
    }

    /** Accept or Reject on the request shown. */
    void answerRequest(boolean accept) {
        await(accept ? "[data-test=request-accept]" : "[data-test=request-reject]").click();
    }

    void openConversation(String conversation) {
        await("#conversations li[data-conversation='" + conversation + "'] button").click();
        awaitText("#conversation-title", conversation);
    }

    void search(String user) {
        type("#search-input", user);
        await("#search-submit").click();
    }

    void refreshOnline() {
        await("#online-refresh").click();
    }

    /**
     * Waits until {@code user} is in the online list, or gone from it, within {@code within} (a
     * PRESENCE event for someone the page watches reads the list again at once; without one, the
     * list is read every 30 s).
     */
    void awaitOnline(String user, boolean online, Duration within) {
        By entry = By.cssSelector("#online-list li[data-user='" + user + "']");
        waiting(within).until(online ? ExpectedConditions.presenceOfElementLocated(entry)
                : ExpectedConditions.numberOfElementsToBe(entry, 0));
    }

    void join(String room) {
        type("#room-name", room);
        await("#room-join").click();
        awaitText("#conversation-title", "#" + room);
    }

    /** Joins with a password; whether it worked is the caller's to check. */
    void join(String room, String password) {
        type("#room-name", room);
        type("#room-password", password);
        await("#room-join").click();
    }

    void awaitRoomError(String text) {
        awaitText("#room-error", text);
    }

    void say(String text) {
        type("#compose", text);
        await("#send").click();
    }

    /** The message from {@code from} whose text (as shown, markup rendered) is {@code shown}, once it is there. */
    WebElement message(String from, String shown) {
        return waiting(WAIT).until(d -> shownMessage(from, shown));
    }

    /**
     * Waits until this user's own message {@code shown} has {@code mark} ("sent", "delivered", ...).
     * The page replaces a mark (and may redraw the list) as receipts come, so each look finds the
     * message afresh.
     */
    void awaitMark(String shown, String mark) {
        waiting(WAIT).until(d -> {
            WebElement m = shownMessage(me, shown);
            return m != null && m.findElement(By.cssSelector(".mark")).getText().equals(mark);
        });
    }

    private WebElement shownMessage(String from, String shown) {
        By css = By.cssSelector("#messages li.message[data-from='" + from + "']");
        return driver.findElements(css).stream()
                .filter(m -> m.findElement(By.cssSelector(".body")).getText().equals(shown))
                .findFirst().orElse(null);
    }

    /** A wait that looks again when the page replaced what it was looking at. */
    private WebDriverWait waiting(Duration within) {
        WebDriverWait wait = new WebDriverWait(driver, within);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
