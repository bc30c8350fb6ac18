// The link to the registry: one WebSocket to /link on the page's own origin, one JSON frame per text
// message, exactly the frames of docs/PROTOCOL.md. Requests carry an id and are matched with the
// RESPONSE of the same id; frames without an id are events. When the socket closes the link says so
// and opens a new one with backoff, by itself; whoever uses it logs in again on 'ready'.

export const PROTOCOL_VERSION = '1.0';
export const AGENT = 'parley-web/0.1.0';

/** How long a request waits for its answer before it is given up. */
const REQUEST_TIMEOUT_MS = 15000;
/** Backoff between connection attempts: doubling from the first to the last, with ±20 % jitter. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30000;
/** The longest 429 wait a request sits through by itself; a longer one is the caller's to tell. */
const MAX_AUTOMATIC_WAIT_S = 60;

/** A request that got no answer: the link closed, was not open, or the registry did not answer in time. */
export class LinkError extends Error {
    constructor(message) {
        super(message);
        this.name = 'LinkError';
    }
}

/** The URL of the registry link beside the page: wss://host:port/link (ws:// for a page over plain http). */
export function linkUrl(location = window.location) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/link`;
}

function sleep(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * The registry link.
 *
 * Callbacks (all optional):
 *  - onState(state, detail): 'connecting' (first attempt), 'ready' (HELLO answered), 'offline' (never
 *    reached yet, retrying), 'reconnecting' (was ready, lost, retrying), 'refused' (HELLO refused:
 *    another protocol version; no retry), 'stopped' (stop() called). detail is a reason or the HELLO answer.
 *  - onReady(helloAnswer): after each successful HELLO, the first and every reconnect.
 *  - onEvent(frame): a frame the registry sent on its own (MAIL, ROOM_JOINED, BYE, …).
 *  - onProblem(text): something the registry sent that cannot be used (not JSON, a stray answer).
 */
export class Link {
    constructor(url, callbacks = {}, options = {}) {
        this.url = url;
        this.callbacks = callbacks;
        this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
        this.socket = null;
        this.ready = false;
        this.everReady = false;
        /** This socket's challenge from the HELLO answer, signed at LOGIN; null before HELLO or from a registry without. */
        this.loginChallenge = null;
        this.stopped = false;
        this.nextId = 1;
        this.pending = new Map();
        this.attempt = 0;
        this.retryTimer = null;
        this.lastBye = null;
    }

    start() {
        this.stopped = false;
        this.connect();
    }

    /** Closes the link for good: no reconnect; pending requests fail. */
    stop() {
        this.stopped = true;
        clearTimeout(this.retryTimer);
        const socket = this.socket;
        this.socket = null;
        this.ready = false;
        if (socket) {
            socket.close(1000, 'bye');
        }
        this.failPending('the link to the registry was closed');
        this.emitState('stopped');
    }

    /** Closes the current socket and opens a new one at once (after a BYE, say). */
    restart() {
        if (this.socket) {
            this.socket.close(1000, 'restart');
            this.dropSocket('the link was restarted');
        }
    }

    isReady() {
        return this.ready;
    }

    emitState(state, detail) {
        this.callbacks.onState?.(state, detail);
    }

    connect() {
        if (this.stopped) {
            return;
        }
        this.emitState(this.attempt === 0 && !this.everReady ? 'connecting' : this.everReady ? 'reconnecting' : 'offline');
        let socket;
        try {
            socket = new WebSocket(this.url);
        } catch (e) {
            this.scheduleRetry(`cannot open ${this.url}: ${e.message}`);
            return;
        }
        this.socket = socket;
        socket.addEventListener('open', () => {
            if (this.socket === socket) {
                this.hello(socket);
            }
        });
        socket.addEventListener('message', event => {
            if (this.socket === socket) {
                this.receive(event.data);
            }
        });
        socket.addEventListener('close', event => {
            // Events of a socket that was replaced are of no interest: its requests have already failed.
            if (this.socket === socket) {
                const why = this.lastBye ? this.lastBye : event.reason || (event.code === 1006 ? 'the registry cannot be reached' : `closed (${event.code})`);
                this.dropSocket(why);
            }
        });
    }

    dropSocket(reason) {
        this.socket = null;
        const wasReady = this.ready;
        this.ready = false;
        this.loginChallenge = null; // the next socket's HELLO gives its own
        this.lastBye = null;
        this.failPending(wasReady ? 'lost the registry' : 'no registry');
        if (!this.stopped) {
            this.scheduleRetry(reason);
        }
    }

    scheduleRetry(reason) {
        const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(this.attempt, 10));
        const delay = Math.round(base * (0.8 + Math.random() * 0.4));
        this.attempt++;
        this.emitState(this.everReady ? 'reconnecting' : 'offline', {reason, retryInMs: delay});
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.connect(), delay);
    }

    async hello(socket) {
        let answer;
        try {
            answer = await this.send({type: 'HELLO', version: PROTOCOL_VERSION, agent: AGENT}, {beforeReady: true});
        } catch (e) {
            // Either the socket went away meanwhile (its close handler retries) or HELLO went
            // unanswered: then this socket is no use, and a new one is tried.
            if (this.socket === socket) {
                socket.close(1000, 'no answer to HELLO');
                this.dropSocket(e.message);
            }
            return;
        }
        if (this.socket !== socket) {
            return;
        }
        if (answer.status !== 200) {
            // Another major version: trying again would be refused again.
            this.stopped = true;
            this.socket = null;
            socket.close(1000, 'version refused');
            this.failPending(answer.message || 'the registry refused this client');
            this.emitState('refused', answer.message || 'the registry refused this client');
            return;
        }
        this.ready = true;
        this.everReady = true;
        // Signed at LOGIN on this socket (sealing.proveLogin); a new socket gets a new one.
        this.loginChallenge = typeof answer.loginChallenge === 'string' ? answer.loginChallenge : null;
        this.attempt = 0;
        this.emitState('ready', answer);
        this.callbacks.onReady?.(answer);
    }

    failPending(reason) {
        const pending = [...this.pending.values()];
        this.pending.clear();
        for (const p of pending) {
            clearTimeout(p.timer);
            p.reject(new LinkError(reason));
        }
    }

    receive(data) {
        if (typeof data !== 'string') {
            this.callbacks.onProblem?.('the registry sent a binary frame; it was ignored');
            return;
        }
        let frame;
        try {
            frame = JSON.parse(data);
        } catch (e) {
            this.callbacks.onProblem?.('the registry sent a frame that is not JSON; it was ignored');
            return;
        }
        if (frame === null || typeof frame !== 'object' || Array.isArray(frame) || typeof frame.type !== 'string') {
            this.callbacks.onProblem?.('the registry sent a frame without a type; it was ignored');
            return;
        }
        if (frame.type === 'RESPONSE') {
            const p = typeof frame.id === 'string' ? this.pending.get(frame.id) : undefined;
            if (!p) {
                // id null: the registry could not read something this page sent.
                this.callbacks.onProblem?.(`the registry answered ${frame.id == null ? 'an unreadable request' : 'a request it was not waiting for'}: ${frame.status} ${frame.message ?? ''}`);
                return;
            }
            this.pending.delete(frame.id);
            clearTimeout(p.timer);
            p.resolve(frame);
            return;
        }
        if (frame.type === 'BYE') {
            // The close that follows gives the reason the registry gave here.
            this.lastBye = typeof frame.message === 'string' ? frame.message : 'the registry closed the link';
        }
        try {
            this.callbacks.onEvent?.(frame);
        } catch (e) {
            this.callbacks.onProblem?.(`an event ${frame.type} could not be handled: ${e.message}`);
        }
    }

    /** Sends one request frame and resolves with its RESPONSE frame, whatever its status. */
    send(fields, {beforeReady = false, timeoutMs = this.requestTimeoutMs} = {}) {
        const socket = this.socket;
        if (!socket || socket.readyState !== WebSocket.OPEN || (!this.ready && !beforeReady)) {
            return Promise.reject(new LinkError(this.everReady ? 'lost the registry — reconnecting…' : 'no registry'));
        }
        const id = String(this.nextId++);
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new LinkError(`the registry did not answer within ${Math.round(timeoutMs / 1000)} s`));
            }, timeoutMs);
            this.pending.set(id, {resolve, reject, timer});
            socket.send(JSON.stringify({...fields, id}));
        });
    }

    /**
     * Sends a request of `type` with `fields` and resolves with its answer. A 429 with
     * retryAfterSeconds (up to a minute) is waited out and the request sent again, unless
     * `waitOn429` is false; onWait(seconds) is told before each such wait. Rejects with LinkError
     * when no answer can come.
     */
    async request(type, fields = {}, {waitOn429 = true, onWait, timeoutMs} = {}) {
        for (;;) {
            const answer = await this.send({type, ...fields}, {timeoutMs: timeoutMs ?? this.requestTimeoutMs});
            const wait = answer.retryAfterSeconds;
            if (answer.status === 429 && waitOn429 && Number.isFinite(wait) && wait >= 0 && wait <= MAX_AUTOMATIC_WAIT_S) {
                onWait?.(wait);
                await sleep(Math.max(wait, 0.2) * 1000);
                continue;
            }
            return answer;
        }
    }
}
