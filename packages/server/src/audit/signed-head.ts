import { createPublicKey, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { auditKeyId, type AuditKeys } from './audit-keys.js';

/** Format tag of an exported audit head. */
export const SIGNED_HEAD_FORMAT = 'verity-audit-head/v1';

/**
 * A tenant's audit chain head as the server vouched for it at `at`: the entry count and the hash of
 * the last entry, signed (Ed25519) with the installation's audit signing key. Kept outside the
 * database (a file, syslog, the admin's own storage), it proves later that the chain held this
 * entry: cutting the tail, or deleting the whole chain, can then no longer go unnoticed.
 */
export const signedAuditHeadSchema = z.object({
  format: z.literal(SIGNED_HEAD_FORMAT),
  tenantId: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime({ offset: true }),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  publicKey: z.string().min(40).max(1024),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
}).strict();
export type SignedAuditHead = z.infer<typeof signedAuditHeadSchema>;

/** The bytes a head's signature covers: every field but the key and the signature, in a fixed order. */
function signedBytes(h: Pick<SignedAuditHead, 'format' | 'tenantId' | 'seq' | 'hash' | 'at' | 'keyId'>): Buffer {
  return Buffer.from(JSON.stringify([h.format, h.tenantId, h.seq, h.hash, h.at, h.keyId]), 'utf8');
}

/** Sign a verified chain head. */
export function signAuditHead(keys: AuditKeys, head: { tenantId: string; seq: number; hash: string; at: Date }): SignedAuditHead {
  const unsigned = { format: SIGNED_HEAD_FORMAT, tenantId: head.tenantId, seq: head.seq, hash: head.hash, at: head.at.toISOString(), keyId: keys.keyId } as const;
  return { ...unsigned, publicKey: keys.publicKeyPem, signature: sign(null, signedBytes(unsigned), keys.signingKey).toString('base64url') };
}

/**
 * Check an exported head on its own: its shape, that its key id names its public key, and that the
 * signature holds. Whether that key is the installation's is the caller's comparison (keyId).
 */
export function checkSignedAuditHead(value: unknown): { ok: true; head: SignedAuditHead } | { ok: false; problem: string } {
  const parsed = signedAuditHeadSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: `not an exported audit head: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim() };
  const head = parsed.data;
  let keyId: string;
  try {
    keyId = auditKeyId(head.publicKey);
    if (keyId !== head.keyId) return { ok: false, problem: 'the key id does not name the public key' };
    if (!verify(null, signedBytes(head), createPublicKey(head.publicKey), Buffer.from(head.signature, 'base64url'))) return { ok: false, problem: 'the signature does not verify' };
  } catch {
    return { ok: false, problem: 'the public key or signature cannot be read' };
  }
  return { ok: true, head };
}
