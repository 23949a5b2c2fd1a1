import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { AuditAnchor, AuditVerification } from '@verity/store';
import type { ServerContext } from '../context.js';
import { recordAudit } from './audit-record.js';
import { recordBoundariesMarked } from './audit-keys.js';
import { checkSignedAuditHead, signAuditHead, type SignedAuditHead } from './signed-head.js';

/** A verification as the API answers it, with the anchor it was checked against and the key heads are signed with. */
export type TenantAuditVerification = AuditVerification & {
  anchor: (AuditAnchor & { source: 'request' | 'head-file' }) | null;
  auditKey: { keyId: string; publicKey: string };
};

/** The newest head of a tenant in the exported head file (VERITY_AUDIT_HEAD_FILE), if any; lines that do not check out are skipped. */
export function lastExportedHead(ctx: Pick<ServerContext, 'config' | 'auditKeys'>, tenantId: string): SignedAuditHead | undefined {
  const file = ctx.config.auditHeadFile;
  if (file === undefined || !existsSync(file)) return undefined;
  let last: SignedAuditHead | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes(tenantId)) continue;
    let parsed: unknown;
    try { parsed = JSON.parse(line); } catch { continue; }
    const checked = checkSignedAuditHead(parsed);
    if (checked.ok && checked.head.tenantId === tenantId && checked.head.keyId === ctx.auditKeys.keyId && (!last || checked.head.seq >= last.seq)) last = checked.head;
  }
  return last;
}

/**
 * Verify a tenant's audit chain: every entry, the head, and an anchor from outside the database
 * (one the caller brings, else the newest head exported to VERITY_AUDIT_HEAD_FILE). Every tenant's
 * chain begins with its `tenant.create` entry, so an empty chain is a deleted one.
 */
export async function verifyTenantAudit(ctx: ServerContext, tenantId: string, requested?: AuditAnchor): Promise<TenantAuditVerification> {
  const exported = requested === undefined ? lastExportedHead(ctx, tenantId) : undefined;
  const anchor = requested !== undefined ? { ...requested, source: 'request' as const } : exported ? { seq: exported.seq, hash: exported.hash, source: 'head-file' as const } : null;
  let result = await ctx.store.audit.verify(tenantId, anchor ? { anchor: { seq: anchor.seq, hash: anchor.hash } } : {});
  if (result.ok && result.count === 0) result = { ok: false, brokenAtSeq: 1, reason: 'truncated' };
  return { ...result, anchor, auditKey: { keyId: ctx.auditKeys.keyId, publicKey: ctx.auditKeys.publicKeyPem } };
}

/** The tenant's head, verified, then signed; undefined (with the verification) when the chain does not verify. */
export async function signedTenantHead(ctx: ServerContext, tenantId: string): Promise<{ head?: SignedAuditHead; verification: TenantAuditVerification }> {
  const verification = await verifyTenantAudit(ctx, tenantId);
  if (!verification.ok || verification.head === null) return { verification };
  return { head: signAuditHead(ctx.auditKeys, { tenantId, seq: verification.head.seq, hash: verification.head.hash, at: ctx.now() }), verification };
}

/**
 * Chains written before keying end in plain SHA-256 entries: append a keyed `audit.chain.keyed`
 * entry to each. It chains onto the last plain entry, so its MAC fixes all of them from now on (the
 * boundary is marked; old entries are not re-keyed). Done once per installation, at the first start
 * with audit keys (recorded under the audit key): after that, a chain without keyed entries is one
 * someone rewrote, and is reported broken instead of being marked. Returns the tenants it marked.
 */
export async function markKeyedBoundaries(ctx: ServerContext): Promise<string[]> {
  if (ctx.auditKeys.boundariesMarked) return [];
  const tenants = await ctx.store.audit.tenantsWithUnkeyedHead();
  for (const tenantId of tenants) {
    const legacy = await ctx.store.audit.head(tenantId);
    await ctx.store.transaction((tx) => recordAudit(tx, tenantId, null, {
      action: 'audit.chain.keyed', targetType: 'tenant', targetId: tenantId,
      details: { legacyEntries: legacy.seq, legacyHeadHash: legacy.hash, alg: 'hmac-sha256', keyId: ctx.auditKeys.keyId },
    }, ctx.now()));
  }
  await recordBoundariesMarked(ctx.store, ctx.auditKeys);
  if (tenants.length > 0) ctx.log.warn({ tenants: tenants.length }, 'audit chains written before keying were marked: keyed entries follow their last plain entry');
  return tenants;
}

/**
 * Every `auditHeadIntervalMs`, the signed head of every tenant whose chain verifies, appended as a
 * JSON line to VERITY_AUDIT_HEAD_FILE and written to the log (a log collector keeps another copy).
 * A chain that does not verify is logged as an error instead and gets no new head.
 */
export function startAuditHeadExport(ctx: ServerContext): { stop(): void; exportNow(): Promise<number> } {
  const file = ctx.config.auditHeadFile;
  let running: Promise<number> | undefined;
  const exportNow = (): Promise<number> => {
    running ??= (async () => {
      let exported = 0;
      for (let offset = 0; ; offset += 100) {
        const tenants = await ctx.store.tenants.list({ limit: 100, offset });
        for (const tenant of tenants) {
          const { head, verification } = await signedTenantHead(ctx, tenant.id);
          if (!head) {
            if (!verification.ok) ctx.log.error({ tenantId: tenant.id, brokenAtSeq: verification.brokenAtSeq, reason: verification.reason }, 'audit chain broken: no head exported');
            continue;
          }
          if (file !== undefined) appendFileSync(file, `${JSON.stringify(head)}\n`, { mode: 0o600 });
          ctx.log.info({ auditHead: head }, 'audit head exported');
          exported++;
        }
        if (tenants.length < 100) break;
      }
      return exported;
    })().finally(() => { running = undefined; });
    return running;
  };
  const tick = () => { void exportNow().catch((err: unknown) => ctx.log.error({ err }, 'audit head export failed')); };
  const timer = file !== undefined ? setInterval(tick, ctx.config.auditHeadIntervalMs).unref() : undefined;
  if (file !== undefined) tick();
  return { stop: () => { if (timer) clearInterval(timer); }, exportNow };
}
