/*
 * Parley in the browser: the page's state and flows (log in, rooms, conversations).
 *
 * The page's test contract: end-to-end tests drive the page through these ids and attributes, so
 * change them only on purpose.
 *
 *   #status                 connection state; data-state connecting | ready | offline | reconnecting |
 *                           refused, text "connecting…", "connected", "(no registry)", "(reconnecting)"
 *   #whoami                 "logged in as NAME" while logged in
 *   #logout                 log out (shown while logged in)
 *   #auth                   the log-in and register forms, shown while logged out
 *   #register-username, #register-password, #register-password2, #register-submit, #register-error
 *                           register; after "registered NAME — log in below" (in #register-error,
 *                           class ok) the page does NOT log in by itself: #login-username is filled in
 *                           and #login-password has the focus
 *   #login-username, #login-password, #login-submit, #login-error
 *                           log in; errors (wrong password, identity key mismatch, 429) in #login-error
 *   #chat                   the chat screen, shown while logged in
 *   #conversations          li[data-conversation="@bob" | "#lobby"] > button, with a span.unread badge
 *                           (empty text when nothing is unread)
 *   #online-list            li[data-user="bob"] > button (opens @bob); #online-refresh reloads it
 *   #search-input, #search-submit, #search-result
 *                           SEARCH_USER; #search-result holds "bob is online" / "bob is offline" /
 *                           "no user named bob" and, for a user, button#search-chat (opens @bob)
 *   #room-name, #room-password, #room-capacity, #room-description
 *   #room-create            creates the room named in #room-name (password, capacity, description optional)
 *   #room-join              joins it (with #room-password when one is typed); Enter in the form does the same
 *   #room-leave             leaves the room named in #room-name, or when that is empty the room shown
 *   #room-error             what a room request got wrong ("#lobby needs a password — …")
 *   #room-list-refresh, #room-list
 *                           ROOM_LIST; li[data-room="lobby"] > button joins it
 *   #conversation-title     "@bob" or "#lobby"; #conversation-info the room's members/capacity and host
 *   #room-members           (rooms only) opens #members-dialog with #members-list li[data-user]
 *   #messages               li.message[data-id][data-from] with time, .nick, .body and, for one's own,
 *                           .mark: "sent", "delivered", "delivered to 1 of 2", "not delivered";
 *                           li.inline-notice for room events while the room is shown; for a
 *                           request (a one-to-one conversation someone else started and this user
 *                           has not accepted) only li.request with [data-test=request-accept|request-reject]
 *   #compose, #send         the message box (Enter sends, Shift+Enter a new line; /help for commands)
 *   #notices                aria-live="polite": li[data-kind=info|success|warning|error], the page's notices; an
 *                           invitation has buttons [data-test=invitation-accept|invitation-reject]
 *   #announcer              aria-live="polite": the last message that arrived
 *   #warning-dialog         modal with #warning-text (a changed identity key, both fingerprints);
 *                           #warning-close or Escape closes it
 *
 * The store is opened under the lower-cased username (one per account, whatever case was typed).
 */

import {Link, LinkError, linkUrl} from './link.js';
import {createIdentity, proveLogin} from './sealing.js';
import {openStore} from './store.js';
import {Messenger, lower} from './chat.js';
import {ROOM_NAME, USERNAME} from './names.js';
import * as view from './view.js';
import * as words from './words.js';

const $ = view.$;

/** How often the online list is read again while logged in. */
const ONLINE_REFRESH_MS = 30000;
/** How many messages of a conversation are shown when it is opened. */
const HISTORY = 200;

/** The logged-in session, or null. */
let session = null;
let link = null;

// ---------- rooms ----------

/** The rooms this session is in, as the registry last described them (room views with members). */
class RoomBook {
    constructor() {
        this.rooms = new Map();
    }

    get(name) {
        return this.rooms.get(lower(name));
    }

    names() {
        return [...this.rooms.values()].map(r => r.name);
    }

    set(view) {
        const room = {
            name: view.name,
            description: typeof view.description === 'string' ? view.description : '',
            capacity: view.capacity,
            host: view.host,
            locked: view.locked === true,
            inviteOnly: view.inviteOnly === true,
            members: Array.isArray(view.members) ? view.members.filter(m => m && typeof m.username === 'string') : [],
        };
        this.rooms.set(lower(room.name), room);
        return room;
    }

    delete(name) {
        this.rooms.delete(lower(name));
    }

    /** Asks the registry who is in the room now; resolves the room, or undefined if this session is not in it. */
    async refresh(name) {
        const answer = await link.request('ROOM_MEMBERS', {name});
        if (answer.status === 200 && answer.room) {
            return this.set(answer.room);
        }
        if (answer.reason === 'not-member' || answer.reason === 'no-such-room') {
            this.delete(name);
        }
        return undefined;
    }
}

function roomInfo(room) {
    if (!room) {
        return 'you are not in this room';
    }
    return `${room.members.length}/${room.capacity}, host ${room.host}${room.description ? ' — ' + room.description : ''}`
        + (room.locked ? ' — locked' : '');
}

// ---------- conversations ----------

function ensureConversation(name) {
    if (!session.conversations.has(name)) {
        session.conversations.set(name, {name, unread: 0, waiting: 0});
        renderConversations();
    }
    return session.conversations.get(name);
}

function renderConversations() {
    if (!session) {
        return;
    }
    watchPeople();
    const entries = [...session.conversations.values()].map(c => ({
        name: c.name,
        unread: c.unread,
        detail: c.waiting > 0 ? words.heldDetail(c.waiting)
            : c.name.startsWith('#') && !session.rooms.get(c.name.slice(1)) ? '(left)' : '',
    }));
    view.renderConversations(entries, session.current, name => openConversation(name));
    const unread = entries.reduce((sum, e) => sum + e.unread, 0);
    document.title = unread > 0 ? `(${unread}) Parley` : 'Parley';
}

function showHead() {
    const name = session.current;
    if (!name) {
        view.setConversationHead(null);
    } else if (name.startsWith('#')) {
        const room = session.rooms.get(name.slice(1));
        view.setConversationHead(name, roomInfo(room), Boolean(room));
    } else {
        view.setConversationHead(name, '', false);
    }
}

/** Shows a conversation ("@bob" or "#lobby"): its history from the store, then the message box has the focus. */
async function openConversation(name) {
    const s = session;
    ensureConversation(name);
    s.current = name;
    s.conversations.get(name).unread = 0;
    renderConversations();
    showHead();
    const load = ++s.loads;
    const waiting = s.conversations.get(name).waiting;
    if (waiting > 0) {
        const peer = name.slice(1);
        view.renderRequest(words.heldPrompt(peer, waiting), () => answerRequest(name, true),
            () => answerRequest(name, false));
        return;
    }
    view.renderMessages([], s.me);
    $('compose').focus();
    let messages;
    try {
        messages = await s.store.messages(name, HISTORY);
    } catch (e) {
        notice(words.error(`cannot read the history of ${name}: ${e.message}`), 'error');
        return;
    }
    if (session !== s || s.loads !== load) {
        return;
    }
    // Own messages whose receipts came in this page session carry their newest state in memory.
    view.renderMessages(messages.map(m => s.messenger.sent.get(m.id)?.message ?? m), s.me);
}

/** A message to show: in the conversation shown, or counted as unread there. */
function shown(conversation, message, {received = false} = {}) {
    if (!session) {
        return;
    }
    const entry = ensureConversation(conversation);
    if (conversation === session.current) {
        view.appendMessage(message, session.me);
    } else if (received) {
        entry.unread++;
        renderConversations();
    }
    if (received) {
        const where = message.room ? ` in #${message.room}` : '';
        view.announce(`${message.from}${where}: ${words.quote(message.body)}`);
    }
}

/** Someone this user has not accepted left messages in `conversation`: listed and told, not shown. */
function request(conversation, peer, waiting) {
    if (!session) {
        return;
    }
    ensureConversation(conversation).waiting = waiting;
    renderConversations();
    tellRequest(peer, waiting);
    if (conversation === session.current) {
        openConversation(conversation);
    }
}

function tellRequest(peer, waiting) {
    notice(words.mailHeld(peer, waiting), 'info');
    view.announce(words.mailHeld(peer, waiting));
}

/** Accept or Reject on a request: accepted, it opens with its messages; rejected, it leaves the list. */
async function answerRequest(name, accept) {
    const s = session;
    const peer = name.slice(1);
    try {
        await s.store.answerRequest(name, accept);
    } catch (e) {
        notice(words.error(e.message), 'error');
        return;
    }
    if (session !== s) {
        return;
    }
    if (accept) {
        ensureConversation(name).waiting = 0;
        notice(words.requestAccepted(peer), 'success');
        await openConversation(name);
        return;
    }
    s.conversations.delete(name);
    if (s.current === name) {
        s.current = null;
        view.renderMessages([], s.me);
        showHead();
    }
    renderConversations();
    notice(words.requestRejected(peer), 'info');
}

function updated(conversation, message) {
    if (session && conversation === session.current) {
        view.updateMark(message, session.me);
    }
}

/** A notice; one about the conversation shown is also written inline there. */
function notice(text, kind = 'info', conversation, actions) {
    const li = view.notice(text, kind, actions);
    if (session && conversation && conversation === session.current) {
        view.inlineNotice(text);
    }
    return li;
}

// ---------- the link ----------

function onState(state, detail) {
    switch (state) {
        case 'connecting':
            view.setStatus('connecting', 'connecting…');
            break;
        case 'ready':
            view.setStatus('ready', 'connected');
            break;
        case 'offline':
            view.setStatus('offline', words.NO_REGISTRY);
            break;
        case 'reconnecting':
            if ($('status').dataset.state === 'ready' && session) {
                stopKeepalive();
                notice(words.lostRegistry(), 'warning');
            }
            view.setStatus('reconnecting', words.RECONNECTING);
            break;
        case 'refused':
            view.setStatus('refused', `refused: ${detail}`);
            notice(words.error(String(detail)), 'error');
            break;
        default:
            break;
    }
}

async function onReady() {
    if (session) {
        await relogin();
    }
}

function onEvent(frame) {
    switch (frame.type) {
        case 'MAIL':
            session?.messenger.onMail(frame.envelope);
            break;
        case 'MAIL_RECEIPT':
            session?.messenger.onReceipt(frame.receipt);
            break;
        case 'ROOM_JOINED':
        case 'ROOM_LEFT':
        case 'ROOM_HOST':
        case 'ROOM_UPDATED':
        case 'ROOM_INVITATION':
        case 'ROOM_INVITATION_ANSWER':
            if (session) {
                roomEvent(frame);
            }
            break;
        case 'BYE':
            if (frame.reason === 'keepalive-timeout') {
                notice(words.sessionExpired(String(frame.message ?? 'session expired')), 'warning');
                // The session is gone, and its rooms with it: the next login starts a new one.
                if (session) {
                    session.resumeToken = null;
                    keepResumeToken(session.me, null);
                }
            } else if (typeof frame.message === 'string') {
                notice(words.registryClosedLink(frame.message), 'warning');
            }
            break;
        case 'PRESENCE':
            // Someone this page watches came or went: the online list is read again at once.
            refreshOnlineSoon();
            break;
        default:
            // KEEPALIVE_MISSING (a browser sends no datagrams) and types of later versions.
            break;
    }
}

function problem(text) {
    notice(text, 'warning');
}

/**
 * What a room request got wrong: beside the room form, and among the notices, where it is seen
 * when the request was typed in the message box (/join, /leave, /create) far from the form.
 */
function tellRoomProblem(text) {
    view.formMessage('room-error', text);
    notice(text, 'error');
}

/** The keepalive clock (js/keepalive-clock.js): a worker, so a hidden tab still keeps its session. */
const keepaliveClock = new Worker('js/keepalive-clock.js');
keepaliveClock.onmessage = () => sendKeepalive();

function stopKeepalive() {
    keepaliveClock.postMessage({stop: true});
}

/** KEEPALIVE over the link every interval: a browser has no UDP keepalives. */
function startKeepalive(seconds) {
    keepaliveClock.postMessage({start: Number.isFinite(seconds) && seconds > 0 ? seconds : 10});
}

async function sendKeepalive() {
    const s = session;
    if (!s || !link) {
        return;
    }
    try {
        const answer = await link.request('KEEPALIVE', {});
        if (answer.status === 401 && session === s) {
            // The registry no longer has the session: log in again (without its rooms).
            notice(words.sessionExpired(answer.message || 'log in first'), 'warning');
            s.resumeToken = null;
            keepResumeToken(s.me, null);
            await relogin();
        }
    } catch (e) {
        // A lost link is the link's to win back.
    }
}

// ---------- log in, register, log out ----------

function identityKeyMismatchText(user, browserHadKey) {
    return browserHadKey ? words.identityKeyMismatch(user) : words.noIdentityHere(user);
}

async function login(event) {
    event.preventDefault();
    const username = $('login-username').value.trim();
    const password = $('login-password').value;
    if (!username || !password) {
        view.formMessage('login-error', 'type your username and password');
        return;
    }
    const submit = $('login-submit');
    submit.disabled = true;
    view.formMessage('login-error', '');
    let store;
    // After a 429 the button stays off until the registry would check a password again.
    let waitSeconds = 0;
    try {
        store = await openStore(lower(username));
        let identity = await store.identity();
        const hadKey = Boolean(identity);
        if (!identity) {
            // An account made without a key takes the one offered at login; one with a key refuses it (403).
            identity = await createIdentity();
        }
        const fields = await loginFields(username, password, identity, hadKey);
        const resumeToken = keptResumeToken(username);
        if (resumeToken) {
            fields.resumeToken = resumeToken; // a reload: the session, and its rooms, are taken over
        }
        const answer = await link.request('LOGIN', fields, {waitOn429: false});
        if (answer.status !== 200) {
            store.close();
            store = null;
            if (answer.status === 403 && answer.identityKeyMismatch === true) {
                view.formMessage('login-error', identityKeyMismatchText(username, hadKey));
            } else if (answer.status === 429 && Number.isFinite(answer.retryAfterSeconds)) {
                view.formMessage('login-error', answer.message);
                waitSeconds = Math.min(Math.max(answer.retryAfterSeconds, 0), 3600);
            } else {
                view.formMessage('login-error', answer.message || `the registry answered ${answer.status}`);
            }
            return;
        }
        if (!hadKey) {
            await store.saveIdentity(identity);
        }
        $('login-password').value = '';
        await startSession(answer, password, identity, store);
    } catch (e) {
        store?.close();
        view.formMessage('login-error', words.error(e.message));
    } finally {
        if (waitSeconds > 0) {
            setTimeout(() => {
                submit.disabled = false;
            }, waitSeconds * 1000);
        } else {
            submit.disabled = false;
        }
    }
}

/**
 * The resume token of this tab's session, kept in sessionStorage (this tab only, gone when it
 * closes): a reload ends the page's session but not the registry's, for one session timeout, and
 * logging in again with the token takes it over with its rooms instead of starting afresh (which
 * leaves every room). The token alone logs nobody in: the password is asked as ever.
 */
const RESUME = 'parley-resume';

function keepResumeToken(me, token) {
    try {
        if (token) {
            sessionStorage.setItem(RESUME, JSON.stringify({user: lower(me), token}));
        } else {
            sessionStorage.removeItem(RESUME);
        }
    } catch (e) {
        // Storage switched off: a reload then starts a new session, as before.
    }
}

function keptResumeToken(username) {
    try {
        // Only in a page reloaded: a duplicated tab gets a copy of sessionStorage, and presenting
        // the token there would take the session over from the tab it was copied from.
        if (performance.getEntriesByType('navigation')[0]?.type !== 'reload') {
            return null;
        }
        const kept = JSON.parse(sessionStorage.getItem(RESUME) ?? 'null');
        return kept?.user === lower(username) && typeof kept.token === 'string' ? kept.token : null;
    } catch (e) {
        return null;
    }
}

async function startSession(answer, password, identity, store) {
    const me = answer.username;
    keepResumeToken(me, answer.resumeToken);
    const s = {
        me,
        password,
        identity,
        store,
        resumeToken: answer.resumeToken ?? null,
        keepaliveSeconds: answer.keepaliveIntervalSeconds,
        onlineTimer: null,
        rooms: new RoomBook(),
        conversations: new Map(),
        current: null,
        loads: 0,
        /** The WATCH list last sent (lower-case names, sorted, joined), or null to send it again. */
        watched: null,
        messenger: null,
    };
    s.messenger = new Messenger({
        link, store, identity, me, rooms: s.rooms,
        ui: {
            shown: (conversation, message, options) => shown(conversation, message, options),
            request,
            updated,
            notice: (text, kind, conversation) => notice(text, kind, conversation),
            warn: text => view.warn(text),
        },
    });
    session = s;
    view.showChat(me);
    notice(words.loggedIn(me), 'success');
    startKeepalive(answer.keepaliveIntervalSeconds);
    try {
        for (const c of await store.conversations()) {
            const name = typeof c === 'string' ? c : c?.conversation ?? c?.name;
            if (typeof name === 'string' && (name.startsWith('@') || name.startsWith('#'))) {
                const waiting = Number.isSafeInteger(c?.waiting) ? c.waiting : 0;
                s.conversations.set(name, {name, unread: 0, waiting});
                if (waiting > 0) {
                    tellRequest(name.slice(1), waiting);
                }
            }
        }
    } catch (e) {
        notice(words.error(`cannot read your conversations: ${e.message}`), 'error');
    }
    renderConversations();
    $('compose').focus();
    s.onlineTimer = setInterval(() => refreshOnline(), ONLINE_REFRESH_MS);
    await afterLogin(answer, false);
    refreshRoomList();
}

/**
 * What follows every login, a resumed one too: rooms as the registry has them (those not listed are
 * left, the others' members asked again), then the mail and receipts that waited, then the outbox.
 */
async function afterLogin(answer, resumed) {
    const s = session;
    // A registry that restarted knows no watch lists: every login sends it again.
    s.watched = null;
    watchPeople();
    try {
        if (Array.isArray(answer.rooms)) {
            const listed = new Set(answer.rooms.map(lower));
            for (const name of s.rooms.names()) {
                if (!listed.has(lower(name))) {
                    s.rooms.delete(name);
                    notice(words.sessionEndedWithoutRoom(name), 'warning', '#' + name);
                }
            }
            for (const name of answer.rooms) {
                const known = Boolean(s.rooms.get(name));
                const room = await s.rooms.refresh(name);
                if (room) {
                    ensureConversation('#' + room.name);
                    if (!known) {
                        notice(words.stillInRoom(room.name, room.members.length, room.capacity, room.host,
                            room.members.map(m => m.username)), 'info', '#' + room.name);
                    }
                }
            }
        } else {
            for (const name of s.rooms.names()) {
                await s.rooms.refresh(name);
            }
        }
    } catch (e) {
        if (!(e instanceof LinkError)) {
            notice(words.error(e.message), 'error');
        }
    }
    if (session !== s) {
        return;
    }
    renderConversations();
    showHead();
    refreshOnline();
    s.messenger.fetchMail();
    s.messenger.fetchReceipts();
    await s.messenger.resendOutbox().catch(e => notice(words.error(e.message), 'error'));
    if (resumed) {
        notice(words.reconnected(), 'success');
    }
}

/**
 * A LOGIN's fields: this browser's identity key offered and, when the account may hold it
 * (`proves`), the link's challenge signed with it, so a guessing attack on the account does not
 * keep its owner waiting.
 */
async function loginFields(username, password, identity, proves) {
    const fields = {username, password, identityKey: identity.publicKey};
    const proof = proves ? await proveLogin(identity, link.loginChallenge, username) : undefined;
    if (proof) {
        fields.proof = proof;
    }
    return fields;
}

/** After the link came back: LOGIN again with the last resume token, so the session and its rooms are kept. */
async function relogin() {
    const s = session;
    if (!s || s.relogging) {
        return;
    }
    s.relogging = true;
    try {
        const fields = await loginFields(s.me, s.password, s.identity, true);
        if (s.resumeToken) {
            fields.resumeToken = s.resumeToken;
        }
        const answer = await link.request('LOGIN', fields);
        if (session !== s) {
            return;
        }
        if (answer.status !== 200) {
            endSession(words.error(answer.message || `the registry answered ${answer.status}`), false);
            return;
        }
        s.resumeToken = answer.resumeToken ?? null;
        keepResumeToken(s.me, s.resumeToken);
        startKeepalive(answer.keepaliveIntervalSeconds);
        await afterLogin(answer, true);
    } catch (e) {
        // The link went away again: the next 'ready' tries once more.
    } finally {
        s.relogging = false;
    }
}

function endSession(text, ok) {
    const s = session;
    if (!s) {
        return;
    }
    session = null;
    stopKeepalive();
    clearInterval(s.onlineTimer);
    s.messenger.close();
    s.store.close();
    view.showAuth();
    document.title = 'Parley';
    $('login-username').value = s.me;
    view.formMessage('login-error', text, ok);
    $('login-password').focus();
}

async function logout() {
    if (!session) {
        return;
    }
    keepResumeToken(session.me, null); // logged out: there is no session to take over
    try {
        await link.request('LOGOUT', {});
    } catch (e) {
        // Without a link the session ends at the registry by itself (no keepalives).
    }
    endSession(words.loggedOut(), true);
}

async function checkUsername(username) {
    const answer = await link.request('USERNAME_CHECK', {username});
    if (answer.status === 200) {
        return null;
    }
    return answer.message || `the registry answered ${answer.status}`;
}

async function onRegisterUsernameChange() {
    const username = $('register-username').value.trim();
    if (!username || !link.isReady()) {
        return;
    }
    try {
        view.formMessage('register-error', (await checkUsername(username)) ?? '');
    } catch (e) {
        // Said again when the form is sent.
    }
}

async function register(event) {
    event.preventDefault();
    const username = $('register-username').value.trim();
    const password = $('register-password').value;
    const again = $('register-password2').value;
    if (!username) {
        view.formMessage('register-error', 'choose a username');
        return;
    }
    const submit = $('register-submit');
    submit.disabled = true;
    view.formMessage('register-error', '');
    let store;
    try {
        // A taken or malformed name is said before anything about the password.
        const nameProblem = await checkUsername(username);
        if (nameProblem) {
            view.formMessage('register-error', nameProblem);
            $('register-username').focus();
            return;
        }
        if (password !== again) {
            view.formMessage('register-error', words.passwordsDiffer());
            $('register-password2').focus();
            return;
        }
        if ([...password].length < 8 || [...password].length > 128) {
            view.formMessage('register-error', 'a password has 8 to 128 characters');
            $('register-password').focus();
            return;
        }
        store = await openStore(lower(username));
        // The key is kept before the registry hears of it: an account must never hold a key this
        // browser lost. One left by an earlier attempt that did not finish is used again.
        let identity = await store.identity();
        if (!identity) {
            identity = await createIdentity();
            await store.saveIdentity(identity);
        }
        const answer = await link.request('REGISTER', {username, password, identityKey: identity.publicKey}, {waitOn429: false});
        if (answer.status !== 201) {
            view.formMessage('register-error', answer.message || `the registry answered ${answer.status}`);
            return;
        }
        const name = typeof answer.username === 'string' ? answer.username : username;
        view.formMessage('register-error', words.registered(name), true);
        $('register-password').value = '';
        $('register-password2').value = '';
        $('login-username').value = name;
        $('login-password').focus();
    } catch (e) {
        view.formMessage('register-error', words.error(e.message));
    } finally {
        store?.close();
        submit.disabled = false;
    }
}

// ---------- people ----------

/**
 * The people this page hears come and go (WATCH, answered with PRESENCE events): those it has a
 * conversation with. Sent again only when that list changes, and after every login.
 */
async function watchPeople() {
    const s = session;
    if (!s || !link) {
        return;
    }
    const people = [...s.conversations.keys()]
        .filter(name => name.startsWith('@'))
        .map(name => name.slice(1))
        // One name the registry refuses would have it refuse the whole list (a conversation kept
        // by an older version of this page, before names were checked).
        .filter(user => USERNAME.test(user) && lower(user) !== lower(s.me))
        .slice(0, 1000);
    const key = people.map(lower).sort().join(',');
    if (key === s.watched) {
        return;
    }
    s.watched = key;
    try {
        const answer = await link.request('WATCH', {users: people});
        if (answer.status !== 200 && session === s) {
            s.watched = null;
        }
    } catch (e) {
        s.watched = null; // sent again with the next change or login
    }
}

/** Reads the online list again shortly: presence changes come in bursts. */
let onlineSoon = null;
function refreshOnlineSoon() {
    if (onlineSoon === null) {
        onlineSoon = setTimeout(() => {
            onlineSoon = null;
            refreshOnline();
        }, 250);
    }
}

async function refreshOnline() {
    const s = session;
    if (!s) {
        return;
    }
    try {
        const users = [];
        for (let offset = 0; offset < 1000;) {
            const answer = await link.request('LIST_ONLINE', {detailed: false, offset, limit: 100});
            if (answer.status !== 200 || !Array.isArray(answer.users)) {
                view.renderOnline([], s.me, chatWith, answer.message || 'the list is not available');
                return;
            }
            users.push(...answer.users.map(u => u?.username).filter(u => typeof u === 'string'));
            offset += answer.users.length;
            if (answer.users.length === 0 || !(offset < answer.total)) {
                break;
            }
        }
        if (session !== s) {
            return;
        }
        const others = users.filter(u => lower(u) !== lower(s.me));
        view.renderOnline(users, s.me, chatWith, others.length === 0 ? words.nobodyElseOnline() : undefined);
    } catch (e) {
        // The list stays as it was until the registry answers again.
    }
}

/** Opens the conversation with `user`, spelled as the registry has the name. */
async function chatWith(user) {
    if (!session) {
        return;
    }
    // Checked before anything is kept under the name: a conversation with a name the registry
    // refuses would make it refuse every WATCH after, and one with this user could never deliver.
    if (!USERNAME.test(user)) {
        notice(words.error(words.notAUsername()), 'error');
        return;
    }
    if (lower(user) === lower(session.me)) {
        notice(words.error(words.thatIsYou()), 'error');
        return;
    }
    let name = user;
    try {
        const answer = await link.request('SEARCH_USER', {username: user});
        if (answer.status === 404) {
            notice(words.noSuchUser(user), 'warning');
            return;
        }
        if (answer.status === 200 && typeof answer.username === 'string') {
            name = answer.username;
        }
    } catch (e) {
        // Without the registry the conversation opens all the same: what is written waits in the outbox.
    }
    const conversation = '@' + name;
    if (!session.conversations.has(conversation)) {
        notice(words.chatOpened(name), 'info');
    }
    await openConversation(conversation);
}

async function search(event) {
    event.preventDefault();
    const username = $('search-input').value.trim();
    if (!username) {
        view.renderSearchResult('type a username to search for');
        return;
    }
    try {
        const answer = await link.request('SEARCH_USER', {username});
        if (answer.status === 200 && typeof answer.username === 'string') {
            const text = answer.online === true ? words.isOnline(answer.username) : words.isOffline(answer.username);
            view.renderSearchResult(text, lower(answer.username) === lower(session.me) ? null : answer.username, chatWith);
        } else if (answer.status === 404) {
            view.renderSearchResult(words.noSuchUser(username));
        } else {
            view.renderSearchResult(answer.message || `the registry answered ${answer.status}`);
        }
    } catch (e) {
        view.renderSearchResult(words.error(e.message));
    }
}

// ---------- rooms ----------

function roomForm() {
    return {
        name: $('room-name').value.trim().replace(/^#/, ''),
        password: $('room-password').value,
        capacity: $('room-capacity').value.trim(),
        description: $('room-description').value,
    };
}

function clearRoomForm() {
    for (const id of ['room-name', 'room-password', 'room-capacity', 'room-description']) {
        $(id).value = '';
    }
}

function roomProblem(name) {
    if (!ROOM_NAME.test(name)) {
        return 'a room name has 2 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit';
    }
    return null;
}

async function createRoom() {
    const form = roomForm();
    const fields = {name: form.name};
    let problemText = roomProblem(form.name);
    if (!problemText && form.password) {
        if ([...form.password].length < 4 || [...form.password].length > 128) {
            problemText = 'a room password has 4 to 128 characters';
        }
        fields.password = form.password;
    }
    if (!problemText && form.capacity) {
        const capacity = Number(form.capacity);
        if (!Number.isInteger(capacity) || capacity < 2 || capacity > 500) {
            problemText = "a room's capacity is 2 to 500";
        }
        fields.capacity = capacity;
    }
    if (!problemText && form.description) {
        if (form.description.length > 200) {
            problemText = 'a description has at most 200 characters';
        }
        fields.description = form.description;
    }
    if (problemText) {
        tellRoomProblem(problemText);
        return;
    }
    try {
        const answer = await link.request('ROOM_CREATE', fields);
        if (answer.status !== 201 || !answer.room) {
            tellRoomProblem(answer.message || `the registry answered ${answer.status}`);
            return;
        }
        const room = session.rooms.set(answer.room);
        view.formMessage('room-error', '');
        clearRoomForm();
        notice(words.roomCreated(room.name), 'success');
        refreshRoomList();
        await openConversation('#' + room.name);
    } catch (e) {
        tellRoomProblem(words.error(e.message));
    }
}

/** /group NAME…: an invite-only room with this user as host; the registry invites each one online. */
async function createGroup(usernames) {
    try {
        const answer = await link.request('GROUP_CREATE', {usernames});
        if (answer.status !== 201 || !answer.room) {
            notice(answer.message || `the registry answered ${answer.status}`, 'warning');
            return;
        }
        const room = session.rooms.set(answer.room);
        const names = list => Array.isArray(list) ? list.map(String) : [];
        notice(words.groupCreated(room.name, names(answer.invited), names(answer.offline)), 'success');
        refreshRoomList();
        await openConversation('#' + room.name);
    } catch (e) {
        notice(words.error(e.message), 'error');
    }
}

async function joinRoom(name, password) {
    const problemText = roomProblem(name);
    if (problemText) {
        tellRoomProblem(problemText);
        return;
    }
    const fields = {name};
    if (password) {
        fields.password = password;
    }
    try {
        const answer = await link.request('ROOM_JOIN', fields, {waitOn429: false});
        if (answer.status === 200 && answer.room) {
            const room = session.rooms.set(answer.room);
            view.formMessage('room-error', '');
            clearRoomForm();
            notice(words.roomJoined(room.name, room.members.length, room.capacity, room.host, room.members.map(m => m.username)), 'success');
            refreshRoomList();
            await openConversation('#' + room.name);
            return;
        }
        if (answer.reason === 'already-member') {
            const room = await session.rooms.refresh(name);
            view.formMessage('room-error', '');
            clearRoomForm();
            if (room) {
                await openConversation('#' + room.name);
            }
            return;
        }
        if (answer.reason === 'password-required') {
            $('room-name').value = name;
            tellRoomProblem(words.roomNeedsPassword(name));
            $('room-password').focus();
            return;
        }
        tellRoomProblem(answer.message || `the registry answered ${answer.status}`);
    } catch (e) {
        tellRoomProblem(words.error(e.message));
    }
}

async function leaveRoom(name) {
    if (!name) {
        tellRoomProblem('type the name of the room to leave, or open the room');
        return;
    }
    try {
        const answer = await link.request('ROOM_LEAVE', {name});
        if (answer.status === 200) {
            const room = session.rooms.get(name);
            session.rooms.delete(name);
            const shownName = room?.name ?? name;
            view.formMessage('room-error', '');
            $('room-name').value = '';
            notice(words.roomLeft(shownName, answer.deleted === true), 'success', '#' + shownName);
        } else if (answer.reason === 'not-member' || answer.reason === 'no-such-room') {
            const known = session.rooms.get(name);
            session.rooms.delete(name);
            if (known) {
                view.formMessage('room-error', `left #${known.name} — the registry had already taken you out`);
            } else {
                tellRoomProblem(answer.message);
            }
        } else {
            tellRoomProblem(answer.message || `the registry answered ${answer.status}`);
        }
        renderConversations();
        showHead();
        refreshRoomList();
    } catch (e) {
        tellRoomProblem(words.error(e.message));
    }
}

function currentRoomName() {
    return session?.current?.startsWith('#') ? session.current.slice(1) : '';
}

async function showMembers(name) {
    if (!name) {
        notice('not in a room — open one first', 'info');
        return;
    }
    try {
        const room = await session.rooms.refresh(name);
        if (!room) {
            notice(words.removedFromRoom(name, 'left'), 'warning', '#' + name);
            renderConversations();
            showHead();
            return;
        }
        showHead();
        view.showMembers(room);
    } catch (e) {
        notice(words.error(e.message), 'error');
    }
}

async function refreshRoomList() {
    if (!session) {
        return;
    }
    try {
        const rooms = [];
        let offset = 0;
        for (let page = 0; page < 5; page++) {
            const answer = await link.request('ROOM_LIST', {detailed: false, offset, limit: 100, total: false});
            if (answer.status !== 200 || !Array.isArray(answer.rooms)) {
                view.renderRoomList([], null, answer.message || 'the rooms are not available');
                return;
            }
            rooms.push(...answer.rooms.filter(r => r && typeof r.name === 'string'));
            offset += answer.rooms.length;
            if (answer.more !== true || answer.rooms.length === 0) {
                break;
            }
        }
        view.renderRoomList(rooms, room => onRoomListJoin(room), rooms.length === 0 ? words.noRooms() : undefined);
    } catch (e) {
        // The list stays as it was.
    }
}

function onRoomListJoin(room) {
    if (session.rooms.get(room.name)) {
        openConversation('#' + room.name);
        return;
    }
    if (room.locked) {
        // The password goes in the form; Enter there joins.
        $('room-name').value = room.name;
        tellRoomProblem(words.roomNeedsPassword(room.name));
        $('room-password').focus();
        return;
    }
    joinRoom(room.name);
}

function roomEvent(frame) {
    const s = session;
    const name = typeof frame.room === 'string' ? frame.room : '';
    const room = s.rooms.get(name);
    const conversation = '#' + (room?.name ?? name);
    switch (frame.type) {
        case 'ROOM_JOINED': {
            const member = frame.member;
            if (!room || !member || typeof member.username !== 'string') {
                return;
            }
            room.members = room.members.filter(m => lower(m.username) !== lower(member.username)).concat([member]);
            notice(words.memberJoined(member.username, room.name), 'info', conversation);
            break;
        }
        case 'ROOM_LEFT': {
            if (!room || typeof frame.username !== 'string') {
                // Late events about a room just left are of no interest.
                return;
            }
            if (lower(frame.username) === lower(s.me)) {
                s.rooms.delete(room.name);
                notice(words.removedFromRoom(room.name, frame.reason), 'warning', conversation);
                renderConversations();
            } else {
                room.members = room.members.filter(m => lower(m.username) !== lower(frame.username));
                notice(words.memberLeft(frame.username, room.name, frame.reason), 'info', conversation);
            }
            break;
        }
        case 'ROOM_HOST':
            if (!room || typeof frame.host !== 'string') {
                return;
            }
            room.host = frame.host;
            for (const m of room.members) {
                m.role = lower(m.username) === lower(frame.host) ? 'host' : 'member';
            }
            notice(words.newHost(frame.host, room.name), 'info', conversation);
            break;
        case 'ROOM_UPDATED':
            if (!room) {
                return;
            }
            room.description = typeof frame.description === 'string' ? frame.description : room.description;
            room.locked = frame.locked === true;
            notice(words.roomUpdated(room.name, room.description, room.locked), 'info', conversation);
            break;
        case 'ROOM_INVITATION': {
            const from = String(frame.from ?? 'someone');
            const invited = Array.isArray(frame.invited) ? frame.invited.map(String) : [];
            const li = notice(words.invitation(from, name, invited), 'info', undefined, [
                {label: `Accept #${name}`, test: 'invitation-accept', onClick: () => answerInvitation(name, true, li)},
                {label: `Reject #${name}`, test: 'invitation-reject', onClick: () => answerInvitation(name, false, li)},
            ]);
            break;
        }
        case 'ROOM_INVITATION_ANSWER':
            notice(words.invitationAnswered(String(frame.username ?? ''), name, frame.accepted === true), 'info');
            break;
        default:
            return;
    }
    if (conversation === s.current) {
        showHead();
    }
}

async function answerInvitation(name, accept, li) {
    li?.querySelectorAll('button').forEach(b => {
        b.disabled = true;
    });
    try {
        const answer = await link.request('ROOM_INVITE_ANSWER', {name, accept});
        if (answer.status !== 200) {
            notice(answer.message || `the registry answered ${answer.status}`, 'warning');
            return;
        }
        if (accept && answer.room) {
            const room = session.rooms.set(answer.room);
            notice(words.roomJoined(room.name, room.members.length, room.capacity, room.host, room.members.map(m => m.username)), 'success');
            await openConversation('#' + room.name);
        } else {
            notice(words.declined(name), 'info');
        }
    } catch (e) {
        notice(words.error(e.message), 'error');
    }
}

// ---------- writing ----------

async function send(body) {
    const s = session;
    const conversation = s.current;
    if (!conversation) {
        notice('not in a conversation — pick one, or /chat NAME starts one', 'info');
        return false;
    }
    if (conversation.startsWith('#') && !s.rooms.get(conversation.slice(1))) {
        notice(`you are not in ${conversation} — join it to write there`, 'warning', conversation);
        return false;
    }
    if (body.length > 4000) {
        notice(words.error(words.tooLong(body.length)), 'error', conversation); // kept in the box, to shorten
        return false;
    }
    if (s.conversations.get(conversation)?.waiting > 0) {
        notice('accept or reject first', 'info', conversation);
        return false;
    }
    try {
        await s.messenger.send(conversation, body);
        return true;
    } catch (e) {
        notice(words.messageNotStored(e.message), 'error', conversation);
        return false;
    }
}

/** Slash commands in the message box, as in the terminal client. */
async function command(line) {
    const [name, ...rest] = line.slice(1).trim().split(/\s+/);
    const arg = rest.join(' ');
    switch (name.toLowerCase()) {
        case 'chat':
        case 'switch':
        case 'query':
            if (!arg) {
                notice('usage: /chat NAME', 'info');
            } else if (arg.startsWith('#')) {
                const room = session.rooms.get(arg.slice(1));
                if (room) {
                    await openConversation('#' + room.name);
                } else {
                    notice(words.error(words.notInRoom(arg.slice(1))), 'error');
                }
            } else {
                await chatWith(arg);
            }
            return true;
        case 'join':
            if (!arg) {
                notice('usage: /join ROOM (a password goes in the room password field)', 'info');
                return true;
            }
            await joinRoom(arg.replace(/^#/, ''), $('room-password').value);
            return true;
        case 'leave':
        case 'part':
            await leaveRoom(arg ? arg.replace(/^#/, '') : currentRoomName());
            return true;
        case 'create':
            if (!arg) {
                notice('usage: /create ROOM (password, capacity and description go in the room form)', 'info');
                return true;
            }
            $('room-name').value = arg.replace(/^#/, '');
            await createRoom();
            return true;
        case 'group': {
            const wrong = rest.find(n => !USERNAME.test(n));
            if (rest.length === 0 || wrong !== undefined) {
                notice((wrong !== undefined ? `"${wrong}" is not a username — ` : '')
                    + 'usage: /group NAME… (an invite-only room; each person is asked to accept)', 'info');
                return true;
            }
            await createGroup(rest);
            return true;
        }
        case 'members':
            await showMembers(arg ? arg.replace(/^#/, '') : currentRoomName());
            return true;
        case 'online':
            await refreshOnline();
            $('online-list').querySelector('button')?.focus();
            return true;
        case 'rooms':
            await refreshRoomList();
            return true;
        case 'search':
            $('search-input').value = arg;
            await search(new Event('submit'));
            return true;
        case 'logout':
        case 'quit':
            await logout();
            return true;
        case 'help':
            notice(words.help(), 'info');
            return true;
        default:
            notice(words.unknownCommand(name), 'warning');
            return false;
    }
}

async function onCompose(event) {
    event.preventDefault();
    if (!session) {
        return;
    }
    const box = $('compose');
    const text = box.value;
    if (text.trim() === '') {
        return;
    }
    if (text.startsWith('/') && !text.startsWith('//')) {
        box.value = '';
        await command(text.trim());
        return;
    }
    const body = text.startsWith('//') ? text.slice(1) : text;
    box.value = '';
    if (!(await send(body))) {
        // Not sent: the text comes back so nothing typed is lost.
        box.value = text;
    }
}

// ---------- start ----------

function wire() {
    $('login-form').addEventListener('submit', login);
    $('register-form').addEventListener('submit', register);
    $('register-username').addEventListener('change', onRegisterUsernameChange);
    $('logout').addEventListener('click', logout);
    $('online-refresh').addEventListener('click', refreshOnline);
    $('search-form').addEventListener('submit', search);
    $('room-form').addEventListener('submit', event => {
        event.preventDefault();
        const form = roomForm();
        joinRoom(form.name, form.password);
    });
    $('room-create').addEventListener('click', createRoom);
    $('room-leave').addEventListener('click', () => leaveRoom(roomForm().name || currentRoomName()));
    $('room-list-refresh').addEventListener('click', refreshRoomList);
    $('room-members').addEventListener('click', () => showMembers(currentRoomName()));
    $('compose-form').addEventListener('submit', onCompose);
    $('compose').addEventListener('keydown', event => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            $('compose-form').requestSubmit();
        }
    });
    // Escape closes any open dialog (modal ones do it themselves; this covers the rest).
    document.addEventListener('keydown', event => {
        if (event.key === 'Escape') {
            for (const dialog of document.querySelectorAll('dialog[open]')) {
                dialog.close();
            }
        }
    });
    for (const dialog of document.querySelectorAll('dialog')) {
        // Back to where the user was, or the message box.
        dialog.addEventListener('close', () => (session ? $('compose') : $('login-username')).focus());
    }
}

function start() {
    wire();
    link = new Link(linkUrl(), {onState, onReady, onEvent, onProblem: problem});
    link.start();
    $('login-username').focus();
}

start();

