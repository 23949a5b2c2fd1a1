import type { Store } from '@verity/store';
import type { Principal } from '../auth/principal.js';

/** What an admin change says about itself in the audit log. */
export interface AuditChange {
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  /** Never secrets: callers pass ids and changed field names, not token values or keys. */
  readonly details?: Readonly<Record<string, unknown>>;
}

function actorOf(principal: Principal | null): { actorType: 'user' | 'token' | 'system' | 'device' | 'operator'; actorId: string } {
  if (!principal) return { actorType: 'system', actorId: 'system' };
  if (principal.kind === 'operator') return { actorType: 'operator', actorId: principal.credentialId };
  if (principal.kind === 'admin') return { actorType: principal.actorType, actorId: principal.actorId };
  if (principal.kind === 'device') return { actorType: 'device', actorId: principal.deviceId };
  return { actorType: 'user', actorId: principal.userId };
}

/** Append one entry to the tenant's hash-chained audit log, inside the caller's transaction. */
export async function recordAudit(tx: Store, tenantId: string, principal: Principal | null, change: AuditChange, at: Date): Promise<void> {
  await tx.audit.append(tenantId, { ...actorOf(principal), ...change, details: change.details ?? {}, at: at.toISOString() });
}
