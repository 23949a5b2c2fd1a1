// Conditional access policies written as Cedar, for an independent second opinion on decisions: the
// PDP bench measures against it, and test/access-cedar-differential.test.ts compares decisions on
// random policy sets. `forbid ... when {conditions} unless {grant controls}` per enforced policy,
// plus one `permit`: Entra's "every requirement of every applicable policy", with no policy = grant.
// It covers the conditions both use: users, groups, roles, apps, client app types, platforms, IP
// locations (and AllTrusted), two device filter rules, sign-in risk, built-in grant controls.
import type * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { ConditionalAccessPolicy, NamedLocation, SignInContext } from '../packages/core/src/index.js';

const q = (s: string): string => JSON.stringify(s);
const list = (type: string, ids: readonly string[]): string => `[${ids.map((x) => `${type}::${q(x)}`).join(', ')}]`;
const strings = (xs: readonly string[]): string => `[${xs.map(q).join(', ')}]`;

/** The device filter rules the translation knows, as Cedar conditions. */
export const RULES_IN_CEDAR: Readonly<Record<string, string>> = {
  'device.extensionAttribute1 -eq "kiosk"': 'context.device.extensionAttribute1 == "kiosk"',
  'device.operatingSystem -startsWith "Win"': 'context.device.operatingSystem like "Win*"',
};
const CONTROLS_IN_CEDAR: Record<string, string> = {
  mfa: 'context.mfa',
  compliantDevice: 'context.device.isCompliant',
  domainJoinedDevice: 'context.device.trustType == "ServerAD"',
  approvedApplication: 'context.approvedApp',
  compliantApplication: 'context.compliantApp',
};

/** One enforced policy as a Cedar `forbid` (null for report-only and disabled ones: they never refuse). */
export function policyToCedar(p: ConditionalAccessPolicy, namedLocations: readonly NamedLocation[]): string | null {
  if (p.state !== 'enabled') return null;
  const rangesOf = (ids: readonly string[]): string[] => namedLocations.filter((l) => ids.includes(l.id!)).flatMap((l) => (l.kind === 'ip' ? l.ipRanges.map((r) => r.cidrAddress) : []));
  const trustedRanges = namedLocations.flatMap((l) => (l.kind === 'ip' && l.isTrusted ? l.ipRanges.map((r) => r.cidrAddress) : []));
  const inRanges = (ranges: readonly string[]): string => (ranges.length === 0 ? 'false' : `(${ranges.map((r) => `context.ip.isInRange(ip(${q(r)}))`).join(' || ')})`);
  const c = p.conditions;
  const when: string[] = [];
  const u = c.users;
  if (!(u.includeUsers ?? []).includes('All'))
    when.push(`(${[...(u.includeUsers?.length ? [`principal in ${list('User', u.includeUsers)}`] : []), ...(u.includeGroups?.length ? [`principal in ${list('Group', u.includeGroups)}`] : []), ...(u.includeRoles?.length ? [`principal in ${list('Role', u.includeRoles)}`] : [])].join(' || ') || 'false'})`);
  if (u.excludeUsers?.length) when.push(`!(principal in ${list('User', u.excludeUsers)})`);
  if (u.excludeGroups?.length) when.push(`!(principal in ${list('Group', u.excludeGroups)})`);
  const a = c.applications.includeApplications ?? [];
  if (!a.includes('All')) when.push(`resource in ${list('App', a)}`);
  if (c.clientAppTypes && c.clientAppTypes.length > 0 && !c.clientAppTypes.includes('all')) when.push(`${strings(c.clientAppTypes)}.contains(context.clientAppType)`);
  if (c.platforms) {
    const inc = c.platforms.includePlatforms ?? [];
    if (!inc.includes('all')) when.push(`${strings(inc)}.contains(context.platform)`);
    if (c.platforms.excludePlatforms?.length) when.push(`!${strings(c.platforms.excludePlatforms)}.contains(context.platform)`);
  }
  if (c.locations) {
    const inc = c.locations.includeLocations ?? [];
    if (!inc.includes('All')) when.push(inRanges(rangesOf(inc)));
    const exc = c.locations.excludeLocations ?? [];
    if (exc.includes('AllTrusted')) when.push(`!${inRanges(trustedRanges)}`);
  }
  const f = c.devices?.deviceFilter;
  if (f) when.push(f.mode === 'include' ? RULES_IN_CEDAR[f.rule]! : `!(${RULES_IN_CEDAR[f.rule]!})`);
  if (c.signInRiskLevels?.length) when.push(`${strings(c.signInRiskLevels)}.contains(context.signInRisk)`);
  const g = p.grantControls!;
  const head = `@id(${q(p.id!)})\nforbid (principal, action == Action::"signIn", resource)\nwhen { ${when.length ? when.join(' && ') : 'true'} }`;
  if (g.builtInControls?.includes('block')) return `${head};`;
  return `${head}\nunless { ${(g.builtInControls ?? []).map((x) => CONTROLS_IN_CEDAR[x]!).join(g.operator === 'AND' ? ' && ' : ' || ')} };`;
}

/** A whole policy set as Cedar text: the default permit and one forbid per enforced policy. */
export function policySetToCedar(policies: readonly ConditionalAccessPolicy[], namedLocations: readonly NamedLocation[]): string {
  return ['@id("default-grant")\npermit (principal, action, resource);', ...policies.map((p) => policyToCedar(p, namedLocations)).filter((x): x is string => x !== null)].join('\n\n');
}

/** A sign-in as a Cedar authorization call against the preparsed policy set `policySetId`. */
export function signInToCedar(signIn: SignInContext, policySetId: string): cedar.StatefulAuthorizationCall {
  const device = signIn.device;
  const attr = (name: string) => (device && typeof device.attributes?.[name] === 'string' ? String(device.attributes[name]) : '');
  return {
    principal: { type: 'User', id: signIn.user.id },
    action: { type: 'Action', id: 'signIn' },
    resource: { type: 'App', id: signIn.appId ?? '' },
    preparsedPolicySetId: policySetId,
    context: {
      clientAppType: signIn.clientAppType,
      platform: signIn.platform ?? 'unknown',
      ip: { __extn: { fn: 'ip', arg: signIn.ip ?? '0.0.0.0' } },
      signInRisk: signIn.signInRisk,
      mfa: signIn.satisfied.mfa,
      approvedApp: signIn.satisfied.approvedApplication,
      compliantApp: signIn.satisfied.compliantApplication,
      device: device
        ? { isCompliant: device.isCompliant, trustType: device.trustType ?? 'none', extensionAttribute1: attr('extensionAttribute1'), operatingSystem: attr('operatingSystem') }
        : { isCompliant: false, trustType: 'none', extensionAttribute1: '', operatingSystem: '' },
    },
    entities: [{ uid: { type: 'User', id: signIn.user.id }, attrs: {}, parents: [...[...signIn.user.groupIds].map((g) => ({ type: 'Group', id: g })), ...[...signIn.user.roleIds].map((r) => ({ type: 'Role', id: r }))] }],
  };
}
