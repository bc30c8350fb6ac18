package dev.parley.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.registry.web.testing.BrowserTest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * js/markup.js in Chromium: chat bodies become DOM nodes with bold, italic, code and links, and
 * nothing a peer writes is ever markup of the page; nick colours are stable.
 */
class MarkupTest extends BrowserTest {
    private static final String LINK_ATTRS = " rel=\"noopener noreferrer\" target=\"_blank\"";
    @BeforeEach
    void freshPage() {
        browser.open("/test/harness.html");
    }

    /** The HTML the rendered body serialises to (so element structure and escaping both show). */
    private static String render(String body) {
        return (String) browser.run("""
                const m = await import('/js/markup.js');
                const div = document.createElement('div');
                div.append(m.renderBody(arguments[0]));
                return div.innerHTML;
                """, body);
    }

    @Test
    void boldItalicAndCodeBecomeElements() {
        assertEquals("hello <strong>bob</strong>", render("hello **bob**"));
        assertEquals("<em>one</em> and <em>two</em> and <strong><em>three</em></strong>",
                render("*one* and _two_ and ***three***"));
        assertEquals("<code>code **not bold** https://x.org</code> after", render("`code **not bold** https://x.org` after"));
        assertEquals("<code>a ` b</code>", render("`` a ` b ``"));
        assertEquals("<strong>bold </strong><strong><em>nested</em></strong><strong> end</strong>",
                render("**bold *nested* end**"));
    }

    @Test
    void markersThatAreNotMarkupStayAsWritten() {
        assertEquals("2*3*4 snake_case_name 5 * 3 * 2", render("2*3*4 snake_case_name 5 * 3 * 2"));
        assertEquals("**unclosed and *half", render("**unclosed and *half"));
        assertEquals("__never__ ****four****", render("__never__ ****four****"));
    }

    @Test
    void httpAndHttpsAddressesAreLinksThatOpenApart() {
        assertEquals("see <a href=\"https://example.org/a_(b)\"" + LINK_ATTRS + ">https://example.org/a_(b)</a>). ok",
                render("see https://example.org/a_(b)). ok"));
        assertEquals("<a href=\"http://example.org/?q=1&amp;r=2\"" + LINK_ATTRS + ">http://example.org/?q=1&amp;r=2</a>",
                render("http://example.org/?q=1&r=2"));
        assertEquals("<a href=\"https://www.example.org\"" + LINK_ATTRS + ">www.example.org</a>", render("www.example.org"));
        // The address a link opens is percent-encoded; what it shows is what was written.
        assertEquals("<a href=\"https://example.org/%C3%A9t%C3%A9\"" + LINK_ATTRS + ">https://example.org/été</a>",
                render("https://example.org/été"));
        Map<?, ?> link = (Map<?, ?>) browser.run("""
                const m = await import('/js/markup.js');
                const a = m.renderBody('go to https://example.org now').querySelector('a');
                return {href: a.href, rel: a.rel, target: a.target, text: a.textContent};
                """);
        assertEquals(Map.of("href", "https://example.org/", "rel", "noopener noreferrer", "target", "_blank",
                "text", "https://example.org"), link);
    }

    @Test
    void otherSchemesAreNeverLinked() {
        for (String body : List.of("javascript:alert(1)", "JavaScript:alert(document.cookie)", "[x](javascript:alert(1))",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd")) {
            Long links = (Long) browser.run("""
                    const m = await import('/js/markup.js');
                    const div = document.createElement('div');
                    div.append(m.renderBody(arguments[0]));
                    return div.querySelectorAll('a').length;
                    """, body);
            assertEquals(0L, links, body);
        }
        assertEquals("javascript:alert(1) and <a href=\"https://ok.org\"" + LINK_ATTRS + ">https://ok.org</a>",
                render("javascript:alert(1) and https://ok.org"));
    }

    @Test
    void htmlInABodyStaysText() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", render("<script>alert(1)</script>"));
        assertEquals("&lt;img src=x onerror=alert(1)&gt;", render("<img src=x onerror=alert(1)>"));
        assertEquals("<strong>&lt;b&gt;x&lt;/b&gt;</strong>", render("**<b>x</b>**"));
        // In the live document: nothing is made of it and nothing runs.
        Map<?, ?> live = (Map<?, ?>) browser.run("""
                const m = await import('/js/markup.js');
                const holder = document.createElement('p');
                holder.append(m.renderBody('<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>'
                    + ' <a href="javascript:window.pwned=3">x</a> <svg onload="window.pwned=4">'));
                document.body.append(holder);
                await new Promise(resolve => setTimeout(resolve, 300));
                return {elements: holder.querySelectorAll('*').length, pwned: window.pwned === undefined ? 'no' : String(window.pwned),
                        text: holder.textContent};
                """);
        assertEquals(0L, live.get("elements"));
        assertEquals("no", live.get("pwned"));
        assertEquals("<img src=x onerror=\"window.pwned=1\"> <script>window.pwned=2</script>"
                + " <a href=\"javascript:window.pwned=3\">x</a> <svg onload=\"window.pwned=4\">", live.get("text"));
    }

    @Test
    void charactersThatHideOrReorderTextAreShownAsReplacements() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd", render("a\u202Eb\u200Bc\u0007d"));
        assertEquals("line one\nline two\nthree", render("line one\r\nline two\u2028three"));
        assertEquals("tab here", render("tab\there"));
        assertEquals("emoji \uD83D\uDC0E and \u200D joiner", render("emoji \uD83D\uDC0E and \u200D joiner"));
        // A lone surrogate cannot cross WebDriver's JSON, so the page makes it.
        assertEquals("lone \uFFFD surrogate", browser.run("""
                const m = await import('/js/markup.js');
                return m.sanitize('lone ' + String.fromCharCode(0xD800) + ' surrogate');
                """));
    }

    @Test
    void aNickHasTheSameColourInAnyCaseAndTheSamePlaceAsTheTerminalClientsHash() {
        List<String> names = List.of("alice", "Alice", "ALICE", "bob", "carol", "dave", "eve", "mallory", "trent",
                "peggy", "victor", "walter", "a.b-c_d", "x1", "Zoe2026");
        @SuppressWarnings("unchecked")
        List<Long> colours = (List<Long>) browser.run("""
                const m = await import('/js/markup.js');
                return arguments[0].map(name => m.nickColour(name));
                """, names);
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            // The terminal client's Palette.nickColour: String.hashCode of the lower-cased name, modulo the palette.
            long expected = Math.floorMod(names.get(i).toLowerCase(Locale.ROOT).hashCode(), 8);
            assertEquals(expected, colours.get(i), names.get(i));
            distinct.add(colours.get(i));
        }
        assertEquals(colours.get(0), colours.get(1));
        assertEquals(colours.get(0), colours.get(2));
        assertTrue(distinct.size() >= 5, "the names spread over the palette: " + distinct);
        // The same again in a new page: nothing depends on state or chance.
        browser.reload();
        assertEquals(colours, browser.run("""
                const m = await import('/js/markup.js');
                return arguments[0].map(name => m.nickColour(name));
                """, names));
        Map<?, ?> element = (Map<?, ?>) browser.run("""
                const m = await import('/js/markup.js');
                const span = m.nickElement('Bob<img src=x>');
                return {className: span.className, text: span.textContent, children: span.children.length};
                """);
        assertEquals("nick nick-" + Math.floorMod("bob<img src=x>".hashCode(), 8), element.get("className"));
        assertEquals("Bob<img src=x>", element.get("text"));
        assertEquals(0L, element.get("children"));
    }
}
