package dev.parley.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.registry.web.testing.BrowserTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * The page itself in Chromium, served with the registry's Content-Security-Policy and without a
 * registry behind it (the test server has no /link): it loads with no console error but the failed
 * link, says "(no registry)", keeps trying, answers forms with that instead of failing, and is
 * usable from the keyboard in a light and a dark theme.
 */
class PageTest extends BrowserTest {
    /** The page's test contract (see the comment at the top of js/app.js). */
    private static final List<String> CONTRACT_IDS = List.of("status", "logout", "register-username", "register-password",
            "register-password2", "register-submit", "register-error", "login-username", "login-password", "login-submit",
            "login-error", "online-list", "online-refresh", "search-input", "search-submit", "search-result", "room-name",
            "room-password", "room-capacity", "room-description", "room-create", "room-join", "room-leave", "room-error",
            "room-list", "room-list-refresh", "room-members", "conversations", "conversation-title", "messages", "compose",
            "send", "notices", "announcer", "warning-dialog", "warning-text", "warning-close", "members-dialog");

    /** Each test reads only its own console lines (the harness page of another has no icon, say). */
    @BeforeEach
    void forgetEarlierConsoleLines() {
        browser.console();
    }

    /** Opens the page and waits until it has tried the registry link and found none. */
    private static void openWithoutRegistry() {
        browser.open("/");
        browser.run("""
                for (let i = 0; i < 100; i++) {
                    if (document.getElementById('status').dataset.state === 'offline') {
                        return;
                    }
                    await new Promise(resolve => setTimeout(resolve, 100));
                }
                throw new Error('the status never said there is no registry: ' + document.getElementById('status').textContent);
                """);
    }

    /** Console lines other than the expected failure of the link to a registry that is not there. */
    private static List<String> unexpectedConsoleLines() {
        return browser.console().stream()
                .filter(line -> !(line.contains("WebSocket connection to") && line.contains("/link")))
                .toList();
    }

    @Test
    void loadsUnderThePolicyWithoutConsoleErrorsAndSaysThereIsNoRegistry() {
        openWithoutRegistry();
        assertEquals("(no registry)", browser.driver().findElement(By.id("status")).getText());
        List<String> lines = browser.console();
        assertTrue(lines.stream().anyMatch(l -> l.contains("/link")), "the page tried the registry link: " + lines);
        assertEquals(List.of(), lines.stream()
                .filter(line -> !(line.contains("WebSocket connection to") && line.contains("/link"))).toList());
        Map<?, ?> page = (Map<?, ?>) browser.run("""
                const all = [...document.querySelectorAll('*')];
                return {
                    inlineScripts: document.querySelectorAll('script:not([src])').length,
                    styleAttributes: document.querySelectorAll('[style]').length,
                    handlerAttributes: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                    unlabelled: [...document.querySelectorAll('input, textarea, select')]
                        .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id),
                    missing: arguments[0].filter(id => !document.getElementById(id)),
                    stylesheet: getComputedStyle(document.body).display,
                    live: document.getElementById('announcer').getAttribute('aria-live'),
                    noticesLive: document.getElementById('notices').getAttribute('aria-live'),
                    focused: document.activeElement.id,
                };
                """, CONTRACT_IDS);
        assertEquals(0L, page.get("inlineScripts"));
        assertEquals(0L, page.get("styleAttributes"));
        assertEquals(0L, page.get("handlerAttributes"));
        assertEquals(List.of(), page.get("unlabelled"));
        assertEquals(List.of(), page.get("missing"));
        assertEquals("flex", page.get("stylesheet"), "the stylesheet applies under the policy");
        assertEquals("polite", page.get("live"));
        assertEquals("polite", page.get("noticesLive"), "a notice added is read out, as it is shown");
        assertEquals("login-username", page.get("focused"));
    }

    @Test
    void withoutARegistryTheFormsSaySoAndTheLinkKeepsTrying() {
        openWithoutRegistry();
        browser.driver().findElement(By.id("register-username")).sendKeys("alice");
        browser.driver().findElement(By.id("register-password")).sendKeys("correct horse");
        browser.driver().findElement(By.id("register-password2")).sendKeys("correct horse");
        browser.driver().findElement(By.id("register-submit")).click();
        assertEquals("error: no registry", waitForText("register-error"));
        browser.driver().findElement(By.id("login-username")).sendKeys("alice");
        browser.driver().findElement(By.id("login-password")).sendKeys("correct horse", Keys.ENTER);
        assertEquals("error: no registry", waitForText("login-error"));
        assertTrue(browser.driver().findElement(By.id("chat")).getAttribute("hidden") != null, "still logged out");
        // The next attempt comes by itself, after the first backoff (about a second).
        browser.console();
        browser.run("await new Promise(resolve => setTimeout(resolve, 2500));");
        assertTrue(browser.console().stream().anyMatch(l -> l.contains("/link")), "the page tried the link again");
        assertEquals(List.of(), unexpectedConsoleLines());
    }

    private static String waitForText(String id) {
        return (String) browser.run("""
                const e = document.getElementById(arguments[0]);
                for (let i = 0; i < 100 && e.textContent === ''; i++) {
                    await new Promise(resolve => setTimeout(resolve, 50));
                }
                return e.textContent;
                """, id);
    }

    @Test
    void marksSaySentDeliveredAndHowManyOfARoomHaveIt() {
        browser.open("/test/harness.html");
        @SuppressWarnings("unchecked")
        List<Object> marks = (List<Object>) browser.run("""
                const v = await import('/js/view.js');
                const text = m => { const mark = v.markOf(m, 'alice'); return mark === null ? null : mark.text; };
                return [
                    text({from: 'alice', to: 'bob', state: 'sent'}),
                    text({from: 'Alice', to: 'bob', state: 'delivered'}),
                    text({from: 'alice', to: 'bob', state: 'sent', expired: true}),
                    text({from: 'alice', room: 'lobby', state: 'sent', recipients: ['bob', 'carol'], deliveredTo: []}),
                    text({from: 'alice', room: 'lobby', state: 'sent', recipients: ['bob', 'carol'], deliveredTo: ['bob']}),
                    text({from: 'alice', room: 'lobby', state: 'delivered', recipients: ['bob', 'carol'], deliveredTo: ['bob', 'carol']}),
                    text({from: 'bob', to: 'alice', state: 'received'}),
                ];
                """);
        assertEquals(java.util.Arrays.asList("sent", "delivered", "not delivered", "sent", "delivered to 1 of 2",
                "delivered to 2 of 2", null), marks);
        Map<?, ?> element = (Map<?, ?>) browser.run("""
                const v = await import('/js/view.js');
                const li = v.messageElement({id: 'm-1', from: 'bob"><img src=x>', to: 'alice', sentAt: '9999-12-31T23:59:59Z',
                    body: 'hi **there**', state: 'received'}, 'alice');
                return {id: li.dataset.id, from: li.dataset.from, body: li.querySelector('.body').innerHTML,
                        mark: li.querySelector('.mark') === null, images: li.querySelectorAll('img').length,
                        note: li.querySelector('.clock-note').textContent};
                """);
        assertEquals("m-1", element.get("id"));
        assertEquals("bob\"><img src=x>", element.get("from"));
        assertEquals("hi <strong>there</strong>", element.get("body"));
        assertEquals(true, element.get("mark"));
        assertEquals(0L, element.get("images"));
        // A time far ahead of this clock is not shown as when it was written; what the sender's clock said is.
        assertEquals(" (bob\"><img src=x>'s clock says 9999-12-31T23:59:59Z)", element.get("note"));
    }

    @Test
    void everyNickColourIsDistinctAndReadableInTheLightAndTheDarkTheme() {
        ChromiumDriver chromium = (ChromiumDriver) browser.driver();
        try {
            Map<?, ?> light = themeColours(chromium, "light");
            Map<?, ?> dark = themeColours(chromium, "dark");
            assertNotEquals(light.get("background"), dark.get("background"), "the dark theme applies");
            for (Map<?, ?> theme : List.of(light, dark)) {
                @SuppressWarnings("unchecked")
                List<String> colours = (List<String>) theme.get("colours");
                assertEquals(8, colours.stream().distinct().count(), "eight distinct nick colours: " + colours);
                @SuppressWarnings("unchecked")
                List<Double> contrasts = (List<Double>) theme.get("contrasts");
                for (int i = 0; i < contrasts.size(); i++) {
                    assertTrue(contrasts.get(i) >= 4.5, "nick-" + i + " " + colours.get(i) + " on " + theme.get("background")
                            + " has contrast " + contrasts.get(i));
                }
            }
        } finally {
            chromium.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    private static Map<?, ?> themeColours(ChromiumDriver chromium, String scheme) {
        chromium.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
        openWithoutRegistry();
        return (Map<?, ?>) browser.run("""
                const rgb = text => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
                const luminance = ([r, g, b]) => {
                    const c = [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
                    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
                };
                const background = getComputedStyle(document.body).backgroundColor;
                const colours = [];
                const contrasts = [];
                for (let i = 0; i < 8; i++) {
                    const span = document.createElement('span');
                    span.className = 'nick nick-' + i;
                    document.body.append(span);
                    const colour = getComputedStyle(span).color;
                    span.remove();
                    const [hi, lo] = [luminance(rgb(colour)), luminance(rgb(background))].sort((a, b) => b - a);
                    colours.push(colour);
                    contrasts.push((hi + 0.05) / (lo + 0.05));
                }
                return {background, colours, contrasts};
                """);
    }

    /**
     * In a window narrower than the three columns (half a laptop screen, a phone) the parts stack
     * and the page scrolls; the message box, scrolled to, is not under another part, with a
     * conversation and the notices full.
     */
    @Test
    void inANarrowWindowTheMessageBoxIsNotCoveredByTheNotices() {
        openWithoutRegistry();
        var window = browser.driver().manage().window();
        Dimension usual = window.getSize();
        try {
            browser.run("""
                    const v = await import('/js/view.js');
                    v.showChat('wendy');
                    v.renderMessages(Array.from({length: 60}, (_, i) => ({id: 'm' + i, from: 'walt', sentAt:
                        '2026-12-05T09:30:00Z', body: 'message ' + i, state: 'received'})), 'wendy');
                    for (let i = 0; i < 60; i++) {
                        v.notice('notice ' + i);
                    }
                    """);
            for (Dimension size : List.of(new Dimension(900, 900), new Dimension(390, 800), new Dimension(900, 600))) {
                window.setSize(size);
                Object under = browser.run("""
                        const box = document.getElementById('compose');
                        box.scrollIntoView({block: 'center'});
                        const r = box.getBoundingClientRect();
                        const there = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                        return there === box ? '' : there === null ? 'nothing' : there.outerHTML.slice(0, 100);
                        """);
                assertEquals("", under, "what is over the message box at " + size);
            }
        } finally {
            window.setSize(usual);
        }
    }

    @Test
    void theKeyboardReachesTheFormsWithAVisibleFocusAndEscapeClosesADialog() {
        openWithoutRegistry();
        var driver = browser.driver();
        driver.findElement(By.id("login-username")).sendKeys(Keys.TAB);
        assertEquals("login-password", driver.switchTo().activeElement().getAttribute("id"));
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertEquals("login-submit", driver.switchTo().activeElement().getAttribute("id"));
        String outline = (String) browser.run("return getComputedStyle(document.activeElement).outlineStyle;");
        assertEquals("solid", outline, "a focused button shows where the focus is");
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertEquals("register-username", driver.switchTo().activeElement().getAttribute("id"));

        browser.run("""
                const v = await import('/js/view.js');
                v.warn('WARNING: the registry holds the key AAAA for bob, but this browser pinned BBBB');
                """);
        assertTrue(driver.findElement(By.id("warning-dialog")).isDisplayed());
        assertEquals("WARNING: the registry holds the key AAAA for bob, but this browser pinned BBBB",
                driver.findElement(By.id("warning-text")).getText());
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        assertFalse((Boolean) browser.run("return document.getElementById('warning-dialog').open;"));
        assertEquals("login-username", driver.switchTo().activeElement().getAttribute("id"));
        assertEquals(List.of(), unexpectedConsoleLines());
    }
}
