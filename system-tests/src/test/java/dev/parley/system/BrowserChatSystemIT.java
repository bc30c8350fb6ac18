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
import org.openqa.selenium.WebElement;

/**
 * The browser client as a person uses it, in headless Chromium against a registry started by
 * bin/registry, with terminal users in real `parley --plain` processes: registering and logging in,
 * a private conversation both ways with formatting and delivered marks, a room shared with a
 * terminal user, and mail left for a terminal user who logged out and reads it at the next login.
 * Screenshots of each step are saved under target/screenshots/.
 */
class BrowserChatSystemIT {
    private static final String TIME = "\\d\\d:\\d\\d ";
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
            WebClientPage wendy = new WebClientPage(browser);
            browser.open("https://localhost:" + registry.webPort + "/");
            wendy.registerAndLogIn("wendy");
            browser.screenshot("browser-logged-in");

            try (ParleyProcess tom = ParleyProcess.online("tom", tomHome, registry.address())) {
                wendy.search("tom");
                wendy.awaitText("#search-result", "tom is online");
                wendy.refreshOnline();
                wendy.await("#online-list li[data-user='tom']");

                // Tom writes first: the browser takes no direct links, so his client relays at once.
                tom.send("/chat wendy").awaitLine("wendy is on the web and takes no direct links — the conversation is"
                        + " relayed through the registry (still end-to-end encrypted)");
                tom.send("hello **wendy**, see https://example.org/parley");
                // The receipt line quotes the start of a long message.
                tom.await(l -> l.matches("delivered to wendy at \\d\\d:\\d\\d:\\d\\d: \"hello \\*\\*wendy\\*\\*, see"
                        + " https://example\\.or…\""), "the receipt from the browser");

                // They never chatted: his message is on wendy's disk (the receipt above) and waits for her answer.
                wendy.awaitDetail("@tom", "(left a message)");
                wendy.awaitText("#notices", "tom left you a message — open @tom to accept or reject");
                wendy.openRequest("@tom", "tom left you a message.");
                wendy.answerRequest(true);
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
                // A message in a conversation not shown is counted unread there.
                tom.send("/switch wendy");
                tom.send("psst");
                tom.await(l -> l.matches("delivered to wendy at \\d\\d:\\d\\d:\\d\\d: \"psst\""), "the receipt of psst");
                assertEquals("1", wendy.unread("@tom"), "an unread count while another conversation is shown");
                tom.send("/switch #lounge");
                tom.send("welcome, wendy");
                wendy.message("tom", "welcome, wendy");
                tom.await(l -> l.endsWith("delivered to 1 of 1 in #lounge: \"welcome, wendy\""), "tom's room receipt");
                browser.screenshot("browser-room");

                // A room with a password: a wrong one is refused with the registry's words.
                tom.send("/create vault --password").awaitLine("password for #vault:");
                tom.send("open sesame").awaitLine("repeat the password:");
                tom.send("open sesame").awaitLine("created #vault — you are its host");
                wendy.join("vault", "open says me");
                wendy.awaitRoomError("wrong password for vault");
                wendy.join("vault", "open sesame");
                tom.awaitLine("wendy joined #vault");

                // The host leaves: the room is told, and the next member is host.
                tom.send("/leave").awaitLine("left #vault");
                wendy.awaitText("#messages", "tom left #vault");
                wendy.awaitText("#messages", "wendy is now the host of #vault");

                // A group started in the browser: tom is asked, accepts, and reads what wendy writes there.
                wendy.say("/group tom");
                String asked = "wendy invites you to #";
                String invitation = tom.await(l -> l.startsWith(asked + "group-"), "the group invitation");
                String group = invitation.substring(asked.length(), invitation.indexOf(' ', asked.length()));
                wendy.awaitText("#notices", "created #" + group + " and invited tom");
                tom.send("/accept #" + group).awaitStart("joined #" + group + " (2/2, host wendy)");
                wendy.awaitText("#notices", "tom joined #" + group);
                wendy.say("in the group");
                tom.await(l -> l.endsWith("#" + group + " wendy: in the group"), "wendy's group message");
                wendy.awaitMark("in the group", "delivered to 1 of 1");

                // A reload ends the page's session, not the registry's: logging in again at once takes
                // it over, and wendy is still in her rooms (tom would be told she left them otherwise).
                browser.reload();
                wendy.logIn("wendy");
                wendy.openConversation("#lounge");
                wendy.say("back after a reload");
                tom.await(l -> l.endsWith("#lounge wendy: back after a reload"), "wendy's message after the reload");
                assertEquals(List.of(), tom.printedSoFar().stream().filter(l -> l.startsWith("wendy left")
                        || l.startsWith("wendy went offline")).toList());

                // Names that could never be chatted with open nothing: one kept would have the registry
                // refuse every WATCH after it (the list is one request), and the line below would wait 30 s.
                wendy.say("/chat wa lt");
                wendy.awaitText("#notices", "error: a username uses only letters, digits");
                wendy.say("/chat Wendy");
                wendy.awaitText("#notices", "error: that is you — chat with someone else");
                wendy.say("/chat #attic");
                wendy.awaitText("#notices", "error: you are not in #attic — /join attic");
                // A room command typed in the message box answers among the notices, not only in the room form.
                wendy.say("/join attic");
                wendy.awaitText("#notices", "no room named attic");
                // Too long a message is refused with the count, and stays in the box to be shortened.
                String tooLong = "x".repeat(4001);
                wendy.say(tooLong);
                wendy.awaitText("#notices", "error: the message is 4001 characters; the limit is 4000 — nothing was sent");
                assertEquals(tooLong, browser.driver().findElement(By.id("compose")).getDomProperty("value"));
                browser.driver().findElement(By.id("compose")).clear();

                tom.send("/quit");
                assertEquals(0, tom.waitForExit());
                // Wendy watches the people she talks with: tom's going is seen at once, not at the next 30 s read.
                wendy.awaitOnline("tom", false, Duration.ofSeconds(10));
            }

            // Mail to someone logged out: sent now, delivered when he is back.
            wendy.openConversation("@tom");
            wendy.say("while you were out");
            wendy.awaitMark("while you were out", "sent");
            try (ParleyProcess tom = ParleyProcess.start("tom", tomHome, registry.address())) {
                tom.login("tom");
                wendy.awaitOnline("tom", true, Duration.ofSeconds(10));
                tom.awaitLine("while you were away: 1 message from wendy");
                tom.await(l -> l.matches(TIME + "wendy: while you were out"), "the mail, read at login");
                wendy.awaitMark("while you were out", "delivered");
                browser.screenshot("browser-mail-delivered");
                tom.send("/quit");
            }
            // Someone she never chatted with: she rejects it; it leaves her list, unread, and he is not told.
            try (ParleyProcess ivy = ParleyProcess.online("ivy", RegistryProcess.tempHome("ivy"), registry.address())) {
                ivy.send("/chat wendy").awaitStart("wendy is on the web and takes no direct links");
                ivy.send("cheap watches");
                ivy.await(l -> l.matches("delivered to wendy at \\d\\d:\\d\\d:\\d\\d: \"cheap watches\""),
                        "the receipt: on wendy's disk");
                wendy.awaitDetail("@ivy", "(left a message)");
                wendy.openRequest("@ivy", "ivy left you a message.");
                browser.screenshot("browser-request");
                wendy.answerRequest(false);
                wendy.awaitText("#notices", "rejected ivy");
                assertTrue(wendy.driver().findElements(By.cssSelector("#conversations li[data-conversation='@ivy']"))
                        .isEmpty(), "the rejected request leaves the list");
                ivy.send("/whoami").awaitStart("you are ivy");
                ivy.send("/quit");
                assertEquals(0, ivy.waitForExit());
                assertTrue(ivy.printed().stream().noneMatch(l -> l.contains("reject")), "ivy is not told");
            }
            List<String> errors = browser.console().stream().filter(l -> l.contains("SEVERE")).toList();
            assertTrue(errors.isEmpty(), "the page logged errors: " + errors);
        }
    }
}
