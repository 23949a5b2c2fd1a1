import { createHash, timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { SsfTransmitterRecord } from '@verity/store';
import type { ServerContext } from '../context.js';
import { outboundHttps } from '../http/outbound-https.js';
import { recordAudit } from '../audit/audit-record.js';
import { GATEWAY_EVENTS } from '../gateway-feed/gateway-events.js';
import { revokeUserSessions } from '../users/user-sessions.js';
import { EVENT_TYPES, SET_TYP, type PushErrorCode } from './ssf-vocabulary.js';

/** A SET refused by the receiver: RFC 8935 §2.4 `err` code, a description, and the HTTP status. */
export class PushRefusal extends Error {
  constructor(readonly err: PushErrorCode, readonly description: string, readonly status = 400) {
    super(description);
  }
}

/** One thing Verity did (or deliberately did not do) about a received event. */
export interface ReceivedAction { readonly eventType: string; readonly action: string; readonly target?: string; readonly detail?: string }

const JWKS_TTL_MS = 10 * 60_000;
const JWKS_REFETCH_MS = 60_000;
const FUTURE_SKEW_S = 300;
const jwksCache = new Map<string, { at: number; jwks: JSONWebKeySet }>();

/** The transmitter's keys, fetched over HTTPS and cached; fetched again (at most once a minute) when a `kid` is unknown. */
async function transmitterKeys(ctx: ServerContext, t: SsfTransmitterRecord, force: boolean): Promise<JSONWebKeySet> {
  const cached = jwksCache.get(t.id);
  const age = cached ? performance.now() - cached.at : Infinity;
  if (cached && age < JWKS_TTL_MS && (!force || age < JWKS_REFETCH_MS)) return cached.jwks;
  const res = await outboundHttps(ctx.config, { method: 'GET', url: t.jwksUri, caPem: t.caPem, headers: { accept: 'application/json' }, maxBytes: 256 * 1024 });
  if (res.status !== 200) throw new PushRefusal('invalid_key', `the transmitter's JWKS (${t.jwksUri}) answered ${res.status}`);
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(res.text) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error('no keys');
  } catch {
    throw new PushRefusal('invalid_key', `the transmitter's JWKS (${t.jwksUri}) is not a JWK set`);
  }
  jwksCache.set(t.id, { at: performance.now(), jwks });
  return jwks;
}

/** The push secret check (RFC 8935 §2: the transmitter authenticates to the recipient), in constant time. */
export function pushAuthorized(t: SsfTransmitterRecord, authorization: string | undefined): boolean {
  const m = /^Bearer ([\x21-\x7e]{16,512})$/.exec(authorization ?? '');
  if (!m) return false;
  const got = createHash('sha256').update(m[1]!).digest();
  const want = Buffer.from(t.pushSecretHash, 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Verify a SET from a configured transmitter (RFC 8417, SSF 1.0 §4): a JWS signed by one of the
 * transmitter's keys with `typ: secevent+jwt`, issued by it, addressed to this receiver, not
 * from the future, with a `jti` and at least one event.
 */
export async function verifySet(ctx: ServerContext, t: SsfTransmitterRecord, token: string, now: Date): Promise<JWTPayload & { jti: string; events: Record<string, Record<string, unknown>> }> {
  if (token.length > 64 * 1024 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw new PushRefusal('invalid_request', 'the body is not a compact JWS');
  const verify = async (force: boolean) => jwtVerify(token, createLocalJWKSet(await transmitterKeys(ctx, t, force)), {
    issuer: t.issuer, audience: t.audience, typ: SET_TYP, algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'], currentDate: now,
  });
  let payload: JWTPayload;
  try {
    try {
      ({ payload } = await verify(false));
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
      ({ payload } = await verify(true));
    }
  } catch (err) {
    if (err instanceof PushRefusal) throw err;
    if (err instanceof joseErrors.JWTClaimValidationFailed) {
      if (err.claim === 'iss') throw new PushRefusal('invalid_issuer', `the SET is not issued by ${t.issuer}`);
      if (err.claim === 'aud') throw new PushRefusal('invalid_audience', 'the SET is not addressed to this receiver');
      throw new PushRefusal('invalid_request', `the SET's ${err.claim} claim is not valid: ${err.reason}`);
    }
    if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed) throw new PushRefusal('invalid_key', 'the SET is not signed by a key of the transmitter');
    throw new PushRefusal('invalid_request', `the SET could not be verified: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) throw new PushRefusal('invalid_request', 'the SET has no jti');
  if (typeof payload.iat !== 'number' || payload.iat > now.getTime() / 1000 + FUTURE_SKEW_S) throw new PushRefusal('invalid_request', 'the SET has no iat or one in the future');
  const events = payload.events;
  if (!events || typeof events !== 'object' || Array.isArray(events) || Object.keys(events).length === 0) throw new PushRefusal('invalid_request', 'the SET carries no events');
  return payload as JWTPayload & { jti: string; events: Record<string, Record<string, unknown>> };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** The user a subject names (an e-mail subject, or the user of a complex subject), by user principal name. */
function userEmail(subject: Obj | undefined): string | undefined {
  if (!subject) return undefined;
  if (subject.format === 'email' && typeof subject.email === 'string') return subject.email.toLowerCase();
  if (subject.format === 'complex') return userEmail(obj(subject.user));
  return undefined;
}

/** The Verity device a subject names (an opaque id, or the device of a complex subject). */
function deviceId(subject: Obj | undefined): string | undefined {
  if (!subject) return undefined;
  if (subject.format === 'opaque' && typeof subject.id === 'string') return subject.id;
  if (subject.format === 'complex') return deviceId(obj(subject.device));
  return undefined;
}

/**
 * Act on a verified SET: revoke the user's sessions (session revoked, credential changed,
 * assurance lowered, user risk high), disable the user (account disabled), or raise the device's
 * risk (device not compliant, device risk up), which flows through compliance into access.
 * The event's `subject` member (older CAEP) is read when `sub_id` is absent.
 */
export async function actOnSet(ctx: ServerContext, t: SsfTransmitterRecord, claims: { jti: string; events: Record<string, Obj>; sub_id?: unknown }): Promise<ReceivedAction[]> {
  const actions: ReceivedAction[] = [];
  const tenantId = t.tenantId;
  const by = { transmitterId: t.id, issuer: t.issuer, jti: claims.jti };
  for (const [type, rawBody] of Object.entries(claims.events)) {
    const body = obj(rawBody) ?? {};
    const subject = obj(claims.sub_id) ?? obj(body.subject);
    const revoke = async (why: string) => {
      const email = userEmail(subject);
      const user = email ? await ctx.store.users.findByUpn(tenantId, email) : undefined;
      if (!user) { actions.push({ eventType: type, action: 'none', detail: `no user ${email ?? '(no user subject)'} in this tenant` }); return; }
      const n = await revokeUserSessions(ctx, tenantId, user.id, null, `ssf:${why}`, by);
      actions.push({ eventType: type, action: 'sessions-revoked', target: user.id, detail: `${n.sessions} session(s)` });
    };
    const setRisk = async (level: 'none' | 'low' | 'medium' | 'high') => {
      const id = deviceId(subject);
      const r = id ? await ctx.compliance.setDeviceRiskLevel(tenantId, id, level, null) : undefined;
      if (!r) { actions.push({ eventType: type, action: 'none', detail: `no device ${id ?? '(no device subject)'} in this tenant` }); return; }
      actions.push({ eventType: type, action: 'device-risk-set', target: id, detail: `risk ${level}, compliance ${r.complianceState}` });
    };
    switch (type) {
      case EVENT_TYPES.sessionRevoked: await revoke('session-revoked'); break;
      case EVENT_TYPES.credentialChange: await revoke('credential-change'); break;
      case EVENT_TYPES.assuranceLevelChange:
        if (body.change_direction === 'decrease') await revoke('assurance-level-decrease');
        else actions.push({ eventType: type, action: 'none', detail: 'assurance did not decrease' });
        break;
      case EVENT_TYPES.accountDisabled: {
        const email = userEmail(subject);
        const user = email ? await ctx.store.users.findByUpn(tenantId, email) : undefined;
        if (!user) { actions.push({ eventType: type, action: 'none', detail: `no user ${email ?? '(no user subject)'} in this tenant` }); break; }
        if (user.status !== 'disabled') {
          const now = ctx.now();
          await ctx.store.transaction(async (tx) => {
            await tx.users.update(tenantId, user.id, { status: 'disabled' });
            await recordAudit(tx, tenantId, null, { action: 'user.disable', targetType: 'user', targetId: user.id, details: { reason: 'ssf:account-disabled', ...by } }, now);
          });
          ctx.events.publish({ topic: GATEWAY_EVENTS.userChanged, tenantId, payload: { userId: user.id, status: 'disabled', origin: 'ssf' }, at: now.toISOString() });
        }
        actions.push({ eventType: type, action: 'user-disabled', target: user.id });
        await revoke('account-disabled');
        break;
      }
      case EVENT_TYPES.deviceComplianceChange:
        await setRisk(body.current_status === 'not-compliant' ? 'high' : 'none');
        break;
      case EVENT_TYPES.riskLevelChange: {
        const level = typeof body.current_level === 'string' ? body.current_level.toLowerCase() : '';
        if (!['low', 'medium', 'high'].includes(level)) { actions.push({ eventType: type, action: 'none', detail: 'no current_level LOW, MEDIUM or HIGH' }); break; }
        if (body.principal === 'USER') {
          if (level === 'high') await revoke('user-risk-high');
          else actions.push({ eventType: type, action: 'none', detail: `user risk ${level} (only HIGH revokes sessions)` });
        } else await setRisk(level as 'low' | 'medium' | 'high');
        break;
      }
      case EVENT_TYPES.verification: actions.push({ eventType: type, action: 'verified', ...(typeof body.state === 'string' ? { detail: body.state.slice(0, 256) } : {}) }); break;
      default: actions.push({ eventType: type, action: 'ignored', detail: 'event type not acted on by Verity' });
    }
  }
  return actions;
}
