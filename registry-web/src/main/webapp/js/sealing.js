// The browser client's sealing: identity keys, sealed envelopes and fingerprints, with WebCrypto
// only. It must agree byte for byte with the terminal client (peer-client dev.parley.client.mail
// .SealedMail, identity.Identity, identity.Fingerprint); docs/PROTOCOL.md "The envelope" is the
// specification:
//   - HPKE (RFC 9180) base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, info
//     "parley mail 1", to the recipient's identity key; the associated data is the header
//     ("parley-envelope-1", id, from, to joined by "\n"), so a ciphertext opens only under the id,
//     sender and recipient it was sealed with;
//   - then ECDSA P-256/SHA-256 (DER) by the sender's identity key over the header, key and sealed.

import {MESSAGE_ID, USERNAME} from './names.js';

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();

const ENVELOPE_VERSION = 'parley-envelope-1';
const HPKE_INFO = encoder.encode('parley mail 1');
/** Limits.MAX_MESSAGE_CHARS: a body is 1 to 4000 UTF-16 code units, as Java counts them. */
const MAX_BODY_CHARS = 4000;
/** Letter.seq is @Range(max = Integer.MAX_VALUE); the terminal client numbers from 1. */
const MAX_SEQ = 2147483647;
/** Envelope.MAX_SEALED_BYTES: the registry refuses larger ciphertexts. */
const MAX_SEALED_BYTES = 32 * 1024;

const P256_ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const P256_ECDH = { name: 'ECDH', namedCurve: 'P-256' };
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' };

/**
 * An envelope that cannot be trusted or opened. The message says why, for the user, in the words
 * of the terminal client's MailUnreadableException.
 */
export class UnreadableMail extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'UnreadableMail';
  }
}

// ---------------------------------------------------------------------------------------------
// Identity

/**
 * A new identity: one EC P-256 private key, as a signing key (ECDSA) and as an agreement key
 * (ECDH), and its public key as the registry holds it (base64 of the X.509 SubjectPublicKeyInfo).
 *
 * The terminal client uses one key for both, and the registry holds one identity key per user, so
 * the browser must too. A WebCrypto key is bound to one algorithm, though: the only way to have
 * the same private key for ECDSA and ECDH is to make it extractable once, export it (PKCS #8) and
 * import it twice. Both imports are non-extractable, and the extractable key and the exported
 * bytes are dropped here, so no script can read the private key afterwards; the returned object
 * holds only CryptoKeys and a string, which IndexedDB stores as they are (structured clone).
 */
export async function createIdentity() {
  const pair = await subtle.generateKey(P256_ECDSA, true, ['sign', 'verify']);
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
  try {
    const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
    const signingKey = await subtle.importKey('pkcs8', pkcs8, P256_ECDSA, false, ['sign']);
    const agreementKey = await subtle.importKey('pkcs8', pkcs8, P256_ECDH, false, ['deriveBits']);
    return { signingKey, agreementKey, publicKey: toBase64(spki) };
  } finally {
    pkcs8.fill(0); // the only copy of the private key outside the non-extractable CryptoKeys
  }
}

/**
 * A LOGIN's proof that this browser holds the account's identity key: the signing key's ECDSA
 * (SHA-256) signature, r and s as WebCrypto gives them, over `parley-login-proof`, the link's
 * challenge (from its HELLO answer) and the lower-case username, each ended by a newline. The
 * registry lets such a login through while the account is being slowed by guessing. Undefined
 * without a challenge (a registry that gives none).
 */
export async function proveLogin(identity, challenge, username) {
  if (!challenge) {
    return undefined;
  }
  const signed = encoder.encode(`parley-login-proof\n${challenge}\n${username.toLowerCase()}\n`);
  return toBase64(new Uint8Array(await subtle.sign(ECDSA_SHA256, identity.signingKey, signed)));
}

/**
 * What two people read to each other to check an identity key: SHA-256 of the key's
 * SubjectPublicKeyInfo in sixteen groups of four upper-case hex digits.
 *
 * @throws TypeError when the text is not base64 of an EC P-256 public key
 */
export async function fingerprint(publicKeyBase64) {
  const der = (await identityKey(publicKeyBase64, P256_ECDSA, [])).der;
  const digest = new Uint8Array(await subtle.digest('SHA-256', der));
  const hex = Array.from(digest, b => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return hex.match(/.{4}/g).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Envelopes

/**
 * Seals a letter to `recipientKey` and signs it with `identity`'s key.
 *
 * @param identity what createIdentity made (its signingKey is used)
 * @param id the message id (1 to 64 letters, digits, '-' or '_')
 * @param from the sender's name and `to` the recipient's, as registered: the registry refuses any
 *     other spelling, because the signature and the sealing cover them as written
 * @param recipientKey the recipient's identity key, base64 of its SubjectPublicKeyInfo
 * @param letter `{ sentAt, body, seq }` or `{ sentAt, body, room }`
 * @returns the envelope `{ id, from, to, key, sealed, signature }`, as MAIL_DEPOSIT carries it
 * @throws TypeError for a bad argument, with the reason
 */
export async function sealLetter(identity, { id, from, to, recipientKey, letter }) {
  if (typeof id !== 'string' || !MESSAGE_ID.test(id)) {
    throw new TypeError('a message id is 1 to 64 letters, digits, "-" or "_"');
  }
  for (const [what, name] of [['from', from], ['to', to]]) {
    if (typeof name !== 'string' || !USERNAME.test(name)) {
      throw new TypeError(`'${what}' is not a username: 3 to 32 letters, digits, ".", "_" or "-"`);
    }
  }
  if (!identity || !(identity.signingKey instanceof CryptoKey)) {
    throw new TypeError('no identity to sign with (make one with createIdentity)');
  }
  const problem = letterProblem(letter);
  if (problem !== null) {
    throw new TypeError(`not a letter: ${problem}`);
  }
  const recipient = await identityKey(recipientKey, P256_ECDH, []);
  const plain = encoder.encode(JSON.stringify(letterFields(letter)));
  const header = headerText(id, from, to);
  const ephemeral = await subtle.generateKey(P256_ECDH, false, ['deriveBits']);
  const { enc, ciphertext } = await hpkeSeal(recipient.cryptoKey, recipient.raw, ephemeral, HPKE_INFO,
      encoder.encode(header), plain);
  const key = toBase64(enc);
  const sealed = toBase64(ciphertext);
  const raw = new Uint8Array(await subtle.sign(ECDSA_SHA256, identity.signingKey,
      encoder.encode(`${header}\n${key}\n${sealed}`)));
  return { id, from, to, key, sealed, signature: toBase64(derFromRaw(raw)) };
}

/**
 * Checks the envelope's signature with `senderKey`, then opens it with `identity`'s key.
 *
 * @param identity the recipient's identity (its agreementKey and publicKey are used)
 * @param envelope `{ id, from, to, key, sealed, signature }` as MAIL or MAIL_FETCH gave it
 * @param senderKey the sender's identity key (base64 SubjectPublicKeyInfo), as pinned for `from`
 * @returns the letter: `{ sentAt, body, seq }` or `{ sentAt, body, room }`, sentAt as
 *     Date.toISOString gives it (millisecond precision, UTC), so letters sort as text
 * @throws UnreadableMail forged, damaged, sealed to someone else, or not a letter
 * @throws TypeError when `identity` is not what createIdentity made (the caller's mistake, not the mail's)
 */
export async function openEnvelope(identity, envelope, senderKey) {
  if (!identity || !(identity.agreementKey instanceof CryptoKey) || typeof identity.publicKey !== 'string') {
    throw new TypeError('no identity to open with (make one with createIdentity)');
  }
  if (envelope === null || typeof envelope !== 'object') {
    throw new UnreadableMail('it is not an envelope');
  }
  for (const field of ['id', 'from', 'to', 'key', 'sealed', 'signature']) {
    if (typeof envelope[field] !== 'string' || envelope[field].length === 0) {
      throw new UnreadableMail(`it is not an envelope: '${field}' is missing`);
    }
  }
  const { id, from, to } = envelope;
  const enc = fromBase64(envelope.key);
  const ciphertext = fromBase64(envelope.sealed);
  const signature = fromBase64(envelope.signature);
  if (enc === null || ciphertext === null || signature === null) {
    throw new UnreadableMail('its fields are not base64');
  }

  let sender;
  try {
    sender = await identityKey(senderKey, P256_ECDSA, ['verify']);
  } catch (e) {
    throw new UnreadableMail(`the key given for ${from} is not an identity key`);
  }
  const header = headerText(id, from, to);
  const raw = rawFromDer(signature);
  // A malformed signature is as good as a wrong one: both say the sender did not sign this.
  if (raw === null || !await subtle.verify(ECDSA_SHA256, sender.cryptoKey, raw,
      encoder.encode(`${header}\n${envelope.key}\n${envelope.sealed}`))) {
    throw new UnreadableMail(`its signature is not ${from}'s`);
  }

  let plain;
  try {
    const mine = fromBase64(identity.publicKey);
    const myRaw = new Uint8Array(await subtle.exportKey('raw',
        await subtle.importKey('spki', mine, P256_ECDH, true, [])));
    plain = await hpkeOpen(identity.agreementKey, myRaw, enc, HPKE_INFO, encoder.encode(header), ciphertext);
  } catch (e) {
    // A point off the curve, a short key, a failed tag: the user cannot tell these apart, nor need to.
    throw new UnreadableMail('it does not open with your key (sealed for someone else, or damaged)');
  }

  let letter;
  try {
    letter = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch (e) {
    throw new UnreadableMail('what it seals is not a message: not JSON text');
  }
  const problem = letterProblem(letter);
  if (problem !== null) {
    throw new UnreadableMail(`what it seals is not a message: ${problem}`);
  }
  const opened = letterFields(letter);
  opened.sentAt = new Date(instantMillis(letter.sentAt)).toISOString();
  return opened;
}

// ---------------------------------------------------------------------------------------------
// The letter, checked as the Java Letter record and RecordCodec check it

/** Why `letter` is not a letter (a sentence for the user), or null when it is one. */
function letterProblem(letter) {
  if (letter === null || typeof letter !== 'object' || Array.isArray(letter)) {
    return 'not a JSON object';
  }
  if (letter.sentAt === undefined || letter.sentAt === null) {
    return "missing field 'sentAt'";
  }
  if (typeof letter.sentAt !== 'string' || instantMillis(letter.sentAt) === null) {
    return "field 'sentAt' must be a time like 2026-11-21T14:02:03Z";
  }
  if (letter.body === undefined || letter.body === null) {
    return "missing field 'body'";
  }
  if (typeof letter.body !== 'string') {
    return "field 'body' must be a string";
  }
  if (letter.body.length < 1 || letter.body.length > MAX_BODY_CHARS) {
    return `field 'body' must have 1 to ${MAX_BODY_CHARS} characters`;
  }
  const bodyText = textProblem(letter.body);
  if (bodyText !== null) {
    return `field 'body' ${bodyText}`;
  }
  const hasSeq = letter.seq !== undefined && letter.seq !== null;
  const hasRoom = letter.room !== undefined && letter.room !== null;
  if (hasSeq === hasRoom) {
    return hasSeq ? "it has both 'seq' and 'room'" : "it has neither 'seq' nor 'room'";
  }
  if (hasSeq && !(Number.isInteger(letter.seq) && letter.seq >= 1 && letter.seq <= MAX_SEQ)) {
    return `field 'seq' must be a whole number between 1 and ${MAX_SEQ}`;
  }
  if (hasRoom) {
    if (typeof letter.room !== 'string' || letter.room.length === 0) {
      return "field 'room' must be a room's name";
    }
    const roomText = textProblem(letter.room);
    if (roomText !== null) {
      return `field 'room' ${roomText}`;
    }
  }
  return null;
}

/** The letter's own fields in the order the terminal client writes them (others are left out). */
function letterFields(letter) {
  const fields = { sentAt: letter.sentAt, body: letter.body };
  if (letter.seq !== undefined && letter.seq !== null) {
    fields.seq = letter.seq;
  } else {
    fields.room = letter.room;
  }
  return fields;
}

/**
 * WireText.problem: text the protocol carries is well-formed Unicode without U+0000 (a lone
 * surrogate cannot be written as UTF-8, and U+0000 cannot be stored in PostgreSQL).
 */
function textProblem(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      return `holds the character U+0000 at position ${i}`;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length
        && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      i++; // a pair: one character beyond U+FFFF
    } else if (c >= 0xd800 && c <= 0xdfff) {
      return `is not valid Unicode: a lone surrogate at position ${i}`;
    }
  }
  return null;
}

/**
 * The milliseconds since the epoch of a time Java's Instant.parse accepts (date, 'T', time with
 * seconds and up to nine fraction digits, then 'Z' or an offset), or null for anything else.
 * Date.parse alone would take forms Java refuses, such as a date without a time.
 */
function instantMillis(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)$/
      .exec(text);
  if (m === null) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()
      || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  let offset = 0;
  if (m[8] !== 'Z') {
    const [oh, om, os] = [m[10], m[11], m[12] ?? '0'].map(Number);
    if (oh > 18 || om > 59 || os > 59 || oh * 3600 + om * 60 + os > 18 * 3600) {
      return null;
    }
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60 + os) * 1000;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0 to 99 as 1900 to 1999
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offset;
}

// ---------------------------------------------------------------------------------------------
// HPKE (RFC 9180), base mode, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM, single shot

const KEM_ID = 0x0010;
const KDF_ID = 0x0001;
const AEAD_ID = 0x0001;
const KEM_SUITE = concat(encoder.encode('KEM'), i2osp(KEM_ID, 2));
const HPKE_SUITE = concat(encoder.encode('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(AEAD_ID, 2));
const HPKE_V1 = encoder.encode('HPKE-v1');
const MODE_BASE = 0x00;
const N_SECRET = 32;
const N_K = 16;
const N_N = 12;

/**
 * SetupBaseS + Seal of one message (sequence number 0) with the given ephemeral key pair:
 * returns the encapsulated key (uncompressed point, 65 bytes) and the ciphertext with its tag.
 */
async function hpkeSeal(recipientKey, recipientRaw, ephemeral, info, aad, plaintext) {
  const enc = new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey));
  const dh = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: recipientKey }, ephemeral.privateKey, 256));
  const sharedSecret = await extractAndExpand(dh, concat(enc, recipientRaw));
  const { key, nonce } = await keySchedule(sharedSecret, info);
  const ciphertext = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad },
      key, plaintext));
  if (ciphertext.length > MAX_SEALED_BYTES) {
    throw new TypeError(`the sealed letter would be ${ciphertext.length} bytes; the registry takes at most ${MAX_SEALED_BYTES}`);
  }
  return { enc, ciphertext };
}

/** SetupBaseR + Open of one message; throws when anything does not fit. */
async function hpkeOpen(privateKey, recipientRaw, enc, info, aad, ciphertext) {
  if (enc.length !== 65 || enc[0] !== 0x04) {
    // Nenc: DHKEM(P-256) encapsulates to an uncompressed point; WebCrypto would take a compressed one too.
    throw new RangeError('the encapsulated key is not an uncompressed P-256 point');
  }
  const ephemeralPublic = await subtle.importKey('raw', enc, P256_ECDH, false, []);
  const dh = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: ephemeralPublic }, privateKey, 256));
  const sharedSecret = await extractAndExpand(dh, concat(enc, recipientRaw));
  const { key, nonce } = await keySchedule(sharedSecret, info);
  return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, ciphertext));
}

/** DHKEM's ExtractAndExpand: the KEM shared secret from the DH output and enc || pkRm. */
async function extractAndExpand(dh, kemContext) {
  const prk = await labeledExtract(KEM_SUITE, new Uint8Array(0), 'eae_prk', dh);
  return labeledExpand(KEM_SUITE, prk, 'shared_secret', kemContext, N_SECRET);
}

/** KeySchedule for mode_base (no PSK): the AEAD key (as a CryptoKey) and the base nonce. */
async function keySchedule(sharedSecret, info) {
  const empty = new Uint8Array(0);
  const pskIdHash = await labeledExtract(HPKE_SUITE, empty, 'psk_id_hash', empty);
  const infoHash = await labeledExtract(HPKE_SUITE, empty, 'info_hash', info);
  const context = concat(Uint8Array.of(MODE_BASE), pskIdHash, infoHash);
  const secret = await labeledExtract(HPKE_SUITE, sharedSecret, 'secret', empty);
  const keyBytes = await labeledExpand(HPKE_SUITE, secret, 'key', context, N_K);
  const nonce = await labeledExpand(HPKE_SUITE, secret, 'base_nonce', context, N_N);
  const key = await subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, nonce }; // sequence number 0: the nonce is the base nonce itself
}

function labeledExtract(suite, salt, label, ikm) {
  return hkdfExtract(salt, concat(HPKE_V1, suite, encoder.encode(label), ikm));
}

function labeledExpand(suite, prk, label, info, length) {
  return hkdfExpand(prk, concat(i2osp(length, 2), HPKE_V1, suite, encoder.encode(label), info), length);
}

// WebCrypto's HKDF does extract and expand in one step, but HPKE labels each step differently,
// so both are built from HMAC-SHA256 as RFC 5869 defines them.

async function hkdfExtract(salt, ikm) {
  // RFC 5869: no salt means HashLen zero bytes (WebCrypto refuses an empty HMAC key).
  return hmac(salt.length === 0 ? new Uint8Array(32) : salt, ikm);
}

async function hkdfExpand(prk, info, length) {
  const out = new Uint8Array(length);
  let previous = new Uint8Array(0);
  for (let i = 1, filled = 0; filled < length; i++) {
    previous = await hmac(prk, concat(previous, info, Uint8Array.of(i)));
    out.set(previous.subarray(0, Math.min(previous.length, length - filled)), filled);
    filled += previous.length;
  }
  return out;
}

async function hmac(keyBytes, data) {
  const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', key, data));
}

// ---------------------------------------------------------------------------------------------
// Test hooks: HPKE with a chosen ephemeral key, for the RFC 9180 test vectors

/**
 * HPKE base-mode Seal of one message to the raw (uncompressed) public key `recipientRaw`, with
 * the ephemeral private key given as a JWK; returns `{ enc, ciphertext }` as Uint8Arrays. Only
 * for tests against known answers: sealing chooses a fresh ephemeral key every time.
 */
export async function hpkeSealWith(ephemeralJwk, recipientRaw, info, aad, plaintext) {
  const privateKey = await subtle.importKey('jwk', ephemeralJwk, P256_ECDH, false, ['deriveBits']);
  const publicKey = await subtle.importKey('jwk', publicJwk(ephemeralJwk), P256_ECDH, true, []);
  const recipientKey = await subtle.importKey('raw', recipientRaw, P256_ECDH, true, []);
  return hpkeSeal(recipientKey, recipientRaw, { privateKey, publicKey }, info, aad, plaintext);
}

/** HPKE base-mode Open of one message with the recipient's private key given as a JWK. */
export async function hpkeOpenWith(recipientJwk, enc, info, aad, ciphertext) {
  const privateKey = await subtle.importKey('jwk', recipientJwk, P256_ECDH, false, ['deriveBits']);
  const publicKey = await subtle.importKey('jwk', publicJwk(recipientJwk), P256_ECDH, true, []);
  return hpkeOpen(privateKey, new Uint8Array(await subtle.exportKey('raw', publicKey)), enc, info, aad, ciphertext);
}

function publicJwk({ kty, crv, x, y }) {
  return { kty, crv, x, y };
}

// ---------------------------------------------------------------------------------------------
// Keys, signatures, bytes

/**
 * Reads an identity key in the registry's form: `{ der, raw, cryptoKey }` (the SubjectPublicKeyInfo,
 * the uncompressed point, and the key for `algorithm`).
 *
 * @throws TypeError when it is not base64 of an EC P-256 public key
 */
async function identityKey(base64, algorithm, usages) {
  const der = fromBase64(base64);
  if (der !== null && der.length > 0) {
    try {
      const cryptoKey = await subtle.importKey('spki', der, algorithm, true, usages);
      const raw = new Uint8Array(await subtle.exportKey('raw', cryptoKey));
      // Only the one DER form Java writes, so the fingerprint here is the terminal client's.
      if (toBase64(new Uint8Array(await subtle.exportKey('spki', cryptoKey))) === base64) {
        return { der, raw, cryptoKey };
      }
    } catch (e) {
      // falls through to the one error below: the reason is the same for every malformed key
    }
  }
  throw new TypeError('not an identity key (base64 of an EC P-256 public key)');
}

function headerText(id, from, to) {
  return `${ENVELOPE_VERSION}\n${id}\n${from}\n${to}`;
}

/** WebCrypto's ECDSA signature (r || s, 32 bytes each) as the DER SEQUENCE of two INTEGERs Java uses. */
function derFromRaw(raw) {
  const integer = bytes => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) {
      start++;
    }
    const value = bytes.subarray(start);
    // A set high bit would read as negative: DER puts a zero byte before it.
    const body = value[0] & 0x80 ? concat(Uint8Array.of(0), value) : value;
    return concat(Uint8Array.of(0x02, body.length), body);
  };
  const r = integer(raw.subarray(0, 32));
  const s = integer(raw.subarray(32, 64));
  return concat(Uint8Array.of(0x30, r.length + s.length), r, s);
}

/**
 * A DER ECDSA P-256 signature as WebCrypto's r || s, or null when it is not exactly one SEQUENCE
 * of two positive, minimally encoded INTEGERs of at most 32 bytes of value.
 */
function rawFromDer(der) {
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) {
    return null;
  }
  const raw = new Uint8Array(64);
  let at = 2;
  for (const offset of [0, 32]) {
    if (der[at] !== 0x02 || at + 2 > der.length) {
      return null;
    }
    const length = der[at + 1];
    const value = der.subarray(at + 2, at + 2 + length);
    if (length === 0 || value.length !== length || value[0] & 0x80
        || (value[0] === 0 && (length === 1 || !(value[1] & 0x80)))) {
      return null; // empty, cut short, negative, or not minimal
    }
    const magnitude = value[0] === 0 ? value.subarray(1) : value;
    if (magnitude.length > 32) {
      return null;
    }
    raw.set(magnitude, offset + 32 - magnitude.length);
    at += 2 + length;
  }
  return at === der.length ? raw : null;
}

function i2osp(value, length) {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--, value = Math.floor(value / 256)) {
    out[i] = value & 0xff;
  }
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Standard base64 (with padding) of bytes. */
export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * The bytes of standard base64 with its padding, or null when the text is anything else. The
 * registry passes on only the one standard spelling of the bytes (see registry-ejb SealedEnvelope),
 * and atob alone would take spaces, missing padding and stray bits.
 */
export function fromBase64(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    return null;
  }
  let binary;
  try {
    binary = atob(text);
  } catch (e) {
    return null; // '=' inside the text
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return toBase64(bytes) === text ? bytes : null;
}
