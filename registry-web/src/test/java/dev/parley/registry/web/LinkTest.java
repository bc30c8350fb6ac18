package dev.parley.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.registry.web.testing.BrowserTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * js/link.js in Chromium, with the page's WebSocket replaced by a scripted registry (the test server
 * has no /link): HELLO first, answers matched to requests by id, events apart, 429 waited out,
 * frames that cannot be used reported, and a lost link opened again and said HELLO on again.
 */
class LinkTest extends BrowserTest {
    /**
     * A registry in the page: window.FakeSocket stands in for WebSocket; each socket made is in
     * window.sockets, what the page sent in socket.sent (parsed), and socket.reply(frame) / .close()
     * act as the registry. window.answer(frame) decides automatic answers (null: none).
     */
    private static final String FAKE_REGISTRY = """
            window.sockets = [];
            window.answer = frame => frame.type === 'HELLO'
                ? {type: 'RESPONSE', id: frame.id, status: 200, message: 'welcome', version: '1.0', keepaliveIntervalSeconds: 10}
                : null;
            class FakeSocket extends EventTarget {
                static CONNECTING = 0;
                static OPEN = 1;
                static CLOSED = 3;
                constructor(url) {
                    super();
                    this.url = url;
                    this.sent = [];
                    this.readyState = FakeSocket.CONNECTING;
                    window.sockets.push(this);
                    setTimeout(() => {
                        if (window.refuseConnections) {
                            this.close(1006);
                            return;
                        }
                        this.readyState = FakeSocket.OPEN;
                        this.dispatchEvent(new Event('open'));
                    }, 10);
                }
                send(text) {
                    const frame = JSON.parse(text);
                    this.sent.push(frame);
                    const reply = window.answer(frame);
                    if (reply) {
                        setTimeout(() => this.reply(reply), 5);
                    }
                }
                reply(frame) {
                    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
                    this.dispatchEvent(new MessageEvent('message', {data}));
                }
                close(code = 1000, reason = '') {
                    if (this.readyState === FakeSocket.CLOSED) {
                        return;
                    }
                    this.readyState = FakeSocket.CLOSED;
                    const e = new Event('close');
                    e.code = code;
                    e.reason = reason;
                    this.dispatchEvent(e);
                }
            }
            window.WebSocket = FakeSocket;
            const until = async (test, what) => {
                for (let i = 0; i < 200; i++) {
                    if (test()) {
                        return;
                    }
                    await new Promise(resolve => setTimeout(resolve, 20));
                }
                throw new Error('timed out waiting for ' + what);
            };
            const {Link} = await import('/js/link.js');
            const log = {states: [], events: [], problems: [], ready: 0};
            const link = new Link('ws://127.0.0.1/link', {
                onState: state => log.states.push(state),
                onReady: () => log.ready++,
                onEvent: frame => log.events.push(frame.type),
                onProblem: text => log.problems.push(text),
            });
            link.start();
            await until(() => link.isReady(), 'the link to be ready');
            """;

    @BeforeEach
    void freshPage() {
        browser.open("/test/harness.html");
    }

    @Test
    void helloComesFirstAndAnswersFindTheirRequestsWhileEventsGoApart() {
        Map<?, ?> result = (Map<?, ?>) browser.run(FAKE_REGISTRY + """
                const socket = window.sockets[0];
                window.answer = frame => null;
                const first = link.request('SEARCH_USER', {username: 'bob'});
                const second = link.request('WHOAMI', {});
                const [a, b] = socket.sent.slice(1);
                // Answered in the other order, with an event between: each still finds its request.
                socket.reply({type: 'RESPONSE', id: b.id, status: 200, message: 'you are alice'});
                socket.reply({type: 'MAIL', envelope: {}});
                socket.reply({type: 'RESPONSE', id: a.id, status: 404, message: 'no user named bob'});
                return {
                    hello: socket.sent[0],
                    first: (await first).message,
                    second: (await second).message,
                    sent: socket.sent.slice(1).map(f => f.type + ' ' + JSON.stringify(Object.keys(f).sort())),
                    events: log.events,
                    states: log.states,
                    ready: log.ready,
                };
                """);
        Map<?, ?> hello = (Map<?, ?>) result.get("hello");
        assertEquals("HELLO", hello.get("type"));
        assertEquals("1.0", hello.get("version"));
        assertEquals("parley-web/0.1.0", hello.get("agent"));
        assertEquals("no user named bob", result.get("first"));
        assertEquals("you are alice", result.get("second"));
        assertEquals(List.of("SEARCH_USER [\"id\",\"type\",\"username\"]", "WHOAMI [\"id\",\"type\"]"), result.get("sent"));
        assertEquals(List.of("MAIL"), result.get("events"));
        assertEquals(List.of("connecting", "ready"), result.get("states"));
        assertEquals(1L, result.get("ready"));
    }

    @Test
    void aTooManyRequestsAnswerIsWaitedOutAndTheRequestSentAgain() {
        Map<?, ?> result = (Map<?, ?>) browser.run(FAKE_REGISTRY + """
                let refused = 0;
                window.answer = frame => {
                    if (frame.type !== 'MAIL_DEPOSIT') {
                        return null;
                    }
                    if (refused++ === 0) {
                        return {type: 'RESPONSE', id: frame.id, status: 429, message: 'slow down', retryAfterSeconds: 1};
                    }
                    return {type: 'RESPONSE', id: frame.id, status: 201, message: 'kept for bob'};
                };
                const waits = [];
                const started = Date.now();
                const answer = await link.request('MAIL_DEPOSIT', {envelope: {id: 'm1'}}, {onWait: s => waits.push(s)});
                return {status: answer.status, waits, tries: window.sockets[0].sent.filter(f => f.type === 'MAIL_DEPOSIT').length,
                        waited: Date.now() - started >= 900};
                """);
        assertEquals(Map.of("status", 201L, "waits", List.of(1L), "tries", 2L, "waited", true), result);
    }

    @Test
    void framesThatCannotBeUsedAreReportedAndTheLinkGoesOn() {
        Map<?, ?> result = (Map<?, ?>) browser.run(FAKE_REGISTRY + """
                const socket = window.sockets[0];
                socket.reply('not json');
                socket.reply('[1, 2]');
                socket.reply('{"no":"type"}');
                socket.reply({type: 'RESPONSE', id: null, status: 400, message: "missing field 'username'"});
                socket.reply({type: 'RESPONSE', id: '999', status: 200, message: 'late'});
                window.answer = frame => ({type: 'RESPONSE', id: frame.id, status: 200, message: 'still here'});
                const answer = await link.request('KEEPALIVE', {});
                return {problems: log.problems, answer: answer.message};
                """);
        assertEquals(List.of("the registry sent a frame that is not JSON; it was ignored",
                "the registry sent a frame without a type; it was ignored",
                "the registry sent a frame without a type; it was ignored",
                "the registry answered an unreadable request: 400 missing field 'username'",
                "the registry answered a request it was not waiting for: 200 late"), result.get("problems"));
        assertEquals("still here", result.get("answer"));
    }

    @Test
    void aLostLinkFailsWhatWaitedAndIsOpenedAgainWithHello() {
        Map<?, ?> result = (Map<?, ?>) browser.run(FAKE_REGISTRY + """
                window.answer = frame => frame.type === 'HELLO'
                    ? {type: 'RESPONSE', id: frame.id, status: 200, message: 'welcome', version: '1.0'} : null;
                const waiting = link.request('ROOM_LIST', {}).then(() => 'answered', e => e.name + ': ' + e.message);
                window.sockets[0].reply({type: 'BYE', status: 503, message: 'the registry is shutting down'});
                window.sockets[0].close(1006);
                const failed = await waiting;
                const whileDown = await link.request('WHOAMI', {}).then(() => 'answered', e => e.message);
                await until(() => log.ready === 2, 'a second HELLO');
                return {failed, whileDown, sockets: window.sockets.length, states: log.states,
                        helloAgain: window.sockets[1].sent[0].type, events: log.events};
                """);
        assertEquals("LinkError: lost the registry", result.get("failed"));
        assertEquals("lost the registry — reconnecting…", result.get("whileDown"));
        assertEquals(2L, result.get("sockets"));
        assertEquals("HELLO", result.get("helloAgain"));
        assertEquals(List.of("BYE"), result.get("events"));
        assertEquals(List.of("connecting", "ready", "reconnecting", "reconnecting", "ready"), result.get("states"));
    }

    @Test
    void aRegistryThatCannotBeReachedIsTriedAgainWithBackoffAndNoRegistryMeanwhile() {
        Map<?, ?> result = (Map<?, ?>) browser.run("""
                window.refuseConnections = true;
                """ + FAKE_REGISTRY.replace("await until(() => link.isReady(), 'the link to be ready');", "") + """
                await until(() => window.sockets.length >= 2, 'a second attempt');
                const attempts = window.sockets.length;
                const refused = await link.request('LOGIN', {}).then(() => 'answered', e => e.message);
                window.refuseConnections = false;
                await until(() => link.isReady(), 'the link once the registry answers');
                return {attempts, refused, states: [...new Set(log.states)]};
                """);
        assertEquals(2L, result.get("attempts"));
        assertEquals("no registry", result.get("refused"));
        assertEquals(List.of("connecting", "offline", "ready"), result.get("states"));
    }
}
