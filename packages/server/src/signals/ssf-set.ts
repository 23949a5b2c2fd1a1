import { SignJWT } from 'jose';
import type { SigningKey } from '../keys/signing-keys.js';
import { SET_TYP } from './ssf-vocabulary.js';

/** A subject identifier (RFC 9493) as SSF uses it in `sub_id`. */
export type SubjectId =
  | { format: 'email'; email: string }
  | { format: 'opaque'; id: string }
  | { format: 'iss_sub'; iss: string; sub: string }
  | { format: 'complex'; user?: SubjectId; device?: SubjectId; session?: SubjectId; tenant?: SubjectId };

/** One event to transmit, before it is addressed to a stream and signed. */
export interface OutgoingEvent {
  readonly eventType: string;
  readonly subject: SubjectId;
  readonly body: Record<string, unknown>;
  /** Keys a stream's subject list is matched against (`email:…`, `device:…`). */
  readonly subjectKeys: readonly string[];
}

/** The claims of a Security Event Token (RFC 8417 §2.2, SSF 1.0 §4). */
export interface SetClaims {
  readonly iss: string;
  readonly aud: string | string[];
  readonly jti: string;
  readonly iat: number;
  readonly sub_id: SubjectId;
  readonly events: Record<string, Record<string, unknown>>;
  readonly txn?: string;
}

/** The keys a subject identifier is matched by (a stream's added subjects against an event's). */
export function subjectKeys(subject: unknown): string[] {
  if (!subject || typeof subject !== 'object') return [];
  const s = subject as Record<string, unknown>;
  switch (s.format) {
    case 'email': return typeof s.email === 'string' ? [`email:${s.email.toLowerCase()}`] : [];
    case 'opaque': return typeof s.id === 'string' ? [`opaque:${s.id}`] : [];
    case 'iss_sub': return typeof s.iss === 'string' && typeof s.sub === 'string' ? [`iss_sub:${s.iss}|${s.sub}`] : [];
    case 'complex': return ['user', 'device', 'session', 'tenant'].flatMap((k) => subjectKeys(s[k]).map((key) => `${k}.${key}`).concat(subjectKeys(s[k])));
    default: return [];
  }
}

/** Sign a SET: JWS with `typ: secevent+jwt` (RFC 8417 §2.3), the transmitter's ES256 key. */
export function signSet(key: SigningKey, claims: SetClaims): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: SET_TYP })
    .sign(key.privateKey);
}

/** Seconds since the epoch, as SET timestamps are written. */
export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
