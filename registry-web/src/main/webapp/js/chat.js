// Messages through the registry's mailbox: a browser cannot accept peer links, so every one-to-one
// and room message is sealed to its recipient's identity key and deposited (MAIL_DEPOSIT); what
// comes in arrives as MAIL events or with MAIL_FETCH and is acknowledged (MAIL_ACK) once it is in the
// store; receipts (MAIL_RECEIPT, RECEIPT_FETCH) are acknowledged (RECEIPT_ACK) once recorded.
//
// Order of things, as the terminal client does it: a message is stored (durable) before it is shown
// as sent and before it goes out; a received one is stored before it is shown and acknowledged.

import {sealLetter, openEnvelope, fingerprint} from './sealing.js';
import {LinkError} from './link.js';
import * as words from './words.js';

/** How long a key the registry gave is used before it is asked for again. */
const KEY_CACHE_MS = 60000;
/** Longest body a letter may carry (the protocol's limit). */
const MAX_BODY = 4000;

/** A user's key could not be had or trusted; `loud` ones (a changed key) are shown as warnings. */
export class KeyProblem extends Error {
    constructor(message, loud = false) {
        super(message);
        this.name = 'KeyProblem';
        this.loud = loud;
    }
}

/** Mail that is not stored and not acknowledged: it stays on the registry until it expires. */
class Refused extends Error {
}

/** The fingerprint to show for a key, or what is wrong with it (a registry could send anything). */
async function fingerprintOrSay(key) {
    try {
        return await fingerprint(key);
    } catch (e) {
        return '(not an identity key)';
    }
}

export function lower(name) {
    return String(name).toLowerCase();
}

/** The conversation a message belongs to: "#room" for a room message, "@peer" for one-to-one. */
export function conversationOf(message, me) {
    if (message.room) {
        return '#' + message.room;
    }
    return '@' + (lower(message.from) === lower(me) ? message.to : message.from);
}

function isText(value, max = Infinity) {
    return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/**
 * The messenger of one logged-in session. `ui` shows things:
 *  - shown(conversation, message, {fresh, whileAway}): a message to show (own or received)
 *  - request(conversation, peer, waiting): someone not accepted left `waiting` messages, not shown
 *  - updated(conversation, message): a message's delivery changed (message.deliveredTo, .state, .expired)
 *  - notice(text, kind, conversation?): a line for the notices (kind info, success, warning, error)
 *  - warn(text): something the user must see now (a changed key)
 * `rooms` is the room book: get(name) → {name, members:[{username, identityKey}]} or undefined, and
 * refresh(name) → Promise of the same, asked of the registry (ROOM_MEMBERS).
 */
export class Messenger {
    constructor({link, store, identity, me, ui, rooms}) {
        this.link = link;
        this.store = store;
        this.identity = identity;
        this.me = me;
        this.ui = ui;
        this.rooms = rooms;
        this.keys = new Map();
        /** Own messages by id → {conversation, message}, for receipts. */
        this.sent = new Map();
        /** One chain for everything that goes out, so each peer gets its messages in order. */
        this.outgoing = Promise.resolve();
        /** One chain for everything that comes in, so a MAIL event and a fetched page never interleave. */
        this.incoming = Promise.resolve();
        /** Peers already told how their messages travel (said once a page session). */
        this.told = new Set();
        this.closed = false;
    }

    close() {
        this.closed = true;
    }

    // ---------- keys ----------

    /**
     * The identity key of `user` as the registry holds it, checked against the one this browser
     * pinned for that user (pinned now if none was). `registryKey` is given when a room view
     * already carries it; otherwise SEARCH_USER asks. Resolves {username, key}; rejects KeyProblem.
     */
    async keyFor(user, registryKey) {
        const cached = this.keys.get(lower(user));
        let username = cached?.username ?? user;
        let key = registryKey;
        if (!key) {
            if (cached && Date.now() - cached.at < KEY_CACHE_MS) {
                key = cached.key;
            } else {
                const answer = await this.link.request('SEARCH_USER', {username: user});
                if (answer.status === 404) {
                    throw new KeyProblem(words.noSuchUser(user));
                }
                if (answer.status !== 200) {
                    throw new KeyProblem(answer.message || `the registry answered ${answer.status}`);
                }
                username = typeof answer.username === 'string' ? answer.username : user;
                key = answer.identityKey;
            }
        }
        if (!isText(key)) {
            throw new KeyProblem(words.noKey(username));
        }
        const pinned = await this.store.pinned(username);
        if (!pinned) {
            await this.store.pin(username, key);
        } else if (pinned !== key) {
            this.keys.delete(lower(username));
            const text = words.keyChanged(username, await fingerprintOrSay(key), await fingerprintOrSay(pinned));
            this.ui.warn(text);
            throw new KeyProblem(text, true);
        }
        this.keys.set(lower(username), {username, key, at: cached && !registryKey ? cached.at : Date.now()});
        return {username, key};
    }

    // ---------- sending ----------

    /**
     * Writes `body` to `conversation` ("@bob" or "#lobby"): stores it (durable), shows it as sent,
     * then seals and deposits it in the background. Resolves with the stored message; rejects if
     * it could not be stored (then nothing was sent).
     */
    async send(conversation, body) {
        const id = crypto.randomUUID();
        const sentAt = new Date().toISOString();
        let message;
        if (conversation.startsWith('#')) {
            const room = this.rooms.get(conversation.slice(1));
            if (!room) {
                throw new Error(`you are not in ${conversation}`);
            }
            const recipients = room.members.map(m => m.username).filter(u => lower(u) !== lower(this.me));
            // Alone in the room, there is nobody to deliver to: it goes to the history, not the outbox.
            message = {id, from: this.me, room: room.name, sentAt, body, state: recipients.length > 0 ? 'sent' : 'delivered',
                deliveredTo: [], recipients};
            conversation = '#' + room.name;
        } else {
            const peer = conversation.slice(1);
            const seq = await this.store.nextSeq(peer);
            message = {id, from: this.me, to: peer, sentAt, body, seq, state: 'sent'};
        }
        await this.store.append(conversation, message);
        this.sent.set(id, {conversation, message});
        this.ui.shown(conversation, message, {fresh: true});
        if (message.room && message.recipients.length === 0) {
            this.ui.notice(words.aloneInRoom(message.room), 'info', conversation);
        }
        this.queue(message);
        return message;
    }

    queue(message) {
        this.outgoing = this.outgoing.then(() => this.deliver(message)).catch(e => {
            this.ui.notice(words.error(e.message), 'error');
        });
        return this.outgoing;
    }

    /** Seals and deposits one message (to each room member who has not got it). True if all went. */
    async deliver(message) {
        if (this.closed) {
            return false;
        }
        if (!message.room) {
            return this.depositTo(message, message.to, undefined, {sentAt: message.sentAt, body: message.body, seq: message.seq});
        }
        const room = this.rooms.get(message.room);
        if (!room) {
            this.ui.notice(words.notDelivered('#' + message.room, `you are not in #${message.room}`, message.body), 'warning');
            return false;
        }
        const got = new Set((message.deliveredTo ?? []).map(lower));
        // Recipients are those who were members when it was written; of them, those still in the room.
        const wanted = new Set((message.recipients ?? room.members.map(m => m.username)).map(lower));
        let all = true;
        for (const member of room.members) {
            const name = lower(member.username);
            if (name === lower(this.me) || got.has(name) || !wanted.has(name)) {
                continue;
            }
            const ok = await this.depositTo(message, member.username, member.identityKey,
                {sentAt: message.sentAt, body: message.body, room: room.name});
            all = all && ok;
        }
        return all;
    }

    async depositTo(message, to, registryKey, letter) {
        let target;
        try {
            target = await this.keyFor(to, registryKey);
        } catch (e) {
            if (e instanceof LinkError && !this.link.isReady()) {
                return false; // the link is down: it goes out when the link is back, which is not a failure to tell
            }
            this.ui.notice(words.notDelivered(to, e.message, message.body), e.loud ? 'error' : 'warning', conversationOf(message, this.me));
            return false;
        }
        let answer;
        try {
            const envelope = await sealLetter(this.identity,
                {id: message.id, from: this.me, to: target.username, recipientKey: target.key, letter});
            answer = await this.link.request('MAIL_DEPOSIT', {envelope}, {
                onWait: seconds => this.ui.notice(words.mailSlowedDown(target.username, seconds), 'info'),
            });
        } catch (e) {
            if (!(e instanceof LinkError)) {
                this.ui.notice(words.notDelivered(target.username, e.message, message.body), 'error');
            }
            // Without the registry it stays in the outbox: the next login sends it again.
            return false;
        }
        if (answer.status === 200 || answer.status === 201) {
            if (answer.status === 201 && !message.room && !this.told.has(lower(target.username))) {
                this.told.add(lower(target.username));
                this.ui.notice(words.viaRegistry(target.username, answer.online === true), 'info', '@' + target.username);
            }
            return true;
        }
        const reason = answer.reason === 'mailbox-full' ? `${target.username}'s mailbox on the registry is full` : (answer.message || `status ${answer.status}`);
        this.ui.notice(words.notDelivered(target.username, reason, message.body), 'warning', conversationOf(message, this.me));
        return false;
    }

    /** After a login: everything not yet delivered goes out again (MAIL_DEPOSIT is idempotent by id). */
    async resendOutbox() {
        const outbox = await this.store.outbox();
        const counts = new Map();
        for (const message of outbox) {
            const conversation = conversationOf(message, this.me);
            if (!this.sent.has(message.id)) {
                this.sent.set(message.id, {conversation, message});
            }
            const known = this.sent.get(message.id).message;
            if (message.room && !this.rooms.get(message.room)) {
                continue;
            }
            counts.set(conversation, (counts.get(conversation) ?? 0) + 1);
            this.queue(known);
        }
        for (const [conversation, count] of counts) {
            this.ui.notice(words.resending(conversation.startsWith('@') ? conversation.slice(1) : conversation, count), 'info');
        }
        await this.outgoing;
    }

    // ---------- receipts ----------

    /** Records one receipt in the store and shows it. True when it is recorded (then it may be acknowledged). */
    async record(receipt) {
        if (!receipt || !isText(receipt.id, 64) || !isText(receipt.to, 64)) {
            return false;
        }
        let entry = this.sent.get(receipt.id);
        if (!entry) {
            for (const message of await this.store.outbox()) {
                if (message.id === receipt.id) {
                    entry = {conversation: conversationOf(message, this.me), message};
                    this.sent.set(message.id, entry);
                }
            }
        }
        // Not in the outbox any more: already recorded before (a receipt fetched twice).
        const conversation = entry?.conversation ?? '@' + receipt.to;
        if (receipt.outcome === 'delivered') {
            await this.store.markDelivered(conversation, receipt.id, receipt.to,
                typeof receipt.at === 'string' ? receipt.at : undefined);
            if (entry) {
                const message = entry.message;
                const to = new Set((message.deliveredTo ?? []).map(lower));
                if (!to.has(lower(receipt.to))) {
                    message.deliveredTo = [...(message.deliveredTo ?? []), receipt.to];
                }
                if (!message.room) {
                    message.state = 'delivered';
                    message.deliveredAt = receipt.at;
                } else if (message.recipients && message.deliveredTo.length >= message.recipients.length) {
                    message.state = 'delivered';
                }
                message.expired = false;
                this.ui.updated(entry.conversation, message);
            }
        } else if (receipt.outcome === 'expired') {
            if (entry) {
                entry.message.expired = true;
                this.ui.updated(entry.conversation, entry.message);
            }
            this.ui.notice(words.mailExpired(receipt.to, entry ? entry.message.body : receipt.id), 'warning', entry?.conversation);
        } else {
            return false;
        }
        return true;
    }

    /** A MAIL_RECEIPT event: record it, then acknowledge it. */
    onReceipt(receipt) {
        this.incoming = this.incoming.then(async () => {
            if (await this.record(receipt)) {
                await this.link.request('RECEIPT_ACK', {receipts: [{to: receipt.to, id: receipt.id}]});
            }
        }).catch(e => this.problem('a receipt', e));
        return this.incoming;
    }

    /** After a login: every receipt waiting on the registry, page by page. */
    fetchReceipts() {
        return this.fetchPages('receipts', 'RECEIPT_FETCH', {}, answer => answer.receipts, r => `${r.to}\n${r.id}`,
            async receipts => {
                const recorded = [];
                for (const receipt of receipts) {
                    if (await this.record(receipt)) {
                        recorded.push({to: receipt.to, id: receipt.id});
                    }
                }
                if (recorded.length > 0) {
                    await this.link.request('RECEIPT_ACK', {receipts: recorded});
                }
            });
    }

    /**
     * Asks for {@code type} page after page until the registry says no more follow, handing each
     * page's new items (by {@code keyOf}) to {@code handle}. What is refused stays on the registry
     * and comes again, so a page of nothing new is the end too.
     */
    fetchPages(what, type, fields, itemsOf, keyOf, handle) {
        this.incoming = this.incoming.then(async () => {
            const seen = new Set();
            for (;;) {
                const answer = await this.link.request(type, fields);
                if (answer.status !== 200) {
                    this.ui.notice(words.error(answer.message || `${what}: status ${answer.status}`), 'error');
                    return;
                }
                const items = itemsOf(answer);
                const fresh = (Array.isArray(items) ? items : []).filter(i => i && !seen.has(keyOf(i)));
                if (fresh.length === 0) {
                    return;
                }
                fresh.forEach(i => seen.add(keyOf(i)));
                await handle(fresh);
                if (answer.more !== true) {
                    return;
                }
            }
        }).catch(e => this.problem(what, e));
        return this.incoming;
    }

    // ---------- receiving ----------

    /** A MAIL event: open, store, show, acknowledge. */
    onMail(envelope) {
        this.incoming = this.incoming.then(() => this.storeMail([envelope], false))
            .catch(e => this.problem('a message', e));
        return this.incoming;
    }

    /** After a login: the mail that waited, oldest first, page by page. */
    fetchMail() {
        return this.fetchPages('mail', 'MAIL_FETCH', {limit: 100}, answer => answer.mail, e => `${e.from}\n${e.id}`,
            mail => this.storeMail(mail, true));
    }

    problem(what, e) {
        if (e instanceof LinkError) {
            // The link went away: whatever was not acknowledged is fetched again after the next login.
            return;
        }
        this.ui.notice(words.error(`${what} could not be handled: ${e.message}`), 'error');
    }

    /**
     * Opens and stores each envelope, says how many waited from whom, shows the new ones, then
     * acknowledges all that are stored. A refused one is told and left on the registry.
     */
    async storeMail(mail, whileAway) {
        const stored = [];
        for (const envelope of mail) {
            try {
                stored.push(await this.open(envelope));
            } catch (e) {
                if (e instanceof LinkError) {
                    throw e;
                }
                const from = envelope && typeof envelope.from === 'string' ? envelope.from : 'someone';
                this.ui.notice(words.mailRefused(from, e.message), 'warning');
            }
        }
        // Mail from someone this user has not accepted is stored and acknowledged, but not shown: a request.
        const requests = new Map();
        for (const s of stored) {
            if (s.fresh && s.waiting > 0) {
                requests.set(s.conversation, {peer: s.message.from, waiting: s.waiting});
            }
        }
        if (whileAway) {
            const counts = new Map();
            for (const s of stored) {
                if (s.fresh && !s.message.room && s.waiting === 0) {
                    counts.set(s.message.from, (counts.get(s.message.from) ?? 0) + 1);
                }
            }
            for (const [peer, count] of counts) {
                this.ui.notice(words.mailWhileAway(peer, count), 'info', '@' + peer);
            }
        }
        for (const s of stored) {
            if (s.fresh && s.waiting === 0) {
                this.ui.shown(s.conversation, s.message, {fresh: true, whileAway, received: true});
            }
        }
        for (const [conversation, {peer, waiting}] of requests) {
            this.ui.request(conversation, peer, waiting);
        }
        if (stored.length > 0) {
            await this.link.request('MAIL_ACK', {mail: stored.map(s => ({from: s.envelope.from, id: s.envelope.id}))});
        }
    }

    /** One envelope: checked, opened and stored. Resolves {conversation, message, fresh, envelope}; throws Refused. */
    async open(envelope) {
        if (!envelope || typeof envelope !== 'object' || !isText(envelope.id, 64) || !isText(envelope.from, 64)
            || !isText(envelope.to, 64)) {
            throw new Refused('it is not an envelope');
        }
        if (lower(envelope.to) !== lower(this.me)) {
            throw new Refused(`it is addressed to ${envelope.to}`);
        }
        let sender;
        try {
            sender = await this.keyFor(envelope.from);
        } catch (e) {
            if (e instanceof KeyProblem) {
                throw new Refused(e.message);
            }
            throw e;
        }
        let letter;
        try {
            letter = await openEnvelope(this.identity, envelope, sender.key);
        } catch (e) {
            throw new Refused(e.message || 'it cannot be opened');
        }
        if (!letter || typeof letter !== 'object' || !isText(letter.body, MAX_BODY) || !isText(letter.sentAt, 64)
            || Number.isNaN(Date.parse(letter.sentAt))) {
            throw new Refused('unusable message: it needs a body of 1 to 4000 characters and a time');
        }
        let conversation;
        let message;
        if (letter.room !== undefined && letter.room !== null) {
            if (!isText(letter.room, 64)) {
                throw new Refused('unusable message: its room is not a name');
            }
            let room = this.rooms.get(letter.room);
            if (!room) {
                throw new Refused(`it is for #${letter.room}, which you are not in`);
            }
            const member = r => r && r.members.some(m => lower(m.username) === lower(sender.username));
            if (!member(room)) {
                room = await this.rooms.refresh(room.name);
                if (!member(room)) {
                    this.ui.notice(words.droppedRoomMessage(letter.room, sender.username), 'warning', '#' + letter.room);
                    throw new Refused(`${sender.username} is not in #${letter.room}`);
                }
            }
            conversation = '#' + room.name;
            message = {id: envelope.id, from: sender.username, room: room.name, sentAt: letter.sentAt, body: letter.body, state: 'received'};
        } else {
            conversation = '@' + sender.username;
            message = {id: envelope.id, from: sender.username, to: this.me, sentAt: letter.sentAt, body: letter.body, state: 'received'};
            if (Number.isSafeInteger(letter.seq) && letter.seq > 0) {
                message.seq = letter.seq;
            }
        }
        message.receivedAt = new Date().toISOString();
        const fresh = await this.store.append(conversation, message);
        const waiting = message.room ? 0 : await this.store.waiting(conversation);
        return {conversation, message, fresh: fresh !== false, envelope, waiting};
    }
}
