import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';

/**
 * Whether a tenant may be served. Every authenticated request passes here (check-ins included),
 * so the answer is cached per process for a few seconds; a disable on this process takes effect at
 * once (`forgetTenantStatus`), other replicas follow within `TTL_MS`.
 */
const TTL_MS = 5_000;
const caches = new WeakMap<ServerContext, Map<string, { enabled: boolean; checkedAt: number }>>();

function cacheOf(ctx: ServerContext): Map<string, { enabled: boolean; checkedAt: number }> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new Map()));
  return cache;
}

/** The error a disabled tenant's admins, users and devices get. */
export function tenantDisabled(): VerityError {
  return new VerityError('VERITY_TENANT_DISABLED', 'This tenant is disabled by the Verity operator; its admins, users and devices are refused until it is enabled again.', { status: 403 });
}

/** Throws VERITY_TENANT_DISABLED (403) unless the tenant is enabled; an unknown tenant passes (its credentials fail on their own). */
export async function assertTenantEnabled(ctx: ServerContext, tenantId: string): Promise<void> {
  const cache = cacheOf(ctx);
  const now = Date.now();
  let entry = cache.get(tenantId);
  if (!entry || now - entry.checkedAt > TTL_MS) {
    const tenant = await ctx.store.tenants.get(tenantId);
    entry = { enabled: tenant === undefined || tenant.status !== 'disabled', checkedAt: now };
    cache.set(tenantId, entry);
  }
  if (!entry.enabled) throw tenantDisabled();
}

/** Drop the cached status after this process enabled or disabled the tenant. */
export function forgetTenantStatus(ctx: ServerContext, tenantId: string): void {
  cacheOf(ctx).delete(tenantId);
}
