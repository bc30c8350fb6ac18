// The browser client's local store: its identity, the keys it pinned, its conversations, and the
// numbers it gives its letters, in IndexedDB (one database per user).
//
// Parley's promises rest on it: a message is "sent" once it is on the sender's disk and
// "delivered" once it is on the receiver's. In a browser the disk is IndexedDB, and a write is on
// it when its transaction has completed with durability 'strict' (flushed, not just handed to the
// operating system). So every write here asks for 'strict' and resolves only on 'complete'; the
// caller acknowledges mail (MAIL_ACK) or shows "sent" only after that.

import {MESSAGE_ID, USERNAME} from './names.js';

const VERSION = 1;
const STATES = new Set(['sent', 'delivered', 'received']);
/** Fields the store adds to a message record for its indexes; never handed out. */
const INTERNAL = ['n', 'conv', 'fromKey', 'pending'];

/**
 * Opens (creating on first use) the store of `username`: the database `parley-<name in lower
 * case>`, since Parley names are one regardless of case.
 *
 * @throws TypeError when `username` is not a username
 * @throws Error when the browser refuses IndexedDB (private mode, storage switched off)
 */
export async function openStore(username) {
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new TypeError('not a username: 3 to 32 letters, digits, ".", "_" or "-"');
  }
  const name = `parley-${key(username)}`;
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => create(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`cannot open the local store ${name}: ${describe(request.error)}`));
    request.onblocked = () => reject(new Error(`the local store ${name} is held open by an older version of this page in another tab`));
  });
  // A newer page in another tab wants to upgrade: let it, rather than block it forever.
  db.onversionchange = () => db.close();
  return new Store(db, username);
}

/** One object store per concept; `messages` keeps the order stored in its key. */
function create(db) {
  db.createObjectStore('identity');
  db.createObjectStore('pins', { keyPath: 'key' });
  const messages = db.createObjectStore('messages', { keyPath: 'n', autoIncrement: true });
  // Within one index key IndexedDB orders records by their primary key: the order stored.
  messages.createIndex('conversation', 'conv');
  // A message is one id from one sender; fetched twice, it is still one.
  messages.createIndex('message', ['conv', 'fromKey', 'id'], { unique: true });
  // Only sent messages not yet delivered carry 'pending', so this index is the outbox.
  messages.createIndex('outbox', 'pending');
  db.createObjectStore('conversations', { keyPath: 'key' });
  db.createObjectStore('sequences', { keyPath: 'peer' });
}

class Store {
  #db;
  #me;

  constructor(db, username) {
    this.#db = db;
    this.#me = key(username);
  }

  /** The saved identity (as createIdentity made it), or null before one is saved. */
  async identity() {
    const saved = await this.#read('identity', store => store.get('me'));
    return saved ?? null;
  }

  /** Saves the identity, durably (it is the only copy of the private key). */
  async saveIdentity(identity) {
    if (!identity || !(identity.signingKey instanceof CryptoKey) || !(identity.agreementKey instanceof CryptoKey)
        || typeof identity.publicKey !== 'string') {
      throw new TypeError('not an identity (make one with createIdentity)');
    }
    const { signingKey, agreementKey, publicKey } = identity;
    await this.#write(['identity'], tx => tx.objectStore('identity').put({ signingKey, agreementKey, publicKey }, 'me'));
  }

  /** The key pinned for `user` (any letter case), or null. */
  async pinned(user) {
    const pin = await this.#read('pins', store => store.get(key(checkName(user))));
    return pin ? pin.publicKey : null;
  }

  /** Pins `publicKey` for `user`, replacing an earlier pin; the name is kept as given. */
  async pin(user, publicKey) {
    checkName(user);
    if (typeof publicKey !== 'string' || publicKey.length === 0) {
      throw new TypeError('a pinned key is the base64 text of an identity key');
    }
    await this.#write(['pins'], tx => tx.objectStore('pins').put({ key: key(user), user, publicKey }));
  }

  /**
   * Stores a message at the end of `conversation` (`@bob` or `#lobby`) and resolves once it is
   * durable. `message` is `{ id, from, to?, room?, sentAt, body, seq?, state }` (state `sent`,
   * `delivered` or `received`; `receivedAt`, and for a room message `recipients`, the members it
   * went to, may be added).
   *
   * @returns false, storing nothing, when this conversation already holds a message with the same
   *     id from the same sender (mail fetched twice); true when it is stored
   */
  async append(conversation, message) {
    const conv = checkConversation(conversation);
    checkMessage(message);
    const record = { ...message, conv, fromKey: key(message.from) };
    if (isPending(record, this.#me)) {
      record.pending = 1;
    }
    let stored = false;
    await this.#write(['messages', 'conversations'], tx => {
      const messages = tx.objectStore('messages');
      const existing = messages.index('message').getKey([conv, record.fromKey, message.id]);
      existing.onsuccess = () => {
        if (existing.result !== undefined) {
          return;
        }
        messages.add(record);
        stored = true;
        const conversations = tx.objectStore('conversations');
        const last = conversations.get(conv);
        last.onsuccess = () => {
          const before = last.result;
          const after = before ? { ...before } : { key: conv, name: conversation, lastAt: message.sentAt };
          // The conversation's time is its newest message's, whatever order the mail came in.
          if (Date.parse(message.sentAt) >= Date.parse(after.lastAt)) {
            after.lastAt = message.sentAt;
          }
          // A one-to-one conversation someone else starts is a request until this user accepts it.
          const theirs = conv.startsWith('@') && message.state === 'received';
          if (!before && theirs) {
            after.request = true;
          }
          if (after.request && theirs) {
            after.waiting = (after.waiting ?? 0) + 1;
          }
          conversations.put(after);
        };
      };
    });
    return stored;
  }

  /**
   * Records that `to` stored the message `id` this user sent in `conversation`, durably. In a
   * one-to-one conversation the message is then delivered. In a room each member who stored it is
   * added to its `deliveredTo` (once, whatever the letter case); it is delivered, and leaves the
   * outbox, once every one of its `recipients` has it (or at the first, when it lists none).
   * `at`, the receipt's time (ISO-8601, optional), is kept as the message's `deliveredAt` in a
   * one-to-one conversation, so the time is still shown after a reload.
   *
   * @returns false when there is no such message from this user, or `to` was already recorded
   */
  async markDelivered(conversation, id, to, at) {
    const conv = checkConversation(conversation);
    if (typeof id !== 'string' || !MESSAGE_ID.test(id)) {
      throw new TypeError('a message id is 1 to 64 letters, digits, "-" or "_"');
    }
    checkName(to);
    if (at !== undefined && (typeof at !== 'string' || Number.isNaN(Date.parse(at)))) {
      throw new TypeError('a receipt time is an ISO-8601 instant');
    }
    let changed = false;
    await this.#write(['messages'], tx => {
      const messages = tx.objectStore('messages');
      const found = messages.index('message').get([conv, this.#me, id]);
      found.onsuccess = () => {
        const record = found.result;
        if (record === undefined) {
          return;
        }
        const deliveredTo = record.deliveredTo ?? [];
        if (deliveredTo.some(name => key(name) === key(to))) {
          return;
        }
        record.deliveredTo = [...deliveredTo, to];
        const everyone = !Array.isArray(record.recipients) || record.recipients.length === 0
            || record.recipients.every(r => record.deliveredTo.some(name => key(name) === key(r)));
        if (conv.startsWith('@') || everyone) {
          record.state = 'delivered';
          delete record.pending;
        }
        if (conv.startsWith('@') && at !== undefined) {
          record.deliveredAt = at;
        }
        messages.put(record);
        changed = true;
      };
    });
    return changed;
  }

  /** The last `limit` messages of `conversation`, oldest first (the order stored). */
  async messages(conversation, limit = 100) {
    const conv = checkConversation(conversation);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError('a limit is a whole number of messages, at least 1');
    }
    const newestFirst = [];
    await this.#read('messages', store => {
      const cursor = store.index('conversation').openCursor(IDBKeyRange.only(conv), 'prev');
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (c !== null && newestFirst.length < limit) {
          newestFirst.push(outside(c.value));
          c.continue();
        }
      };
      return cursor;
    });
    return newestFirst.reverse();
  }

  /**
   * The conversations, `{ name, lastAt, waiting }`, newest first: name as first given, lastAt the
   * newest message's sentAt, waiting how many messages a request (a one-to-one conversation the
   * other user started and this user has not accepted) holds; 0 for the others.
   */
  async conversations() {
    const all = await this.#read('conversations', store => store.getAll());
    return all.map(record => ({ name: record.name, lastAt: record.lastAt, waiting: waitingIn(record) }))
        .sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt));
  }

  /** How many messages `conversation` holds as a request not yet accepted; 0 when it is not one. */
  async waiting(conversation) {
    return waitingIn(await this.#read('conversations', store => store.get(checkConversation(conversation))));
  }

  /**
   * The user answers the request `conversation`, durably. Accepted, it is a conversation like the
   * others from now on (listed even if a Reject in another tab took it off the list meanwhile);
   * rejected, it leaves the list, its messages stay in the store unlisted, and a later message
   * from the same user is a new request.
   */
  async answerRequest(conversation, accept) {
    const conv = checkConversation(conversation);
    await this.#write(['conversations'], tx => {
      const conversations = tx.objectStore('conversations');
      const found = conversations.get(conv);
      found.onsuccess = () => {
        const record = found.result;
        if (accept) {
          const { request, waiting, ...accepted } = record ?? { key: conv, name: conversation, lastAt: new Date().toISOString() };
          conversations.put(accepted);
        } else if (record?.request) {
          conversations.delete(conv);
        }
      };
    });
  }

  /**
   * The messages this user sent that are not delivered yet, in the order stored, each with its
   * `conversation`: what to send again after a restart.
   */
  async outbox() {
    const [records, conversations] = await Promise.all([
      this.#read('messages', store => store.index('outbox').getAll()),
      this.#read('conversations', store => store.getAll()),
    ]);
    const names = new Map(conversations.map(c => [c.key, c.name]));
    return records.map(r => ({ conversation: names.get(r.conv) ?? r.conv, ...outside(r) }));
  }

  /** The next number for this user's letters to `peer` (1, 2, 3 …), durable before it is given out. */
  async nextSeq(peer) {
    const id = key(checkName(peer));
    let next;
    await this.#write(['sequences'], tx => {
      const sequences = tx.objectStore('sequences');
      const current = sequences.get(id);
      current.onsuccess = () => {
        next = (current.result ? current.result.last : 0) + 1;
        sequences.put({ peer: id, last: next });
      };
    });
    return next;
  }

  close() {
    this.#db.close();
  }

  /** One read-only request; resolves with its result. */
  #read(storeName, request) {
    return new Promise((resolve, reject) => {
      const tx = this.#db.transaction(storeName, 'readonly');
      const r = request(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(r.result);
      tx.onabort = () => reject(new Error(`cannot read the local store: ${describe(tx.error)}`));
    });
  }

  /** A read-write transaction with strict durability; resolves once it has completed (is on disk). */
  #write(storeNames, work) {
    return new Promise((resolve, reject) => {
      const tx = this.#db.transaction(storeNames, 'readwrite', { durability: 'strict' });
      work(tx);
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(new Error(`cannot save in the local store: ${describe(tx.error)}`));
    });
  }
}

/** How many messages a conversation's record holds as a request; 0 when it is none (or the record predates requests). */
function waitingIn(record) {
  return record?.request ? record.waiting ?? 0 : 0;
}

/** Whether a message waits for delivery: this user's own, sent and not delivered. */
function isPending(message, me) {
  return message.state === 'sent' && key(message.from) === me;
}

/** A stored record as the page sees it: the message as appended, with what was learnt since. */
function outside(record) {
  const message = { ...record };
  for (const field of INTERNAL) {
    delete message[field];
  }
  return message;
}

/** The conversation's key: `@name` or `#room`, in lower case. */
function checkConversation(conversation) {
  if (typeof conversation !== 'string' || !/^[@#]./.test(conversation)) {
    throw new TypeError(`not a conversation: "@" and a user's name, or "#" and a room's`);
  }
  return key(conversation);
}

function checkName(name) {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('a name is a non-empty string');
  }
  return name;
}

function checkMessage(m) {
  if (m === null || typeof m !== 'object') {
    throw new TypeError('a message is an object');
  }
  if (typeof m.id !== 'string' || !MESSAGE_ID.test(m.id)) {
    throw new TypeError('a message id is 1 to 64 letters, digits, "-" or "_"');
  }
  checkName(m.from);
  if (typeof m.sentAt !== 'string' || Number.isNaN(Date.parse(m.sentAt))) {
    throw new TypeError("a message's sentAt is a time like 2026-11-21T14:02:03Z");
  }
  if (typeof m.body !== 'string') {
    throw new TypeError("a message's body is a string");
  }
  if (!STATES.has(m.state)) {
    throw new TypeError("a message's state is 'sent', 'delivered' or 'received'");
  }
  if (m.recipients !== undefined && !(Array.isArray(m.recipients) && m.recipients.every(r => typeof r === 'string'))) {
    throw new TypeError("a message's recipients are a list of names");
  }
}

function key(name) {
  return name.toLowerCase();
}

function describe(error) {
  if (error && error.name === 'QuotaExceededError') {
    return 'the browser gives this site no more room (free some, or allow it more storage)';
  }
  return error ? `${error.name}: ${error.message}` : 'unknown error';
}
