// Rendering: every element the page shows is made here with DOM calls. Text from peers and the
// registry goes in as Text nodes (textContent), chat bodies through markup.js, never as HTML.

import {renderBody, nickElement, sanitizeLine} from './markup.js';

export const $ = id => document.getElementById(id);

/** Letters claiming a time before this cannot be true. */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

/**
 * Whether a time a sender's clock gave can be shown as when the message was written: not before
 * 2000, and at most five minutes ahead of `now` (clocks drift, but not by more).
 */
export function believable(sentAt, now = Date.now()) {
    const t = Date.parse(sentAt);
    return Number.isFinite(t) && t >= EARLIEST && t <= now + 5 * 60000;
}

/** Short clock time, HH:mm, with the date when it is not today. */
export function clockTime(at, withSeconds = false) {
    const d = new Date(at);
    if (Number.isNaN(d.getTime())) {
        return '';
    }
    const pad = n => String(n).padStart(2, '0');
    let time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (withSeconds) {
        time += `:${pad(d.getSeconds())}`;
    }
    const now = new Date();
    if (d.toDateString() !== now.toDateString()) {
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
    }
    return time;
}

function el(tag, {className, text, attrs} = {}) {
    const node = document.createElement(tag);
    if (className) {
        node.className = className;
    }
    if (text !== undefined) {
        node.textContent = text;
    }
    for (const [name, value] of Object.entries(attrs ?? {})) {
        node.setAttribute(name, value);
    }
    return node;
}

export function button(label, onClick, attrs = {}) {
    const b = el('button', {text: label, attrs: {type: 'button', ...attrs}});
    b.addEventListener('click', onClick);
    return b;
}

// ---------- connection and screens ----------

export function setStatus(state, text) {
    const status = $('status');
    status.dataset.state = state;
    status.textContent = text;
}

export function showChat(me) {
    $('auth').hidden = true;
    $('chat').hidden = false;
    $('logout').hidden = false;
    const who = $('whoami');
    who.hidden = false;
    who.replaceChildren('logged in as ', nickElement(me));
}

export function showAuth() {
    $('chat').hidden = true;
    $('auth').hidden = false;
    $('logout').hidden = true;
    $('whoami').hidden = true;
    $('whoami').replaceChildren();
    for (const id of ['conversations', 'online-list', 'room-list', 'messages', 'notices', 'search-result']) {
        $(id).replaceChildren();
    }
    setConversationHead(null);
}

/** A form's message line: an error (red) or, with ok, a plain confirmation. */
export function formMessage(id, text, ok = false) {
    const p = $(id);
    p.textContent = text ?? '';
    p.classList.toggle('ok', ok);
}

// ---------- notices ----------

const MAX_NOTICES = 300;

/**
 * A line in #notices (kind: info, success, presence, warning, error), with optional action buttons
 * [{label, onClick, test}]. Returns the element.
 */
export function notice(text, kind = 'info', actions = []) {
    const list = $('notices');
    const li = el('li', {attrs: {'data-kind': kind}});
    const now = new Date();
    li.append(el('time', {text: clockTime(now), attrs: {datetime: now.toISOString()}}), sanitizeLine(text));
    if (actions.length > 0) {
        const row = el('div');
        for (const a of actions) {
            const b = button(a.label, a.onClick, a.test ? {'data-test': a.test} : {});
            row.append(b);
        }
        li.append(row);
    }
    list.append(li);
    while (list.children.length > MAX_NOTICES) {
        list.firstElementChild.remove();
    }
    li.scrollIntoView({block: 'nearest'});
    return li;
}

/** A notice inside the conversation being shown (a room's joins and leaves). */
export function inlineNotice(text) {
    const li = el('li', {className: 'inline-notice', text: sanitizeLine(text)});
    appendToMessages(li);
}

/** Tells screen readers, through the polite live region, what just arrived. */
export function announce(text) {
    const region = $('announcer');
    // Cleared first so the same words twice are announced twice.
    region.textContent = '';
    setTimeout(() => {
        region.textContent = sanitizeLine(text);
    }, 50);
}

/** The warning dialog: Escape or its button closes it. */
export function warn(text) {
    $('warning-text').textContent = sanitizeLine(text);
    const dialog = $('warning-dialog');
    if (!dialog.open) {
        dialog.showModal();
    }
}

// ---------- the side lists ----------

/**
 * #conversations: one <li data-conversation="@bob"> per entry with a button to switch to it and
 * a .unread badge (empty when nothing is unread). entries: [{name, unread, detail}].
 */
export function renderConversations(entries, current, onSelect) {
    const list = $('conversations');
    const items = entries.map(entry => {
        const li = el('li', {attrs: {'data-conversation': entry.name}});
        const b = button('', () => onSelect(entry.name), {'aria-current': String(entry.name === current)});
        const label = entry.name.startsWith('@') ? nickElement(entry.name.slice(1)) : el('span', {text: sanitizeLine(entry.name)});
        const unread = el('span', {className: 'unread', text: entry.unread > 0 ? String(entry.unread) : ''});
        unread.setAttribute('aria-label', entry.unread > 0 ? `${entry.unread} unread` : 'none unread');
        b.append(label);
        if (entry.detail) {
            b.append(el('span', {className: 'detail', text: entry.detail}));
        }
        b.append(unread);
        li.append(b);
        return li;
    });
    const hadFocus = list.contains(document.activeElement) ? document.activeElement.closest('li')?.dataset.conversation : null;
    list.replaceChildren(...items);
    if (hadFocus) {
        list.querySelector(`li[data-conversation="${CSS.escape(hadFocus)}"] button`)?.focus();
    }
}

/** #online-list: one <li data-user="bob"> per user with a button that opens the conversation. */
export function renderOnline(users, me, onChat, text) {
    const list = $('online-list');
    if (text) {
        list.replaceChildren(el('li', {className: 'detail', text}));
        return;
    }
    list.replaceChildren(...users.map(name => {
        const li = el('li', {attrs: {'data-user': name}});
        const self = name.toLowerCase() === me.toLowerCase();
        const b = button('', () => onChat(name), {'aria-label': self ? `${name} (you)` : `chat with ${name}`});
        b.append(nickElement(name));
        if (self) {
            b.append(el('span', {className: 'detail', text: '(you)'}));
            b.disabled = true;
        }
        li.append(b);
        return li;
    }));
}

/** #search-result: what SEARCH_USER said, and a button to chat when the user exists. */
export function renderSearchResult(text, user, onChat) {
    const box = $('search-result');
    const p = el('p', {text: sanitizeLine(text)});
    box.replaceChildren(p);
    if (user) {
        box.append(button(`Chat with ${sanitizeLine(user)}`, () => onChat(user), {'data-test': 'search-chat', id: 'search-chat'}));
    }
}

/** #room-list: one <li data-room="lobby"> per room with its line and a Join button. */
export function renderRoomList(rooms, onJoin, text) {
    const list = $('room-list');
    if (text) {
        list.replaceChildren(el('li', {className: 'detail', text}));
        return;
    }
    list.replaceChildren(...rooms.map(room => {
        const li = el('li', {attrs: {'data-room': room.name}});
        const line = `#${sanitizeLine(room.name)}${room.description ? ' — ' + sanitizeLine(room.description) : ''}`
            + ` — ${room.memberCount}/${room.capacity} — host ${sanitizeLine(room.host ?? '')}`
            + ` — ${room.inviteOnly ? 'invite-only' : room.locked ? 'locked' : 'open'}`;
        const b = button('', () => onJoin(room), {'aria-label': `join #${room.name}`});
        b.append(el('span', {text: line}));
        li.append(b);
        return li;
    }));
}

/** The members dialog of a room. */
export function showMembers(room) {
    $('members-title').textContent = `#${sanitizeLine(room.name)} (${room.members.length}/${room.capacity})`;
    $('members-list').replaceChildren(...room.members.map(m => {
        const li = el('li', {attrs: {'data-user': m.username}});
        li.append(nickElement(m.username));
        const notes = [m.role === 'host' ? 'host' : null, m.online === false ? 'offline' : null].filter(Boolean);
        if (notes.length > 0) {
            li.append(el('span', {className: 'detail', text: ` (${notes.join(', ')})`}));
        }
        return li;
    }));
    const dialog = $('members-dialog');
    if (!dialog.open) {
        dialog.showModal();
    }
}

// ---------- the conversation ----------

export function setConversationHead(name, info = '', isRoom = false) {
    $('conversation-title').textContent = name ? sanitizeLine(name) : 'No conversation';
    $('conversation-info').textContent = info ? sanitizeLine(info) : '';
    $('room-members').hidden = !isRoom;
}

function appendToMessages(node) {
    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(node);
    if (atBottom) {
        list.scrollTop = list.scrollHeight;
    }
}

/**
 * The mark of one's own message: "sent", "delivered", "delivered to k of n" (rooms), "not delivered"
 * (expired unread on the registry). Null for a received message.
 */
export function markOf(message, me) {
    if (String(message.from).toLowerCase() !== String(me).toLowerCase()) {
        return null;
    }
    if (message.expired) {
        return {text: 'not delivered', state: 'expired'};
    }
    if (message.room) {
        const k = (message.deliveredTo ?? []).length;
        const n = message.recipients ? message.recipients.length : undefined;
        if (k === 0) {
            return {text: 'sent', state: 'sent'};
        }
        return {text: n !== undefined ? `delivered to ${k} of ${Math.max(n, k)}` : `delivered to ${k}`, state: 'delivered'};
    }
    return message.state === 'delivered' ? {text: 'delivered', state: 'delivered'} : {text: 'sent', state: 'sent'};
}

function markElement(message, me) {
    const mark = markOf(message, me);
    if (!mark) {
        return null;
    }
    const span = el('span', {className: 'mark', text: mark.text, attrs: {'data-state': mark.state}});
    if (message.deliveredAt) {
        span.title = `delivered at ${clockTime(message.deliveredAt, true)}`;
    }
    return span;
}

/** One message as an <li class="message" data-id data-from> with time, nick, .body and .mark. */
export function messageElement(message, me) {
    const li = el('li', {className: 'message', attrs: {'data-id': message.id, 'data-from': message.from}});
    const shownAt = believable(message.sentAt) ? message.sentAt : (message.receivedAt ?? new Date().toISOString());
    li.append(el('time', {text: clockTime(shownAt), attrs: {datetime: new Date(shownAt).toISOString()}}));
    li.append(nickElement(message.from));
    const body = el('span', {className: 'body'});
    body.append(renderBody(message.body));
    li.append(body);
    const mark = markElement(message, me);
    if (mark) {
        li.append(mark);
    }
    if (!believable(message.sentAt)) {
        li.append(el('span', {className: 'clock-note', text: ` (${sanitizeLine(message.from)}'s clock says ${sanitizeLine(message.sentAt)})`}));
    }
    return li;
}

/**
 * #messages of a request (someone not accepted left messages): the prompt and two buttons,
 * [data-test=request-accept] and [data-test=request-reject]; the messages stay hidden.
 */
export function renderRequest(text, onAccept, onReject) {
    const li = el('li', {className: 'inline-notice request', text: sanitizeLine(text)});
    const row = el('div');
    row.append(button('Accept', onAccept, {'data-test': 'request-accept'}),
        button('Reject', onReject, {'data-test': 'request-reject'}));
    li.append(row);
    $('messages').replaceChildren(li);
}

export function renderMessages(messages, me) {
    const list = $('messages');
    list.replaceChildren(...messages.map(m => messageElement(m, me)));
    list.scrollTop = list.scrollHeight;
}

export function appendMessage(message, me) {
    appendToMessages(messageElement(message, me));
}

/** Updates the mark of a shown message, if it is shown. */
export function updateMark(message, me) {
    const li = $('messages').querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
    if (!li) {
        return;
    }
    const mark = markElement(message, me);
    const old = li.querySelector('.mark');
    if (old && mark) {
        old.replaceWith(mark);
    } else if (mark) {
        li.querySelector('.body').after(mark);
    }
}
