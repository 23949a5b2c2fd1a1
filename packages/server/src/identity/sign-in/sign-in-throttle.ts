import { createHash } from 'node:crypto';
import { afterFailure, parseIp, throttleWaitSeconds, type ThrottlePolicy } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { throttledError } from '../identity-errors.js';

/** A source counts as familiar when the account signed in successfully from it within this period. */
const FAMILIAR_DAYS = 30;

/**
 * The throttle key of what the caller typed: a hash of tenant and user name, so an unknown user
 * (or tenant) is throttled exactly like a known one and the answers never reveal which exist.
 */
export function accountKey(tenantInput: string, username: string): string {
  return createHash('sha256').update(`sign-in:v1:${tenantInput.trim().toLowerCase()}:${username.trim().toLowerCase()}`).digest('hex');
}

/** A source address as the familiarity key: IPv4 as is, IPv6 by its /64 (one subscriber's prefix), hashed. */
export function sourceKey(ip: string | null): string | null {
  if (!ip) return null;
  const parsed = parseIp(ip);
  if (!parsed) return null;
  const bytes = Array.from(parsed);
  const v4mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const prefix = v4mapped ? bytes.slice(12) : bytes.slice(0, 8);
  return createHash('sha256').update(`source:${prefix.join('.')}`).digest('hex');
}

export interface ThrottleSubject {
  key: string;
  /** `familiar` when the user proved an enrolled device or signed in from this source before. */
  bucket: 'familiar' | 'unfamiliar';
  /** Break-glass accounts are never throttled (the per-address rate limit still applies). */
  exempt: boolean;
}

/** Which counter an attempt goes against. */
export async function throttleSubject(ctx: ServerContext, input: { key: string; tenantId?: string; userId?: string; ip: string | null; deviceProven: boolean; breakGlass: boolean }): Promise<ThrottleSubject> {
  let familiar = input.deviceProven;
  const source = sourceKey(input.ip);
  if (!familiar && input.tenantId && input.userId && source) {
    familiar = await ctx.store.signInThrottle.isFamiliar(input.tenantId, input.userId, source, new Date(ctx.now().getTime() - FAMILIAR_DAYS * 86_400_000));
  }
  return { key: input.key, bucket: familiar ? 'familiar' : 'unfamiliar', exempt: input.breakGlass };
}

/** Refuse (429, `retry-after`) while the subject must wait; the factor is not even checked then. */
export async function assertNotThrottled(ctx: ServerContext, subject: ThrottleSubject, policy: ThrottlePolicy): Promise<void> {
  if (subject.exempt) return;
  const wait = throttleWaitSeconds(await ctx.store.signInThrottle.get(subject.key, subject.bucket), ctx.now(), policy);
  if (wait > 0) throw throttledError(wait);
}

/** Count a failure against the subject (exponential back-off after the free attempts). */
export async function recordFailure(ctx: ServerContext, subject: ThrottleSubject, policy: ThrottlePolicy): Promise<void> {
  if (subject.exempt) return;
  const next = afterFailure(await ctx.store.signInThrottle.get(subject.key, subject.bucket), ctx.now(), policy);
  await ctx.store.signInThrottle.put(subject.key, subject.bucket, next);
}

/** Clear the subject's failures and remember the source as familiar for this user. */
export async function recordSuccess(ctx: ServerContext, subject: ThrottleSubject, tenantId: string, userId: string, ip: string | null): Promise<void> {
  await ctx.store.signInThrottle.clear(subject.key, subject.bucket);
  const source = sourceKey(ip);
  if (source) await ctx.store.signInThrottle.rememberSource(tenantId, userId, source, ctx.now());
}
