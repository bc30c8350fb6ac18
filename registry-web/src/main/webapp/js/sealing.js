// The browser client's sealing: identity keys, sealed envelopes and fingerprints, with WebCrypto
// only. It must agree byte for byte with the terminal client (peer-client dev.parley.client.mail
// .SealedMail, identity.Identity, identity.Fingerprint); docs/PROTOCOL.md "The envelope" is the
// specification.

const subtle = globalThis.crypto.subtle;

/** Standard base64 (with padding) of bytes. */
export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * The bytes of standard base64 with its padding, or null when the text is anything else: the
 * registry passes on only canonical base64, and atob alone would accept spaces and missing padding.
 */
export function fromBase64(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0
      || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    return null;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/**
 * What two people read to each other to check an identity key: SHA-256 of the key's
 * SubjectPublicKeyInfo in sixteen groups of four upper-case hex digits.
 */
export async function fingerprint(publicKeyBase64) {
  const der = fromBase64(publicKeyBase64);
  if (der === null || der.length === 0) {
    throw new TypeError('not an identity key (base64 of an EC P-256 public key)');
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', der));
  const hex = Array.from(digest, b => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return hex.match(/.{4}/g).join(' ');
}
