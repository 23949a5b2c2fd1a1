import { createHash } from 'node:crypto';

/** SHA-256 of DER bytes as lowercase hex (64 chars, no colons): the form we store and compare. */
export function sha256Hex(der: Uint8Array | ArrayBuffer): string {
  return createHash('sha256').update(der instanceof ArrayBuffer ? new Uint8Array(der) : der).digest('hex');
}
