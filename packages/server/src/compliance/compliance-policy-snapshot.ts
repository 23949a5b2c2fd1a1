import { compileCompliancePolicy, type CompiledCompliancePolicy, type CompliancePolicy, type TenantComplianceSettings } from '@verity/core';
import type { CompliancePolicyRecord, Store } from '@verity/store';
import type { AssignmentTarget } from './assigned-policies.js';

/** What evaluating a tenant's devices needs besides the device: settings, compiled policies, assignments. */
export interface TenantPolicySnapshot {
  readonly settings: TenantComplianceSettings;
  readonly policies: readonly { id: string; platform: string; compiled: CompiledCompliancePolicy }[];
  readonly byId: ReadonlyMap<string, CompiledCompliancePolicy>;
  readonly assignments: readonly AssignmentTarget[];
  /** The same as plain data (compiled policies are closures): another thread builds an equal snapshot from it. */
  readonly source: TenantPolicySnapshotSource;
}

/** A snapshot as read from the store, before compiling: structured-cloneable. */
export interface TenantPolicySnapshotSource {
  readonly settings: TenantComplianceSettings;
  readonly records: readonly CompliancePolicyRecord[];
  readonly assignments: readonly AssignmentTarget[];
}

/** The stored normalised policy with Verity's id (the Graph document's own id is Intune's). */
export function policyOf(record: CompliancePolicyRecord): CompliancePolicy {
  // `normalized` is stored without the Graph document, which has its own column.
  return { ...(record.normalized as Omit<CompliancePolicy, 'graph'>), graph: record.graph as Record<string, unknown>, id: record.id, displayName: record.displayName };
}

// Compiling turns settings into closures; cache by id and version so an edit recompiles and
// nothing else does. Bounded: a cleared cache only costs recompiles.
const compiledCache = new Map<string, CompiledCompliancePolicy>();

function compiledFor(record: CompliancePolicyRecord): CompiledCompliancePolicy {
  const key = `${record.tenantId}/${record.id}/${record.version}`;
  let c = compiledCache.get(key);
  if (!c) {
    c = compileCompliancePolicy(policyOf(record));
    if (compiledCache.size > 20_000) compiledCache.clear();
    compiledCache.set(key, c);
  }
  return c;
}

/**
 * Load a tenant's snapshot: 3 queries, whatever the fleet size. Read fresh on every evaluation
 * batch (not cached across requests) so that several control-plane replicas never evaluate
 * against a stale policy set; only compilation is cached, keyed by policy version.
 */
export async function loadTenantPolicySnapshot(store: Store, tenantId: string): Promise<TenantPolicySnapshot | undefined> {
  const [tenant, records, assignments] = await Promise.all([
    store.tenants.get(tenantId),
    store.compliancePolicies.list(tenantId, { limit: 500 }),
    store.assignments.listAll(tenantId, 'compliance'),
  ]);
  if (!tenant) return undefined;
  return buildTenantPolicySnapshot({
    settings: tenant.complianceSettings,
    records,
    assignments: assignments.map((a) => ({ policyId: a.policyId, targetType: a.targetType, groupId: a.groupId, mode: a.mode })),
  });
}

/** A snapshot from its source (compiled policies come from the per-thread compile cache). */
export function buildTenantPolicySnapshot(source: TenantPolicySnapshotSource): TenantPolicySnapshot {
  const policies = source.records.map((r) => ({ id: r.id, platform: r.platform, compiled: compiledFor(r) }));
  return { settings: source.settings, policies, byId: new Map(policies.map((p) => [p.id, p.compiled])), assignments: source.assignments, source };
}
