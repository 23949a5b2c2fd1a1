// `npm run bench -- pdp`: conditional access decisions per second on one core, and p50/p99 per
// decision, for a tenant of 500 policies, 100,000 users, 10,000 groups and 50,000 devices.
// Baseline in the same run: the same policies written as Cedar (`forbid ... when {conditions}
// unless {grant controls}` plus one `permit`, which is Entra's "all requirements of every
// applicable policy" with no policy = grant) evaluated by @cedar-policy/cedar-wasm on the same
// requests. Both engines must agree on grant/deny for every request (`agreement`).
import { loadavg } from 'node:os';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import {
  compilePolicySet,
  evaluateAccess,
  importConditionalAccessPolicy,
  importNamedLocation,
  type ConditionalAccessPolicy,
  type NamedLocation,
  type SignInContext,
} from '../packages/core/src/zz-orig-access/index.js';

const POLICIES = Number(process.env.BENCH_POLICIES ?? 500);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 50_000);
const APPS = 300;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CEDAR_REQUESTS = Number(process.env.BENCH_CEDAR_REQUESTS ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// Deterministic data: mulberry32.
let seed = 0x5eed;
const rnd = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const pickN = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];
// Decisions per CPU-second of this process (user + system): "on one core" even when other work shares the machine.
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const groupIds = Array.from({ length: GROUPS }, (_, i) => `g${i}`);
const appIds = Array.from({ length: APPS }, (_, i) => `app-${i}`);
const ROLE_GA = '62e90394-69f5-4237-9190-012177145e10';
const ROLE_SEC = '194ae4cb-b126-40b2-bd5b-6091b380977d';
const BREAK_GLASS = 'u0';
const PLATFORMS = ['windows', 'macOS', 'iOS', 'android', 'linux'] as const;

// Named locations: 20 IP locations of 3-12 /24 ranges inside 10.0.0.0/8; the first 5 are trusted.
const locationJson = Array.from({ length: 20 }, (_, i) => ({
  '@odata.type': '#microsoft.graph.ipNamedLocation',
  id: `loc-${i}`,
  displayName: `Site ${i}`,
  isTrusted: i < 5,
  ipRanges: Array.from({ length: 3 + int(10) }, () => ({ cidrAddress: `10.${i}.${int(256)}.0/24` })),
}));
const namedLocations: NamedLocation[] = locationJson.map((j) => importNamedLocation(j).location);

// Users: 1% admins, 8-20 groups each (flat, already transitive as the store resolves them).
interface BenchUser {
  id: string;
  groups: string[];
  roles: string[];
  groupSet: ReadonlySet<string>;
  roleSet: ReadonlySet<string>;
}
const users: BenchUser[] = Array.from({ length: USERS }, (_, i) => {
  const groups = pickN(groupIds, 8 + int(13));
  const roles = i % 100 === 1 ? [pick([ROLE_GA, ROLE_SEC])] : [];
  return { id: `u${i}`, groups, roles, groupSet: new Set(groups), roleSet: new Set(roles) };
});
const devices = Array.from({ length: DEVICES }, (_, i) => ({
  id: `d${i}`,
  isCompliant: rnd() < 0.7,
  trustType: pick(['AzureAD', 'ServerAD', 'Workplace'] as const),
  attributes: { extensionAttribute1: rnd() < 0.05 ? 'kiosk' : 'standard', operatingSystem: pick(['Windows', 'MacOS', 'iOS', 'Android']) },
}));

// Policies: the mix a large tenant has (per-app MFA, compliant device, mobile app protection,
// legacy/unknown-platform blocks, risk-based MFA, admin MFA, location blocks), 10% report-only.
function genPolicy(i: number): Record<string, unknown> {
  const r = rnd();
  const users = { includeGroups: pickN(groupIds, 1 + int(4)), excludeGroups: rnd() < 0.3 ? [pick(groupIds)] : [], excludeUsers: [BREAK_GLASS] };
  const apps = { includeApplications: pickN(appIds, 1 + int(3)) };
  const state = rnd() < 0.1 ? 'enabledForReportingButNotEnforced' : 'enabled';
  const base = { id: `p${i}`, displayName: `Policy ${i}`, state };
  let conditions: Record<string, unknown>;
  let grantControls: Record<string, unknown>;
  if (r < 0.4) {
    conditions = { users, applications: apps, clientAppTypes: ['all'] };
    if (rnd() < 0.2) conditions.platforms = { includePlatforms: ['windows', 'macOS'] };
    if (rnd() < 0.15) conditions.locations = { includeLocations: ['All'], excludeLocations: ['AllTrusted'] };
    grantControls = { operator: 'OR', builtInControls: rnd() < 0.5 ? ['mfa'] : ['mfa', 'compliantDevice'] };
  } else if (r < 0.6) {
    conditions = { users, applications: apps, clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] };
    if (rnd() < 0.3) conditions.devices = { deviceFilter: { mode: 'exclude', rule: 'device.extensionAttribute1 -eq "kiosk"' } };
    grantControls = rnd() < 0.5 ? { operator: 'AND', builtInControls: ['compliantDevice'] } : { operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice'] };
  } else if (r < 0.75) {
    conditions = { users, applications: apps, platforms: { includePlatforms: ['iOS', 'android'] } };
    grantControls = { operator: 'OR', builtInControls: ['approvedApplication', 'compliantApplication'] };
  } else if (r < 0.85) {
    conditions = { users, applications: apps, clientAppTypes: ['mobileAppsAndDesktopClients'], platforms: { includePlatforms: ['linux'] } };
    if (rnd() < 0.5) conditions.devices = { deviceFilter: { mode: 'include', rule: 'device.operatingSystem -startsWith "Win"' } };
    grantControls = { operator: 'OR', builtInControls: ['block'] };
  } else if (r < 0.9) {
    conditions = { users, applications: rnd() < 0.5 ? apps : { includeApplications: ['All'] }, locations: { includeLocations: pickN(locationJson.slice(5).map((l) => l.id), 1 + int(3)) } };
    grantControls = { operator: 'OR', builtInControls: ['block'] };
  } else if (r < 0.95) {
    conditions = { users: { includeRoles: [ROLE_GA, ROLE_SEC], excludeUsers: [BREAK_GLASS] }, applications: rnd() < 0.3 ? { includeApplications: ['All'] } : apps };
    grantControls = { operator: 'OR', builtInControls: ['mfa'] };
  } else {
    const kind = int(3);
    const all = { includeUsers: ['All'], excludeUsers: [BREAK_GLASS] };
    if (kind === 0) {
      conditions = { users: all, applications: { includeApplications: ['All'] }, clientAppTypes: ['exchangeActiveSync', 'other'] };
      grantControls = { operator: 'OR', builtInControls: ['block'] };
    } else if (kind === 1) {
      conditions = { users: all, applications: { includeApplications: ['All'] }, platforms: { includePlatforms: ['all'], excludePlatforms: [...PLATFORMS] } };
      grantControls = { operator: 'OR', builtInControls: ['block'] };
    } else {
      conditions = { users: all, applications: { includeApplications: ['All'] }, signInRiskLevels: ['medium', 'high'] };
      grantControls = { operator: 'OR', builtInControls: ['mfa'] };
    }
  }
  return { ...base, conditions, grantControls };
}
const policies: ConditionalAccessPolicy[] = Array.from({ length: POLICIES }, (_, i) => importConditionalAccessPolicy(genPolicy(i)).policy);

// ---- Cedar translation --------------------------------------------------------------------
const q = (s: string): string => JSON.stringify(s);
const list = (type: string, ids: readonly string[]): string => `[${ids.map((x) => `${type}::${q(x)}`).join(', ')}]`;
const strings = (xs: readonly string[]): string => `[${xs.map(q).join(', ')}]`;
const rangesOf = (ids: readonly string[]): string[] => namedLocations.filter((l) => ids.includes(l.id!)).flatMap((l) => (l.kind === 'ip' ? l.ipRanges.map((r) => r.cidrAddress) : []));
const trustedRanges = namedLocations.flatMap((l) => (l.kind === 'ip' && l.isTrusted ? l.ipRanges.map((r) => r.cidrAddress) : []));
const inRanges = (ranges: readonly string[]): string => (ranges.length === 0 ? 'false' : `(${ranges.map((r) => `context.ip.isInRange(ip(${q(r)}))`).join(' || ')})`);
const RULES_IN_CEDAR: Record<string, string> = {
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

function toCedar(p: ConditionalAccessPolicy): string | null {
  if (p.state !== 'enabled') return null; // report-only policies are not enforced
  const c = p.conditions;
  const when: string[] = [];
  const u = c.users;
  if (!(u.includeUsers ?? []).includes('All'))
    when.push(`(${[...(u.includeUsers?.length ? [`principal in ${list('User', u.includeUsers)}`] : []), ...(u.includeGroups?.length ? [`principal in ${list('Group', u.includeGroups)}`] : []), ...(u.includeRoles?.length ? [`principal in ${list('Role', u.includeRoles)}`] : [])].join(' || ')})`);
  if (u.excludeUsers?.length) when.push(`!(principal in ${list('User', u.excludeUsers)})`);
  if (u.excludeGroups?.length) when.push(`!(principal in ${list('Group', u.excludeGroups)})`);
  const a = c.applications.includeApplications ?? [];
  if (!a.includes('All')) when.push(`resource in ${list('App', a)}`);
  if (c.clientAppTypes && !c.clientAppTypes.includes('all')) when.push(`${strings(c.clientAppTypes)}.contains(context.clientAppType)`);
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
const cedarText = ['@id("default-grant")\npermit (principal, action, resource);', ...policies.map(toCedar).filter((x): x is string => x !== null)].join('\n\n');

// ---- Requests -----------------------------------------------------------------------------
interface Request {
  signIn: SignInContext;
  cedar: cedar.StatefulAuthorizationCall;
}
function genRequest(): Request {
  const user = users[1 + int(USERS - 1)]!;
  const device = rnd() < 0.8 ? devices[int(DEVICES)]! : null;
  const platform = rnd() < 0.03 ? null : pick(PLATFORMS);
  const clientAppType = rnd() < 0.04 ? pick(['exchangeActiveSync', 'other'] as const) : pick(['browser', 'mobileAppsAndDesktopClients'] as const);
  const ip = rnd() < 0.5 ? `10.${int(20)}.${int(256)}.${1 + int(254)}` : `${11 + int(180)}.${int(256)}.${int(256)}.${1 + int(254)}`;
  const satisfied = { mfa: rnd() < 0.6, authenticationStrength: null, passwordChanged: false, approvedApplication: rnd() < 0.5, compliantApplication: rnd() < 0.3 };
  const signInRisk = pick(['none', 'none', 'none', 'low', 'medium', 'high'] as const);
  const appId = pick(appIds);
  const signIn: SignInContext = {
    user: { id: user.id, groupIds: user.groupSet, roleIds: user.roleSet, userType: 'member' },
    appId,
    clientAppType,
    platform,
    ip,
    device,
    signInRisk,
    userRisk: 'none',
    satisfied,
  };
  const cedarCall: cedar.StatefulAuthorizationCall = {
    principal: { type: 'User', id: user.id },
    action: { type: 'Action', id: 'signIn' },
    resource: { type: 'App', id: appId },
    preparsedPolicySetId: 'pdp',
    context: {
      clientAppType,
      platform: platform ?? 'unknown',
      ip: { __extn: { fn: 'ip', arg: ip } },
      signInRisk,
      mfa: satisfied.mfa,
      approvedApp: satisfied.approvedApplication,
      compliantApp: satisfied.compliantApplication,
      device: device
        ? { isCompliant: device.isCompliant, trustType: device.trustType, extensionAttribute1: device.attributes.extensionAttribute1, operatingSystem: device.attributes.operatingSystem }
        : { isCompliant: false, trustType: 'none', extensionAttribute1: '', operatingSystem: '' },
    },
    entities: [{ uid: { type: 'User', id: user.id }, attrs: {}, parents: [...user.groups.map((g) => ({ type: 'Group', id: g })), ...user.roles.map((r) => ({ type: 'Role', id: r }))] }],
  };
  return { signIn, cedar: cedarCall };
}

export default async function main(): Promise<void> {
  const requests = Array.from({ length: REQUESTS }, genRequest);
  const set = compilePolicySet({ policies, namedLocations });
  let sink = 0;
  for (let w = 0; w < 5; w++) for (const r of requests) sink += evaluateAccess(set, r.signIn).policies.length;
  const lat = new Float64Array(requests.length);
  const p50 = [], p99 = [];
  const c = process.cpuUsage();
  for (let run = 0; run < 5; run++) {
    for (let i = 0; i < requests.length; i++) {
      const a = process.hrtime.bigint();
      sink += evaluateAccess(set, requests[i]!.signIn).policies.length;
      lat[i] = Number(process.hrtime.bigint() - a) / 1000;
    }
    const s = Array.from(lat).sort((x, y) => x - y);
    p50.push(s[s.length >> 1]!); p99.push(s[Math.floor(s.length * 0.99)]!);
  }
  const u = process.cpuUsage(c);
  console.log('p50s', p50.map((x) => x.toFixed(2)).join(' '), 'p99s', p99.map((x) => x.toFixed(2)).join(' '), 'rate', Math.round(5 * requests.length / ((u.user + u.system) / 1e6)));
  if (process.env.HOT) {
    const r = requests[0]!.signIn;
    const t = process.hrtime.bigint();
    for (let i = 0; i < Number(process.env.HOT); i++) sink += evaluateAccess(set, r).policies.length;
    const { matchConditions, newScratch } = await import('../packages/core/src/access/policy-conditions.js');
    const idx = set.fastIndex.byApp.get(r.appId!)!;
    let t2 = process.hrtime.bigint();
    for (let i = 0; i < 300000; i++) { const sc = newScratch(r); for (let k = 0; k < idx.length; k++) { const c = matchConditions(set, set.policies[idx[k]!]!, r, sc); if (c === null) sink++; } }
    console.log('matchConditions all cands us', Number(process.hrtime.bigint() - t2) / 1000 / 300000);
    const { matchUsers, matchApplications } = await import('../packages/core/src/access/policy-conditions.js');
    t2 = process.hrtime.bigint();
    for (let i = 0; i < 300000; i++) { for (let k = 0; k < idx.length; k++) { const c = matchUsers(set.policies[idx[k]!]!, r); if (c === null) sink++; } }
    console.log('matchUsers us', Number(process.hrtime.bigint() - t2) / 1000 / 300000);
    t2 = process.hrtime.bigint();
    for (let i = 0; i < 300000; i++) { for (let k = 0; k < idx.length; k++) { const c = matchApplications(set.policies[idx[k]!]!, r); if (c === null) sink++; } }
    console.log('matchApps us', Number(process.hrtime.bigint() - t2) / 1000 / 300000);
    for (let k = 0; k < idx.length; k++) { const p = set.policies[idx[k]!]!; const u = p.users; if (k < 40) console.log(p.id, u.all, u.includeGroupList.length, u.excludeGroupList.length, u.includeRoleList.length, u.excludeUsers.size, u.includeUsers.size, p.userIndexed, matchUsers(p, r)); }
    t2 = process.hrtime.bigint();
    for (let i = 0; i < 300000; i++) { for (const g of r.user.groupIds) if (set.byGroup.get(g) !== undefined) sink++; }
    console.log('group lookups us', Number(process.hrtime.bigint() - t2) / 1000 / 300000, r.user.groupIds.size);
    const d0 = evaluateAccess(set, r);
    console.log(JSON.stringify(d0).slice(0, 1500));
    console.log('hot us', Number(process.hrtime.bigint() - t) / 1000 / Number(process.env.HOT), 'cands', set.byApp.get(r.appId!)?.length);
  }
  if (sink === -1) console.log('x');
}
