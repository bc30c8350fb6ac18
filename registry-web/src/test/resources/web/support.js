// Helpers the browser tests import next to the page's own modules.

/** Bytes of a hex string. */
export function hex(text) {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new TypeError(`not hex: ${text}`);
  }
  return Uint8Array.from(text.match(/../g) ?? [], h => parseInt(h, 16));
}

/** Lower-case hex of bytes (a Uint8Array or an ArrayBuffer). */
export function toHex(bytes) {
  return Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A P-256 private key as a JWK, from its scalar and its uncompressed public point in hex (as RFC 9180 lists them). */
export function p256Jwk(privateHex, publicHex) {
  const point = hex(publicHex);
  if (point.length !== 65 || point[0] !== 4) {
    throw new TypeError('not an uncompressed P-256 point');
  }
  return {
    kty: 'EC', crv: 'P-256', d: base64url(hex(privateHex)),
    x: base64url(point.subarray(1, 33)), y: base64url(point.subarray(33, 65)),
  };
}
