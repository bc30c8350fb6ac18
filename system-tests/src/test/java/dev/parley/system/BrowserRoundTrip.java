package dev.parley.system;

import dev.parley.registry.web.testing.HeadlessChromium;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A benchmark, not a test: messages between the browser client (headless Chromium) and a terminal
 * client (`parley --plain`) through a registry started by bin/registry, both ways at a constant
 * rate, timed from each message's intended send time (wall clock, one machine):
 * <ul>
 *   <li>browser → terminal: until the browser shows it *delivered* (sealed, deposited, relayed,
 *       stored and acknowledged by the terminal client, the receipt back and recorded);</li>
 *   <li>terminal → browser: until the browser shows it (relayed, opened, stored durably).</li>
 * </ul>
 * The page records both moments itself (a MutationObserver added through the driver), so the
 * driver's own latency is not in them. Run with (docs/BENCHMARKS.md):
 * <pre>
 * ./mvnw -o -q -pl system-tests exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.parley.system.BrowserRoundTrip -Dexec.args="RATE SECONDS"
 * </pre>
 */
public final class BrowserRoundTrip {
    private static final String OBSERVE = """
            window.roundTrip = {delivered: {}, shown: {}};
            new MutationObserver(() => {
                for (const li of document.querySelectorAll('#messages li.message')) {
                    const body = li.querySelector('.body');
                    const text = body ? body.textContent : '';
                    if (!text.startsWith('rt-')) continue;
                    const mark = li.querySelector('.mark');
                    if (li.dataset.from === 'wendy' && mark && mark.textContent === 'delivered'
                            && !(text in roundTrip.delivered)) roundTrip.delivered[text] = Date.now();
                    if (li.dataset.from === 'tom' && !(text in roundTrip.shown)) roundTrip.shown[text] = Date.now();
                }
            }).observe(document.getElementById('messages'),
                    {subtree: true, childList: true, characterData: true, attributes: true});
            """;
    private static final String SEND = """
            const compose = document.getElementById('compose');
            compose.value = arguments[0];
            document.getElementById('send').click();
            """;

    private BrowserRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int count = (int) (rate * seconds);
        long intervalMillis = Math.round(1000 / rate);
        try (RegistryProcess registry = RegistryProcess.start(RegistryProcess.tempHome("rt-registry"), Map.of());
                HeadlessChromium browser = HeadlessChromium.builder().noServer().start();
                ParleyProcess tom = ParleyProcess.online("tom", RegistryProcess.tempHome("rt-tom"), registry.address())) {
            WebClientPage wendy = new WebClientPage(browser);
            browser.open("https://localhost:" + registry.webPort + "/");
            wendy.registerAndLogIn("wendy");
            tom.send("/chat wendy").awaitStart("wendy is on the web and takes no direct links");
            tom.send("warm-up");
            wendy.openConversation("@tom");
            wendy.message("tom", "warm-up");
            wendy.say("warm-up back");
            wendy.awaitMark("warm-up back", "delivered");

            JavascriptExecutor page = (JavascriptExecutor) wendy.driver();
            page.executeScript(OBSERVE);
            long start = System.currentTimeMillis() + 500;
            long[] intended = new long[count];
            for (int i = 0; i < count; i++) {
                intended[i] = start + i * intervalMillis;
                long wait = intended[i] - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                tom.send("rt-t-" + i);
                page.executeScript(SEND, "rt-b-" + i);
            }
            long deadline = System.currentTimeMillis() + 30_000;
            Map<?, ?> seen;
            do {
                Thread.sleep(500);
                seen = (Map<?, ?>) page.executeScript("return roundTrip;");
            } while ((((Map<?, ?>) seen.get("delivered")).size() < count || ((Map<?, ?>) seen.get("shown")).size() < count)
                    && System.currentTimeMillis() < deadline);
            report("browser -> terminal, until shown delivered", (Map<?, ?>) seen.get("delivered"), "rt-b-", intended,
                    rate);
            report("terminal -> browser, until shown", (Map<?, ?>) seen.get("shown"), "rt-t-", intended, rate);
        }
    }

    private static void report(String what, Map<?, ?> at, String prefix, long[] intended, double rate) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < intended.length; i++) {
            Object t = at.get(prefix + i);
            if (t instanceof Number n) {
                latencies.add(n.longValue() - intended[i]);
            }
        }
        latencies.sort(null);
        int n = latencies.size();
        System.out.printf(Locale.ROOT, "%-44s %.1f/s  %d of %d  p50 %d ms  p90 %d ms  p99 %d ms  max %d ms%n", what, rate,
                n, intended.length, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                n == 0 ? -1 : latencies.get(n - 1));
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
