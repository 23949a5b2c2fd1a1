/**
 * Node's Buffer.from(text, 'base64') skips characters it does not understand, so "abc!!!"
 * decodes to something. At the edge we want exact decoding: the text must be canonical
 * base64 (or base64url) of the returned bytes, else null.
 */

/** Decode standard or URL-safe base64 (padding optional, ASCII whitespace ignored) or return null. */
export function decodeStrictBase64(text: string): Buffer | null {
  const compact = text.replace(/[\t\n\r ]/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return null;
  const unpadded = compact.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  if (compact.length !== unpadded.length && compact.length % 4 !== 0) return null;
  const bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  // Canonical check: re-encoding must give back the same characters (rejects non-zero pad bits).
  const again = bytes.toString('base64').replace(/=+$/, '');
  return again === unpadded.replace(/-/g, '+').replace(/_/g, '/') ? bytes : null;
}

/** Decode base64url without padding (our own sealed formats) or return null. */
export function decodeStrictBase64Url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
