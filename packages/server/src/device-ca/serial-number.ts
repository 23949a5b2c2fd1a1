import { randomBytes } from 'node:crypto';

/**
 * A random certificate serial: 16 random bytes with the top bit cleared (DER INTEGERs are signed,
 * RFC 5280 requires positive serials) and a non-zero first byte (so the encoding is minimal and
 * always 16 octets). 126+ bits of entropy, well above the CA/Browser Forum's 64.
 * Returned as uppercase hex, the form Node's X509Certificate and TLS peer certificates report.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString('hex').toUpperCase();
}
