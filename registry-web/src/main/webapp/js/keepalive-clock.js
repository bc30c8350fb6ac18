/*
 * The keepalive clock, in a dedicated worker. A browser sends no UDP keepalives, so the page keeps
 * its session alive with a KEEPALIVE request over the link every interval. Timers in a page hidden
 * for a few minutes run at most once a minute (Chrome's intensive throttling), which is longer than
 * a session lives without keepalives (three intervals): the tab would drop out of its rooms. A
 * worker's timers are not throttled so, so the worker ticks and the page sends.
 *
 * Messages in: {start: seconds} (re)starts the clock, {stop: true} stops it. Out: 'tick'.
 */
let timer = null;

self.onmessage = event => {
    if (timer !== null) {
        clearInterval(timer);
        timer = null;
    }
    const seconds = event.data && event.data.start;
    if (Number.isFinite(seconds) && seconds > 0) {
        timer = setInterval(() => self.postMessage('tick'), seconds * 1000);
    }
};
