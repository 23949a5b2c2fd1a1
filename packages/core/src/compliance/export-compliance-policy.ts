import type { CompliancePolicy } from './compliance-types.js';

/**
 * Faithful Graph export: the original JSON as imported (unknown and unevaluated properties
 * included), with the fields Verity lets an admin edit written back: the name
 * (`displayName`, or `name` for the settings-catalog Linux policy), the description and the id.
 */
export function exportCompliancePolicy(policy: CompliancePolicy, options: { version?: number } = {}): Record<string, unknown> {
  const out = structuredClone(policy.graph);
  if (policy.kind === 'linux') out.name = policy.displayName;
  else out.displayName = policy.displayName;
  if (policy.description !== undefined) out.description = policy.description;
  if (policy.id !== undefined) out.id = policy.id;
  if (options.version !== undefined && policy.kind !== 'linux') out.version = options.version;
  return out;
}
