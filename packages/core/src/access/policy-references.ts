import type { ImportNote } from '../graph-import/import-notes.js';
import type { ConditionalAccessPolicy } from './conditional-access-policy.js';

/** What a conditional access policy can reference by id. */
export type ReferenceKind = 'user' | 'group' | 'role' | 'namedLocation' | 'application';

/** One reference of a policy to something outside it, with its JSON path. */
export interface PolicyReference {
  readonly path: string;
  readonly kind: ReferenceKind;
  readonly id: string;
  readonly mode: 'include' | 'exclude';
}

const USER_KEYWORDS = new Set(['All', 'None', 'GuestsOrExternalUsers']);
const APP_KEYWORDS = new Set(['All', 'None']);
const LOCATION_KEYWORDS = new Set(['All', 'AllTrusted']);
/** Graph app groups (`Office365`, `MicrosoftAdminPortals`): reported on their own (see the import report), not as references. */
export const APP_GROUP_PATTERN = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Microsoft first-party application ids that sign-ins name the same in every tenant: a policy
 * naming them is not referring to "another tenant's" app. Any other application id is a
 * reference the tenant cannot resolve (an app registration of the tenant the export came from).
 */
export const FIRST_PARTY_APP_IDS: ReadonlyMap<string, string> = new Map([
  ['00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'],
  ['00000003-0000-0ff1-ce00-000000000000', 'Office 365 SharePoint Online'],
  ['00000004-0000-0ff1-ce00-000000000000', 'Skype for Business Online'],
  ['00000006-0000-0ff1-ce00-000000000000', 'Microsoft Office 365 Portal'],
  ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
  ['00000002-0000-0000-c000-000000000000', 'Windows Azure Active Directory'],
  ['0000000a-0000-0000-c000-000000000000', 'Microsoft Intune'],
  ['d4ebce55-015a-49b5-a083-c84d1797ae8c', 'Microsoft Intune Enrollment'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'],
  ['cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', 'Microsoft Teams Services'],
]);

/**
 * Every id a policy references (users, groups, directory roles, named locations, applications),
 * keywords (`All`, `AllTrusted`...) and app groups left out. The caller resolves them against the
 * tenant; what does not resolve is reported and evaluated fail-safe (see docs/conditional-access.md).
 */
export function policyReferences(p: ConditionalAccessPolicy): PolicyReference[] {
  const out: PolicyReference[] = [];
  const add = (list: readonly string[] | null | undefined, base: string, kind: ReferenceKind, mode: 'include' | 'exclude', skip: ReadonlySet<string>) =>
    (list ?? []).forEach((id, i) => { if (!skip.has(id)) out.push({ path: `${base}[${i}]`, kind, id, mode }); });
  const u = p.conditions.users;
  const none = new Set<string>();
  add(u.includeUsers, '$.conditions.users.includeUsers', 'user', 'include', USER_KEYWORDS);
  add(u.excludeUsers, '$.conditions.users.excludeUsers', 'user', 'exclude', USER_KEYWORDS);
  add(u.includeGroups, '$.conditions.users.includeGroups', 'group', 'include', none);
  add(u.excludeGroups, '$.conditions.users.excludeGroups', 'group', 'exclude', none);
  add(u.includeRoles, '$.conditions.users.includeRoles', 'role', 'include', none);
  add(u.excludeRoles, '$.conditions.users.excludeRoles', 'role', 'exclude', none);
  const a = p.conditions.applications;
  const apps = (list: readonly string[] | undefined) => (list ?? []).map((x) => (APP_GROUP_PATTERN.test(x) ? 'All' : x));
  add(apps(a.includeApplications), '$.conditions.applications.includeApplications', 'application', 'include', APP_KEYWORDS);
  add(apps(a.excludeApplications), '$.conditions.applications.excludeApplications', 'application', 'exclude', APP_KEYWORDS);
  add(p.conditions.locations?.includeLocations, '$.conditions.locations.includeLocations', 'namedLocation', 'include', LOCATION_KEYWORDS);
  add(p.conditions.locations?.excludeLocations, '$.conditions.locations.excludeLocations', 'namedLocation', 'exclude', LOCATION_KEYWORDS);
  return out;
}

/** What an unresolved reference does in evaluation, in one sentence (the what-if and the import report say it). */
export function unresolvedEffect(r: Pick<PolicyReference, 'kind' | 'id' | 'mode'>): string {
  const what = { user: 'user', group: 'group', role: 'directory role', namedLocation: 'named location', application: 'application' }[r.kind];
  if (r.mode === 'exclude') return `${what} ${r.id} does not exist in this tenant, so it excludes no one`;
  return r.kind === 'namedLocation'
    ? `${what} ${r.id} does not exist in this tenant, so it matches no sign-in`
    : `${what} ${r.id} does not exist in this tenant, so it includes no one`;
}

/**
 * Entra built-in directory roles Verity's admin roles map to, by display name (current and
 * former names, e.g. "Company Administrator"), so an export that names roles can be mapped.
 */
export const DIRECTORY_ROLE_NAMES: ReadonlyMap<string, string> = new Map([
  ['global administrator', '62e90394-69f5-4237-9190-012177145e10'],
  ['company administrator', '62e90394-69f5-4237-9190-012177145e10'],
  ['intune administrator', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
  ['intune service administrator', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
  ['conditional access administrator', 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9'],
  ['helpdesk administrator', '729827e3-9c14-49f7-bb1b-9608f156bbb8'],
  ['global reader', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451'],
]);

const REFERENCE_LISTS: readonly [readonly string[], ReferenceKind][] = [
  [['users', 'includeUsers'], 'user'], [['users', 'excludeUsers'], 'user'],
  [['users', 'includeGroups'], 'group'], [['users', 'excludeGroups'], 'group'],
  [['users', 'includeRoles'], 'role'], [['users', 'excludeRoles'], 'role'],
  [['applications', 'includeApplications'], 'application'], [['applications', 'excludeApplications'], 'application'],
  [['locations', 'includeLocations'], 'namedLocation'], [['locations', 'excludeLocations'], 'namedLocation'],
];

/**
 * Rewrite the references of a conditional access document (as read, before validation):
 * `rewrite(kind, id)` answers the new id, or undefined to keep it. Returns a new document and a
 * `reference-mapped` note per rewrite (what `verity import --map` shows on the report line).
 */
export function mapPolicyReferences(doc: unknown, rewrite: (kind: ReferenceKind, id: string) => string | undefined): { document: unknown; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { document: doc, notes };
  const out = structuredClone(doc) as Record<string, unknown>;
  const conditions = out.conditions;
  if (conditions === null || typeof conditions !== 'object') return { document: out, notes };
  for (const [[section, list], kind] of REFERENCE_LISTS) {
    const holder = (conditions as Record<string, unknown>)[section!];
    if (holder === null || typeof holder !== 'object') continue;
    const ids = (holder as Record<string, unknown>)[list!];
    if (!Array.isArray(ids)) continue;
    (holder as Record<string, unknown>)[list!] = ids.map((id: unknown, i) => {
      if (typeof id !== 'string') return id;
      const to = rewrite(kind, id);
      if (to === undefined || to === id) return id;
      notes.push({ path: `$.conditions.${section}.${list}[${i}]`, code: 'reference-mapped', message: `${kind} ${id} mapped to ${to}.` });
      return to;
    });
  }
  return { document: out, notes };
}
