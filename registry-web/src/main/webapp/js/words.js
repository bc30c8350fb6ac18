// The words of the page's notices: the terminal client's (peer-client's Replies) where the same thing
// happens, so a person who uses both reads the same sentences. Names and texts in them come from
// peers and the registry: they are inserted as text by the view, never as HTML.

export const NO_REGISTRY = '(no registry)';
export const RECONNECTING = '(reconnecting)';

export const registered = user => `registered ${user} — log in below`;
export const loggedIn = user => `logged in as ${user}`;
export const loggedOut = () => 'logged out';
export const isOnline = user => `${user} is online`;
export const isOffline = user => `${user} is offline`;
export const noSuchUser = user => `no user named ${user}`;
export const notAUsername = () => "a username uses only letters, digits, '.', '_' and '-', and starts with a letter or digit";
export const thatIsYou = () => 'that is you — chat with someone else';
export const tooLong = length => `the message is ${length} characters; the limit is 4000 — nothing was sent`;
export const notInRoom = room => `you are not in #${room} — /join ${room}`;
export const nobodyElseOnline = () => 'nobody else is online';
export const lostRegistry = () => 'lost the registry — reconnecting…';
export const reconnected = () => 'reconnected';
export const registryReached = () => 'connected to the registry';
export const registryClosedLink = reason => `the registry closed the link: ${reason}`;
export const error = reason => `error: ${reason}`;
export const passwordsDiffer = () => 'the passwords do not match';
export const usernameTaken = user => `the username ${user} is taken`;

export const identityKeyMismatch = user =>
    `this browser's identity key for ${user} is not the one the registry holds: the account's key was made in `
    + 'another browser or by the terminal client, and mail to it can only be opened with that key — '
    + `log in there, or register another account in this browser`;

export const noIdentityHere = user =>
    `this browser has no identity key for ${user}, and chat needs the one made when ${user} registered (in another `
    + `browser or by the terminal client): log in there, or register another account in this browser`;

export const sessionExpired = reason =>
    `the registry ended your session (${reason}). Logging in again; rooms you were in have been left`;

export const chatOpened = peer => `chatting with ${peer}`;
export const switched = (name, unread) => `now in ${name}${unread > 0 ? ` (${unread} unread)` : ''}`;
export const newMessageFrom = (from, where) => where ? `new message from ${from} in ${where}` : `new message from ${from}`;

export const viaRegistry = (peer, online) => online
    ? `${peer} is online — what you write goes through the registry (end-to-end encrypted)`
    : `${peer} is offline — it will wait for ${peer} on the registry (sealed: only ${peer} can read it)`;

export const mailSlowedDown = (peer, seconds) =>
    `the registry takes messages more slowly than you wrote them — the rest to ${peer} go out in ${seconds} s, in order`;

export const mailWhileAway = (peer, count) =>
    `while you were away: ${count} ${count === 1 ? 'message' : 'messages'} from ${peer}`;

const messages = count => count === 1 ? 'a message' : `${count} messages`;

/** Someone this user has not accepted left messages: kept, not shown. */
export const mailHeld = (peer, count) => `${peer} left you ${messages(count)} — open @${peer} to accept or reject`;

/** The conversation list's detail for such a request. */
export const heldDetail = count => `(left ${messages(count)})`;

/** The conversation pane of such a request, above its two buttons. */
export const heldPrompt = (peer, count) =>
    `${peer} left you ${messages(count)}. You have no conversation with ${peer}: accept to read`
    + ` ${count === 1 ? 'it' : 'them'} and answer, or reject (${peer} is not told).`;

export const requestAccepted = peer => `chatting with ${peer}`;

export const requestRejected = peer => `rejected ${peer}`;

export function mailRefused(peer, reason) {
    const why = reason.startsWith('WARNING: ') ? reason.slice('WARNING: '.length) : reason;
    return `WARNING: a message said to be from ${peer} was refused: ${why}`
        + ' — it was not shown, and stays on the registry until it expires';
}

export const mailExpired = (peer, body) =>
    `your message to ${peer} expired unread on the registry: ${quote(body)} — it stays in the outbox and is sent again at your next login`;

export const delivered = (peer, time, body) => `delivered to ${peer} at ${time}: ${quote(body)}`;

export const notDelivered = (peer, reason, body) =>
    `not delivered to ${peer}: ${reason} — ${quote(body)} stays in the outbox and is sent again at your next login`
    + ' (or when the link to the registry is back)';

export const resending = (peer, count) =>
    `sending ${count} ${count === 1 ? 'earlier message' : 'earlier messages'} to ${peer}`;

export const keyChanged = (user, registryFingerprint, pinnedFingerprint) =>
    `WARNING: the registry holds the key ${registryFingerprint} for ${user}, but this browser pinned `
    + `${pinnedFingerprint} for ${user} — someone may be impersonating ${user}; nothing was sent to or accepted from ${user}`;

export const noKey = user => `${user} has no identity key at the registry, so nothing can be sealed to or checked from ${user}`;

export const roomCreated = room => `created #${room} — you are its host`;

export const roomJoined = (room, members, capacity, host, names) =>
    `joined #${room} (${members}/${capacity}, host ${host}): ${memberList(names)}`;

export const roomLeft = (room, deleted) => `left #${room}${deleted ? ' — the room is gone: you were the last' : ''}`;
export const memberJoined = (user, room) => `${user} joined #${room}`;

export function memberLeft(user, room, reason) {
    switch (reason) {
        case 'offline': return `${user} went offline — left #${room}`;
        case 'kicked': return `${user} was kicked from #${room}`;
        case 'banned': return `${user} was banned from #${room}`;
        default: return `${user} left #${room}`;
    }
}

export function removedFromRoom(room, reason) {
    switch (reason) {
        case 'banned': return `you were banned from #${room}`;
        case 'kicked': return `you were kicked from #${room}`;
        case 'offline': return `you are no longer in #${room} — the registry counted you offline; join #${room} to go back`;
        default: return `you are no longer in #${room}`;
    }
}

export const sessionEndedWithoutRoom = room =>
    `you are no longer in #${room} — your session ended while the registry was out of reach; join #${room} to go back`;

export const stillInRoom = (room, members, capacity, host, names) =>
    `you are still in #${room} (${members}/${capacity}, host ${host}): ${memberList(names)}`;

export const newHost = (user, room) => `${user} is now the host of #${room}`;

export const roomUpdated = (room, description, locked) =>
    `#${room} now: ${description === '' ? 'no description' : `"${description}"`}${locked ? ', locked with a password' : ', open'}`;

export const invitation = (from, room, invited) =>
    `${from} invites you to #${room} (with ${invited.join(', ')})`;

export const invitationAnswered = (user, room, accepted) =>
    `${user} ${accepted ? 'accepted' : 'declined'} the invitation to #${room}`;

export const declined = room => `declined the invitation to #${room}`;

export const roomNeedsPassword = room => `#${room} needs a password — type it in the room password field and join again`;

export const members = (room, capacity, host, names) =>
    `#${room} (${names.length}/${capacity}, host ${host}): ${memberList(names)}`;

export const droppedRoomMessage = (room, sender) =>
    `WARNING: dropped a message in #${room} from ${sender}, who is not in the room`;

export const aloneInRoom = room => `nobody else is in #${room} — the message is kept in the history only`;

export const noRooms = () => 'no rooms — create one';

export const messageNotStored = reason => `cannot store the message: ${reason} — it was not sent`;

export const unknownCommand = name => `unknown command /${name} — type /help`;

export const help = () =>
    'commands: /chat NAME, /join ROOM, /leave [ROOM], /members, /create ROOM, /group NAME…, /online, /search NAME,'
    + ' /logout, /help; // sends a line starting with /';

export const groupCreated = (room, invited, offline) =>
    `created #${room} and invited ${invited.length === 0 ? 'nobody' : invited.join(', ')}`
    + (offline.length === 0 ? '' : ` (offline, not invited: ${offline.join(', ')})`);

/** A room's members in alphabetical order (the registry's order is its own). */
function memberList(names) {
    return [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(', ');
}

/** A message body shortened for a receipt line. */
export function quote(body) {
    return `"${body.length > 40 ? body.slice(0, 39) + '…' : body}"`;
}
