/**
 * The property registry: every property a rule may name, as data, so that adding one is one line.
 * Sources: Microsoft Entra "Conditional Access: filter for devices" (supported device attributes),
 * Entra "dynamic membership rules for groups" (user properties), and Verity's own attributes.
 */
import type { RuleObject } from './rule-types.js';

/** Value type of a property; it decides which operators and literals a comparison may use. */
export type RulePropertyType = 'string' | 'boolean' | 'stringCollection';

/** One registered property. */
export interface RulePropertyDefinition {
  readonly object: RuleObject;
  readonly name: string;
  readonly type: RulePropertyType;
  /** `entra` when Microsoft documents it, `verity` for Verity's own attributes. */
  readonly origin: 'entra' | 'verity';
}

const extensionAttributes = (object: RuleObject): RulePropertyDefinition[] =>
  Array.from({ length: 15 }, (_, i) => ({ object, name: `extensionAttribute${i + 1}`, type: 'string' as const, origin: 'entra' as const }));

const entra = (object: RuleObject, name: string, type: RulePropertyType = 'string'): RulePropertyDefinition => ({ object, name, type, origin: 'entra' });
const verity = (object: RuleObject, name: string, type: RulePropertyType = 'string'): RulePropertyDefinition => ({ object, name, type, origin: 'verity' });

/** Every property a rule may name. */
export const RULE_PROPERTIES: readonly RulePropertyDefinition[] = [
  // Device attributes documented for Conditional Access device filters.
  entra('device', 'deviceId'),
  entra('device', 'displayName'),
  entra('device', 'operatingSystem'),
  entra('device', 'operatingSystemVersion'),
  entra('device', 'trustType'),
  entra('device', 'isCompliant', 'boolean'),
  entra('device', 'model'),
  entra('device', 'manufacturer'),
  entra('device', 'mdmAppId'),
  entra('device', 'profileType'),
  entra('device', 'systemLabels', 'stringCollection'),
  entra('device', 'physicalIds', 'stringCollection'),
  entra('device', 'enrollmentProfileName'),
  entra('device', 'deviceOwnership'),
  // Documented for dynamic device groups (device.deviceCategory), set by an admin.
  entra('device', 'deviceCategory'),
  ...extensionAttributes('device'),
  // Verity's own device attributes.
  verity('device', 'platform'),
  verity('device', 'ownership'),
  verity('device', 'joinType'),
  verity('device', 'groupTag'),
  verity('device', 'riskLevel'),
  verity('device', 'complianceState'),
  verity('device', 'osVersion'),
  verity('device', 'agentVersion'),
  verity('device', 'scopeTags', 'stringCollection'),
  verity('device', 'tenantId'),
  // User properties documented for dynamic membership rules.
  entra('user', 'accountEnabled', 'boolean'),
  entra('user', 'userPrincipalName'),
  entra('user', 'displayName'),
  entra('user', 'department'),
  entra('user', 'jobTitle'),
  entra('user', 'mail'),
  entra('user', 'userType'),
  entra('user', 'country'),
  entra('user', 'city'),
  entra('user', 'companyName'),
  entra('user', 'employeeId'),
  ...extensionAttributes('user'),
  // Verity's own user attributes.
  verity('user', 'status'),
];

// Lookup is case-insensitive (Entra's own examples write `device.deviceid`); the AST keeps the canonical spelling.
const byObject = new Map<RuleObject, Map<string, RulePropertyDefinition>>();
for (const property of RULE_PROPERTIES) {
  let names = byObject.get(property.object);
  if (names === undefined) {
    names = new Map();
    byObject.set(property.object, names);
  }
  names.set(property.name.toLowerCase(), property);
}

/** Find a registered property by object and name (name matched case-insensitively). */
export function findRuleProperty(object: RuleObject, name: string): RulePropertyDefinition | undefined {
  return byObject.get(object)?.get(name.toLowerCase());
}

/** Canonical names of every property registered for an object, for error messages and editors. */
export function listRuleProperties(object: RuleObject): readonly string[] {
  return RULE_PROPERTIES.filter((p) => p.object === object).map((p) => p.name);
}
