import { isIP } from 'node:net';
import { z } from 'zod';
import { deviceCaError } from './device-ca-errors.js';
import { IDENTITY_ID_PATTERN } from './device-identity-uri.js';
import { MAX_CSR_CHARS } from './parse-csr.js';

/**
 * Wire shapes of the CA's operations, bounded at the edge (zod). The CA is called by server
 * code, but tenant ids, device ids and host names ultimately come from admins and devices.
 */

/** Longest validity we sign for leaf certificates: the CA/Browser Forum's former 825-day cap. */
export const MAX_LEAF_VALIDITY_DAYS = 825;

/** Positive, minimally encoded DER INTEGER of 1 to 20 octets (RFC 5280 section 4.1.2.2), as hex. */
const SERIAL_PATTERN = /^(?:0[1-9a-fA-F]|[1-7][0-9a-fA-F])(?:[0-9a-fA-F]{2}){0,19}$/;
/** A DNS name (RFC 1123 labels), optionally with one leading wildcard label. */
const DNS_NAME_PATTERN = /^(?:\*\.)?(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/;

const idSchema = z.string().max(64).regex(IDENTITY_ID_PATTERN, 'Must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.');
const validDate = z.date();

export const deviceCertificateRequestSchema = z.object({
  csrPem: z.string().max(MAX_CSR_CHARS),
  tenantId: idSchema,
  deviceId: idSchema,
  now: validDate,
  validityDays: z.number().int().min(1).max(MAX_LEAF_VALIDITY_DAYS),
  serialNumber: z.string().regex(SERIAL_PATTERN, 'Must be hex of a positive DER INTEGER of 1-20 octets.').optional(),
});
export type DeviceCertificateRequest = z.infer<typeof deviceCertificateRequestSchema>;

export const serverCertificateRequestSchema = z
  .object({
    hostnames: z.array(z.string().max(253).regex(DNS_NAME_PATTERN, 'Must be a DNS name.')).max(50),
    ips: z.array(z.string().max(45).refine((ip) => isIP(ip) !== 0, 'Must be an IPv4 or IPv6 address.')).max(50),
    now: validDate,
    validityDays: z.number().int().min(1).max(MAX_LEAF_VALIDITY_DAYS),
  })
  .refine((r) => r.hostnames.length + r.ips.length > 0, { message: 'Name at least one host name or IP address.', path: ['hostnames'] });
export type ServerCertificateRequest = z.infer<typeof serverCertificateRequestSchema>;

export const deviceCaCreateSchema = z.object({
  commonName: z.string().min(1).max(64).regex(/^[^\u0000-\u001f\u007f]*$/, 'Must be printable.'),
  now: validDate,
  validityDays: z.number().int().min(1).max(30 * 366).optional(),
});

/** JSON path (`$.hostnames[2]`) of a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), '$');
}

/** Parse with a schema or throw VERITY_DEVICE_CA_INVALID_REQUEST naming each offending path. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 20).map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
  throw deviceCaError('VERITY_DEVICE_CA_INVALID_REQUEST', message, details);
}
