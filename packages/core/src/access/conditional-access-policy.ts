import { z } from 'zod';
import { VerityError, isVerityError, type ErrorDetail } from '../errors/verity-error.js';
import { compileRule } from '../rules/index.js';
import { toJsonPath, zodIssuesToDetails } from './json-path.js';
import { BUILT_IN_AUTHENTICATION_STRENGTHS } from './authentication-strength.js';
import { normaliseGraphDocument } from '../graph-import/normalise-graph-document.js';
import type { ImportNote } from '../graph-import/import-notes.js';
import { CONDITIONAL_ACCESS_SHAPE } from './conditional-access-shape.js';

/**
 * The Microsoft Graph `conditionalAccessPolicy` resource (v1.0), validated at the edge.
 * Objects are "loose": properties Verity does not know are kept verbatim so an export is
 * faithful, and the import report lists them as unsupported.
 * Shapes follow learn.microsoft.com/graph/api/resources/conditionalaccesspolicy and the
 * linked conditionalAccessConditionSet / GrantControls / SessionControls pages.
 */
const text = (max = 256) => z.string().max(max);
const id = z.string().min(1).max(256);
const idList = z.array(id).max(5000);
const nullableObj = <T extends z.ZodType>(t: T) => t.nullable().optional();

export const RISK_LEVELS = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'] as const;
export const POLICY_PLATFORMS = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all', 'unknownFutureValue'] as const;
export const CLIENT_APP_TYPES = ['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'easSupported', 'other', 'unknownFutureValue'] as const;
export const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;
/** Built-in grant controls Verity evaluates; anything else is reported and can never be satisfied. */
export const EVALUATED_BUILT_IN_CONTROLS = ['block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange'] as const;
export const USER_ACTIONS = ['urn:user:registersecurityinfo', 'urn:user:registerdevice'] as const;

const guestsOrExternalUsersSchema = z.looseObject({
  guestOrExternalUserTypes: text(512),
  externalTenants: nullableObj(
    z.looseObject({
      '@odata.type': text(128).optional(),
      membershipKind: z.enum(['all', 'enumerated', 'unknownFutureValue']),
      members: idList.optional(),
    }),
  ),
});

const usersSchema = z.looseObject({
  includeUsers: idList.optional(),
  excludeUsers: idList.optional(),
  includeGroups: idList.optional(),
  excludeGroups: idList.optional(),
  includeRoles: idList.optional(),
  excludeRoles: idList.optional(),
  includeGuestsOrExternalUsers: nullableObj(guestsOrExternalUsersSchema),
  excludeGuestsOrExternalUsers: nullableObj(guestsOrExternalUsersSchema),
});

const applicationsSchema = z.looseObject({
  includeApplications: idList.optional(),
  excludeApplications: idList.optional(),
  includeUserActions: z.array(text(256)).max(16).optional(),
  includeAuthenticationContextClassReferences: z.array(text(256)).max(64).optional(),
  applicationFilter: z.unknown().optional(),
});

const deviceFilterSchema = z.looseObject({ mode: z.enum(['include', 'exclude']), rule: z.string().min(1).max(3072) });

const conditionsSchema = z.looseObject({
  users: usersSchema,
  applications: applicationsSchema,
  clientAppTypes: z.array(z.enum(CLIENT_APP_TYPES)).max(8).optional(),
  platforms: nullableObj(
    z.looseObject({
      includePlatforms: z.array(z.enum(POLICY_PLATFORMS)).max(8).optional(),
      excludePlatforms: z.array(z.enum(POLICY_PLATFORMS)).max(8).optional(),
    }),
  ),
  locations: nullableObj(z.looseObject({ includeLocations: idList.optional(), excludeLocations: idList.optional() })),
  devices: nullableObj(
    z.looseObject({
      includeDevices: z.array(text(64)).max(16).optional(),
      excludeDevices: z.array(text(64)).max(16).optional(),
      includeDeviceStates: z.array(text(64)).max(16).optional(),
      excludeDeviceStates: z.array(text(64)).max(16).optional(),
      deviceFilter: nullableObj(deviceFilterSchema),
    }),
  ),
  signInRiskLevels: z.array(z.enum(RISK_LEVELS)).max(8).optional(),
  userRiskLevels: z.array(z.enum(RISK_LEVELS)).max(8).optional(),
  servicePrincipalRiskLevels: z.array(text(32)).max(8).optional(),
  insiderRiskLevels: z.unknown().optional(),
  clientApplications: z.unknown().optional(),
  authenticationFlows: z.unknown().optional(),
});

const grantControlsSchema = z.looseObject({
  operator: z.enum(['AND', 'OR']),
  builtInControls: z.array(text(64)).max(16).optional(),
  customAuthenticationFactors: z.array(text(256)).max(16).optional(),
  termsOfUse: z.array(text(256)).max(16).optional(),
  authenticationStrength: nullableObj(z.looseObject({ id: id, displayName: text(256).nullable().optional() })),
});

const sessionControlsSchema = z.looseObject({
  applicationEnforcedRestrictions: nullableObj(z.looseObject({ isEnabled: z.boolean() })),
  persistentBrowser: nullableObj(z.looseObject({ isEnabled: z.boolean(), mode: z.enum(['always', 'never']).nullable().optional() })),
  signInFrequency: nullableObj(
    z.looseObject({
      isEnabled: z.boolean(),
      type: z.enum(['days', 'hours']).nullable().optional(),
      value: z.number().int().min(1).max(365).nullable().optional(),
      authenticationType: z.enum(['primaryAndSecondaryAuthentication', 'secondaryAuthentication', 'unknownFutureValue']).nullable().optional(),
      frequencyInterval: z.enum(['timeBased', 'everyTime', 'unknownFutureValue']).nullable().optional(),
    }),
  ),
  cloudAppSecurity: z.unknown().optional(),
  continuousAccessEvaluation: z.unknown().optional(),
  disableResilienceDefaults: z.unknown().optional(),
  secureSignInSession: z.unknown().optional(),
  globalSecureAccessFilteringProfile: z.unknown().optional(),
});

/** Zod schema of a Graph conditionalAccessPolicy as sent or exported by Graph. */
export const conditionalAccessPolicySchema = z.looseObject({
  id: id.optional(),
  displayName: z.string().min(1).max(256),
  description: text(1024).nullable().optional(),
  state: z.enum(POLICY_STATES),
  createdDateTime: text(64).nullable().optional(),
  modifiedDateTime: text(64).nullable().optional(),
  templateId: text(256).nullable().optional(),
  // Read-only Graph properties (deleted policies, template rollout): metadata, kept for export.
  deletedDateTime: text(64).nullable().optional(),
  partialEnablementStrategy: z.unknown().optional(),
  conditions: conditionsSchema,
  grantControls: nullableObj(grantControlsSchema),
  sessionControls: nullableObj(sessionControlsSchema),
});

export type ConditionalAccessPolicy = z.infer<typeof conditionalAccessPolicySchema>;
export type PolicyState = (typeof POLICY_STATES)[number];

export interface AccessImportReport {
  /** JSON paths of the settings Verity evaluates. */
  readonly evaluated: string[];
  /** Settings kept and exported but not evaluated (or evaluated fail-closed), with the reason. */
  readonly unsupported: { path: string; reason: string }[];
  /** What was normalised to read the export as Graph accepts it (enum case, PowerShell's empty arrays, a missing state...). */
  readonly normalised: ImportNote[];
}

/** Keys Verity knows per object, to report the unknown ones (loose objects keep them). */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  $: Object.keys(conditionalAccessPolicySchema.shape),
  '$.conditions': Object.keys(conditionsSchema.shape),
  '$.conditions.users': Object.keys(usersSchema.shape),
  '$.conditions.applications': Object.keys(applicationsSchema.shape),
  '$.conditions.devices': ['includeDevices', 'excludeDevices', 'includeDeviceStates', 'excludeDeviceStates', 'deviceFilter'],
  '$.conditions.devices.deviceFilter': ['mode', 'rule'],
  '$.conditions.platforms': ['includePlatforms', 'excludePlatforms'],
  '$.conditions.locations': ['includeLocations', 'excludeLocations'],
  '$.grantControls': Object.keys(grantControlsSchema.shape),
  '$.sessionControls': Object.keys(sessionControlsSchema.shape),
};

const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined);

function reportUnknownKeys(obj: unknown, path: string, out: AccessImportReport['unsupported']): void {
  if (obj === null || typeof obj !== 'object') return;
  const known = KNOWN_KEYS[path];
  if (!known) return;
  for (const [key, value] of Object.entries(obj)) {
    // OData annotations (`@odata.context`, `prop@odata.type`) and bound actions (`#microsoft.graph.assign`) are Graph metadata.
    if (key.includes('@') || key.startsWith('#') || known.includes(key)) continue;
    // An unknown property that sets nothing (null, [], {}) is no setting to report.
    if (!nonEmpty(value) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)) continue;
    out.push({ path: toJsonPath([key], path), reason: 'unknown-property' });
  }
}

/** What the policy uses that Verity evaluates, and what it does not (reported, kept, exported). */
function buildReport(p: ConditionalAccessPolicy, normalised: ImportNote[]): AccessImportReport {
  const evaluated: string[] = [];
  const unsupported: AccessImportReport['unsupported'] = [];
  const c = p.conditions;
  for (const path of Object.keys(KNOWN_KEYS)) {
    const value = path === '$' ? p : path.split('.').slice(1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), p);
    reportUnknownKeys(value, path, unsupported);
  }
  evaluated.push('$.conditions.users', '$.conditions.applications');
  if (nonEmpty(c.applications.includeAuthenticationContextClassReferences))
    unsupported.push({ path: '$.conditions.applications.includeAuthenticationContextClassReferences', reason: 'authentication-context-not-evaluated' });
  if (nonEmpty(c.applications.applicationFilter)) unsupported.push({ path: '$.conditions.applications.applicationFilter', reason: 'application-filter-not-evaluated' });
  (c.applications.includeUserActions ?? []).forEach((a, i) => {
    if (!(USER_ACTIONS as readonly string[]).includes(a))
      unsupported.push({ path: `$.conditions.applications.includeUserActions[${i}]`, reason: 'user-action-not-supported' });
  });
  if (c.clientAppTypes) evaluated.push('$.conditions.clientAppTypes');
  if (c.platforms) evaluated.push('$.conditions.platforms');
  if (c.locations) evaluated.push('$.conditions.locations');
  if (c.devices?.deviceFilter) evaluated.push('$.conditions.devices.deviceFilter');
  for (const k of ['includeDevices', 'excludeDevices', 'includeDeviceStates', 'excludeDeviceStates'] as const)
    if (nonEmpty(c.devices?.[k])) unsupported.push({ path: `$.conditions.devices.${k}`, reason: 'legacy-device-state-use-device-filter' });
  if (nonEmpty(c.signInRiskLevels)) evaluated.push('$.conditions.signInRiskLevels');
  if (nonEmpty(c.userRiskLevels)) evaluated.push('$.conditions.userRiskLevels');
  if (nonEmpty(c.servicePrincipalRiskLevels)) unsupported.push({ path: '$.conditions.servicePrincipalRiskLevels', reason: 'workload-identities-not-supported' });
  if (nonEmpty(c.clientApplications)) unsupported.push({ path: '$.conditions.clientApplications', reason: 'workload-identities-not-supported' });
  if (nonEmpty(c.insiderRiskLevels)) unsupported.push({ path: '$.conditions.insiderRiskLevels', reason: 'insider-risk-not-supported' });
  if (nonEmpty(c.authenticationFlows)) unsupported.push({ path: '$.conditions.authenticationFlows', reason: 'authentication-flows-not-supported' });
  const g = p.grantControls;
  if (g) {
    (g.builtInControls ?? []).forEach((ctl, i) => {
      if ((EVALUATED_BUILT_IN_CONTROLS as readonly string[]).includes(ctl)) evaluated.push(`$.grantControls.builtInControls[${i}]`);
      else unsupported.push({ path: `$.grantControls.builtInControls[${i}]`, reason: 'control-not-supported-never-satisfied' });
    });
    if (nonEmpty(g.termsOfUse)) unsupported.push({ path: '$.grantControls.termsOfUse', reason: 'terms-of-use-not-supported-never-satisfied' });
    if (nonEmpty(g.customAuthenticationFactors))
      unsupported.push({ path: '$.grantControls.customAuthenticationFactors', reason: 'custom-controls-not-supported-never-satisfied' });
    if (g.authenticationStrength) {
      if (BUILT_IN_AUTHENTICATION_STRENGTHS.has(g.authenticationStrength.id)) evaluated.push('$.grantControls.authenticationStrength');
      else unsupported.push({ path: '$.grantControls.authenticationStrength.id', reason: 'custom-authentication-strength-never-satisfied' });
    }
  }
  const s = p.sessionControls;
  if (s) {
    for (const k of ['applicationEnforcedRestrictions', 'persistentBrowser', 'signInFrequency'] as const) if (s[k]) evaluated.push(`$.sessionControls.${k}`);
    for (const k of ['cloudAppSecurity', 'continuousAccessEvaluation', 'disableResilienceDefaults', 'secureSignInSession', 'globalSecureAccessFilteringProfile'] as const)
      if (nonEmpty(s[k])) unsupported.push({ path: `$.sessionControls.${k}`, reason: 'session-control-not-supported' });
  }
  return { evaluated, unsupported, normalised };
}

/** Checks zod cannot express: the device filter compiles, the application target is coherent. */
function semanticErrors(p: ConditionalAccessPolicy): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const filter = p.conditions.devices?.deviceFilter;
  if (filter) {
    try {
      compileRule(filter.rule, { allowed: ['device'] });
    } catch (err) {
      if (!isVerityError(err)) throw err;
      const d = err.details[0];
      errors.push({
        path: '$.conditions.devices.deviceFilter.rule',
        message: d?.message ?? err.message,
        ...(d?.position !== undefined ? { position: d.position } : {}),
        ...(d?.expected !== undefined ? { expected: d.expected } : {}),
      });
    }
  }
  const apps = p.conditions.applications;
  const targets = [nonEmpty(apps.includeApplications), nonEmpty(apps.includeUserActions), nonEmpty(apps.includeAuthenticationContextClassReferences)].filter(Boolean).length;
  // Graph and Entra: a policy targets cloud apps, user actions or authentication contexts, never two of them.
  if (targets > 1)
    errors.push({ path: '$.conditions.applications', message: 'target either includeApplications, includeUserActions or includeAuthenticationContextClassReferences, not several' });
  if (p.grantControls && p.grantControls.builtInControls?.includes('block') && p.grantControls.builtInControls.length > 1)
    errors.push({ path: '$.grantControls.builtInControls', message: 'block cannot be combined with other grant controls' });
  return errors;
}

/**
 * Validate a Graph conditionalAccessPolicy as real exports write it: normalised first (enum case,
 * PowerShell's empty arrays, property-name case; see normaliseGraphDocument), and a policy without
 * a state (a template, not a live policy) imports as `disabled`, each with a note in the report.
 * Throws VERITY_ACCESS_POLICY_INVALID (400) naming the JSON paths.
 */
export function importConditionalAccessPolicy(json: unknown): { policy: ConditionalAccessPolicy; report: AccessImportReport } {
  const { document, notes } = normaliseGraphDocument(json, CONDITIONAL_ACCESS_SHAPE);
  if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
    const doc = document as Record<string, unknown>;
    if (doc.state === undefined || doc.state === null) {
      doc.state = 'disabled';
      notes.push({ path: '$.state', code: 'state-missing-imported-disabled', message: 'The policy has no state (a template, not a live policy): imported as disabled. Enable it with `verity ca enable` or `verity ca report-only`.' });
    }
  }
  const parsed = conditionalAccessPolicySchema.safeParse(document);
  if (!parsed.success)
    throw new VerityError('VERITY_ACCESS_POLICY_INVALID', 'The conditional access policy is not valid.', { status: 400, details: zodIssuesToDetails(parsed.error.issues) });
  const errors = semanticErrors(parsed.data);
  if (errors.length > 0) throw new VerityError('VERITY_ACCESS_POLICY_INVALID', 'The conditional access policy is not valid.', { status: 400, details: errors });
  return { policy: parsed.data, report: buildReport(parsed.data, notes) };
}

/** Export a policy in the Graph shape, including the properties Verity keeps but does not evaluate. */
export function exportConditionalAccessPolicy(policy: ConditionalAccessPolicy): Record<string, unknown> {
  // The stored policy is the validated Graph document itself, so a deep copy is a faithful export.
  return structuredClone(policy) as Record<string, unknown>;
}
