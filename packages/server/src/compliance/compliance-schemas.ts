import { z } from 'zod';
import { idSchema } from '../shared/wire.js';
import { GRAPH_TARGET_TYPES } from './assigned-policies.js';

/** `?dryRun=true|false` on import. */
export { graphImportQuery as importQuery } from '../imports/import-query.js';

/** Raw Graph JSON: validated by the engine's importer, which reports JSON paths. */
export const graphPolicyBody = z.unknown();

const targetTypes = Object.keys(GRAPH_TARGET_TYPES) as [keyof typeof GRAPH_TARGET_TYPES, ...(keyof typeof GRAPH_TARGET_TYPES)[]];

/**
 * Graph `assign` action body (deviceCompliancePolicyAssignment[]). Loose objects: real exports
 * carry `id`, `source`, `sourceId` and filter fields Verity ignores; every string is still bounded.
 */
export const assignBody = z.looseObject({
  assignments: z.array(z.looseObject({
    id: z.string().max(256).nullable().optional(),
    target: z.looseObject({
      '@odata.type': z.enum(targetTypes),
      groupId: idSchema.nullable().optional(),
      deviceAndAppManagementAssignmentFilterId: z.string().max(256).nullable().optional(),
      deviceAndAppManagementAssignmentFilterType: z.string().max(64).nullable().optional(),
    }),
  })).max(100),
});

/** Tenant-wide compliance settings; PATCH changes only the fields given. */
export const complianceSettingsPatch = z.object({
  noPolicyAssignedState: z.enum(['compliant', 'noncompliant']).optional(),
  // Intune accepts 1..120 days for "compliance status validity period".
  validityPeriodDays: z.number().int().min(1).max(120).optional(),
}).strict();

/** Risk level reported for a device (detection engine, or an admin for now). */
export const riskBody = z.object({ riskLevel: z.enum(['none', 'low', 'medium', 'high']) }).strict();

/** `If-Match` for optimistic concurrency on PUT: the policy version the caller edited. */
export const ifMatchVersion = z.string().max(32).regex(/^(W\/)?"?\d{1,9}"?$/, 'expected the policy version, e.g. "3"').transform((v) => Number(v.replace(/\D/g, '')));
