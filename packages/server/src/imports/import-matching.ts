import { VerityError } from '@verity/core';
import type { Store } from '@verity/store';

/** How a re-import finds the policy it updates: by Graph `id` (default) or by display name. */
export type ImportMatch = 'id' | 'displayName';

/** The three kinds of Graph document Verity stores, and the table each lives in. */
export type StoredKind = 'conditionalAccessPolicy' | 'namedLocation' | 'compliancePolicy';

/** Codes of re-import matching (one catalog for the import lifecycle). */
export const IMPORT_MATCH_ERROR_CODES = {
  kindChanged: 'VERITY_IMPORT_KIND_CHANGED',
  ambiguous: 'VERITY_IMPORT_MATCH_AMBIGUOUS',
} as const;

/**
 * Refuse a re-import whose document has the id (or matched the name) of a stored document of
 * another kind: a Graph id names one object, so the same id with another kind is a different
 * object, not an update (409, nothing written). `subKind` is the named location or compliance kind.
 */
export async function assertSameKind(tx: Store, tenantId: string, id: string, kind: StoredKind, subKind: string): Promise<void> {
  const [policy, location, compliance] = await Promise.all([
    tx.accessPolicies.get(tenantId, id), tx.namedLocations.get(tenantId, id), tx.compliancePolicies.get(tenantId, id),
  ]);
  const stored: [StoredKind, string][] = [
    ...(policy ? [['conditionalAccessPolicy', 'conditionalAccessPolicy'] as [StoredKind, string]] : []),
    ...(location ? [['namedLocation', location.kind] as [StoredKind, string]] : []),
    ...(compliance ? [['compliancePolicy', compliance.kind] as [StoredKind, string]] : []),
  ];
  const other = stored.find(([k, sub]) => k !== kind || sub !== subKind);
  if (other)
    throw new VerityError(IMPORT_MATCH_ERROR_CODES.kindChanged, `Id ${id} is stored as a ${other[0]} (${other[1]}); this document is a ${kind} (${subKind}). Delete the stored one first, or import the document under another id.`, {
      status: 409, details: [{ path: '$.id', message: `stored kind ${other[0]}/${other[1]}, document kind ${kind}/${subKind}` }],
    });
}

/** The one stored record with this display name (undefined when none); several is ambiguous (409). */
export function matchByDisplayName<R extends { id: string; displayName: string }>(records: readonly R[], displayName: string): R | undefined {
  const hits = records.filter((r) => r.displayName === displayName);
  if (hits.length > 1)
    throw new VerityError(IMPORT_MATCH_ERROR_CODES.ambiguous, `${hits.length} stored documents are named "${displayName}"; rename them or match by id.`, {
      status: 409, details: hits.slice(0, 20).map((h) => ({ path: '$.displayName', message: `matches ${h.id}` })),
    });
  return hits[0];
}
