// Scoped admins stay in their scope: they can grant only what they hold, and touch or see only the
// devices (and grants) in it. The expectations are a table written by hand (role x scope x route ->
// status), not derived from roles.ts: the table says what a reviewer expects, the code must match it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

type Actor = 'globalAll' | 'globalLondon' | 'policyLondon' | 'helpdeskLondon' | 'readOnlyLondon';
/** Who the actors are: role and scope tags of each token (created by the tenant's unscoped first admin). */
const ACTORS: Record<Actor, { role: string; scopeTags: string[] }> = {
  globalAll: { role: 'globalAdmin', scopeTags: [] },
  globalLondon: { role: 'globalAdmin', scopeTags: ['london'] },
  policyLondon: { role: 'policyAdmin', scopeTags: ['london'] },
  helpdeskLondon: { role: 'helpdeskOperator', scopeTags: ['london'] },
  readOnlyLondon: { role: 'readOnly', scopeTags: ['london'] },
};

interface Case { actor: Actor; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: unknown; status: number; code?: string; why: string }

// {london}, {paris}: device ids; {group}: a static device group; {user}: a user id; {upn}; {unscopedToken}: id of an all-devices token.
const whatIf = (device: string) => ({ user: '{upn}', appId: 'verity-portal', deviceId: device });
const CASES: Case[] = [
  // Minting tokens: only what you hold.
  { actor: 'globalAll', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'all', role: 'readOnly', scopeTags: [] }, status: 201, why: 'an unscoped admin may grant every device' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'all', role: 'readOnly', scopeTags: [] }, status: 403, code: 'VERITY_AUTH_SCOPE_EXCEEDED', why: 'empty scope = all devices, more than london' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'paris', role: 'readOnly', scopeTags: ['paris'] }, status: 403, code: 'VERITY_AUTH_SCOPE_EXCEEDED', why: 'a tag the admin does not hold' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'both', role: 'readOnly', scopeTags: ['london', 'paris'] }, status: 403, code: 'VERITY_AUTH_SCOPE_EXCEEDED', why: 'partly outside' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'mine', role: 'globalAdmin', scopeTags: ['london'] }, status: 201, why: 'its own role and scope' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'default', role: 'helpdeskOperator' }, status: 201, why: 'no scope given: the admin\'s own' },
  { actor: 'policyLondon', method: 'POST', path: '/api/v1/api-tokens', body: { name: 'x', role: 'readOnly', scopeTags: ['london'] }, status: 403, code: 'VERITY_AUTH_FORBIDDEN', why: 'policyAdmin holds no tokens.manage' },
  // Role assignments: the same rule.
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/role-assignments', body: { userId: '{user}', role: 'globalAdmin', scopeTags: [] }, status: 403, code: 'VERITY_AUTH_SCOPE_EXCEEDED', why: 'all devices' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/role-assignments', body: { userId: '{user}', role: 'policyAdmin', scopeTags: ['paris'] }, status: 403, code: 'VERITY_AUTH_SCOPE_EXCEEDED', why: 'another scope' },
  { actor: 'globalLondon', method: 'POST', path: '/api/v1/role-assignments', body: { userId: '{user}', role: 'policyAdmin', scopeTags: ['london'] }, status: 201, why: 'within scope' },
  { actor: 'globalAll', method: 'POST', path: '/api/v1/role-assignments', body: { userId: '{user}', role: 'readOnly', scopeTags: [] }, status: 201, why: 'unscoped admin' },
  // Grants of a wider scope are neither listed nor revocable by a scoped admin.
  { actor: 'globalLondon', method: 'DELETE', path: '/api/v1/api-tokens/{unscopedToken}', status: 404, code: 'VERITY_API_TOKEN_NOT_FOUND', why: 'an all-devices token is outside london' },
  // Group membership of devices: only devices in scope.
  { actor: 'policyLondon', method: 'PUT', path: '/api/v1/groups/{group}/members/{paris}', status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'adding paris would change the policies applying to it' },
  { actor: 'policyLondon', method: 'PUT', path: '/api/v1/groups/{group}/members/{london}', status: 204, why: 'in scope' },
  { actor: 'globalAll', method: 'PUT', path: '/api/v1/groups/{group}/members/{paris}', status: 204, why: 'unscoped' },
  { actor: 'policyLondon', method: 'DELETE', path: '/api/v1/groups/{group}/members/{paris}', status: 404, code: 'VERITY_MEMBER_NOT_FOUND', why: 'removing paris is as much a change to it' },
  { actor: 'readOnlyLondon', method: 'GET', path: '/api/v1/groups/{group}/members', status: 200, why: 'listed, paris filtered out (checked below)' },
  // Devices and what reveals them.
  { actor: 'readOnlyLondon', method: 'GET', path: '/api/v1/devices/{paris}', status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'out of scope' },
  { actor: 'readOnlyLondon', method: 'GET', path: '/api/v1/devices/{london}', status: 200, why: 'in scope' },
  { actor: 'readOnlyLondon', method: 'GET', path: '/api/v1/devices/{paris}/commands', status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'out of scope' },
  { actor: 'readOnlyLondon', method: 'GET', path: '/api/v1/devices/{paris}/compliance', status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'out of scope' },
  { actor: 'policyLondon', method: 'POST', path: '/api/v1/conditional-access/what-if', body: whatIf('{paris}'), status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'what-if would show the paris device\'s state' },
  { actor: 'policyLondon', method: 'POST', path: '/api/v1/conditional-access/what-if', body: whatIf('{london}'), status: 200, why: 'in scope' },
  { actor: 'readOnlyLondon', method: 'POST', path: '/api/v1/access/decide', body: whatIf('{paris}'), status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'and no sign-in row is written (checked below)' },
  { actor: 'globalAll', method: 'POST', path: '/api/v1/access/decide', body: whatIf('{paris}'), status: 200, why: 'unscoped: decided and logged' },
  { actor: 'helpdeskLondon', method: 'GET', path: '/api/v1/sign-ins?deviceId={paris}', status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'filtering by it confirms it exists' },
  { actor: 'globalAll', method: 'GET', path: '/api/v1/sign-ins?deviceId={paris}', status: 200, why: 'unscoped' },
  { actor: 'helpdeskLondon', method: 'POST', path: '/api/v1/devices/{paris}/lock', body: {}, status: 404, code: 'VERITY_DEVICE_NOT_FOUND', why: 'out of scope' },
];

describe('scoped admins: role x scope x route', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  const tokens = {} as Record<Actor, string>;
  const ids: Record<string, string> = {};
  let london: DeviceIdentity;
  let paris: DeviceIdentity;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    london = await s.enrollDevice(await enrollmentToken(s, t.adminToken, { scopeTags: ['london'] }), { hostname: 'london-1' });
    paris = await s.enrollDevice(await enrollmentToken(s, t.adminToken, { scopeTags: ['paris'] }), { hostname: 'paris-1' });
    for (const [actor, a] of Object.entries(ACTORS) as [Actor, { role: string; scopeTags: string[] }][]) {
      const res = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: actor, role: a.role, scopeTags: a.scopeTags } });
      expect(res.status).toBe(201);
      tokens[actor] = res.body.token;
      if (actor === 'globalAll') ids.unscopedToken = res.body.id;
    }
    const group = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'kiosks', memberKind: 'device' } });
    const user = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `bob@${t.domain}`, displayName: 'Bob', password: 'correct horse battery' } });
    Object.assign(ids, { london: london.deviceId, paris: paris.deviceId, group: group.body.id, user: user.body.id, upn: user.body.userPrincipalName });
  });
  afterAll(async () => s.close());

  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, k: string) => ids[k] ?? `{${k}}`);

  it('answers every case of the table as written', async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      const body = c.body === undefined ? undefined : JSON.parse(fill(JSON.stringify(c.body)));
      const res = await s.call(c.method, fill(c.path), { token: tokens[c.actor], ...(body === undefined ? {} : { body }) });
      if (res.status !== c.status || (c.code !== undefined && res.body?.code !== c.code)) {
        failures.push(`${c.actor} ${c.method} ${c.path}: ${res.status} ${res.body?.code ?? ''} (expected ${c.status} ${c.code ?? ''}: ${c.why})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a scoped admin\'s token defaults to their scope; they see neither wider grants nor out-of-scope devices anywhere', async () => {
    const created = await s.call('POST', '/api/v1/api-tokens', { token: tokens.globalLondon, body: { name: 'defaulted', role: 'readOnly' } });
    expect(created.body.scopeTags).toEqual(['london']);
    const listed = await s.call('GET', `/api/v1/devices`, { token: created.body.token });
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([london.deviceId]);
    const visibleTokens = (await s.call('GET', '/api/v1/api-tokens', { token: tokens.globalLondon })).body.items;
    expect(visibleTokens.every((x: { scopeTags: string[] }) => x.scopeTags.length > 0 && x.scopeTags.every((tag) => tag === 'london'))).toBe(true);
    const assignments = (await s.call('GET', '/api/v1/role-assignments', { token: tokens.globalLondon })).body.items;
    expect(assignments.every((x: { scopeTags: string[] }) => x.scopeTags.length > 0)).toBe(true);
    const members = (await s.call('GET', `/api/v1/groups/${ids.group}/members`, { token: tokens.readOnlyLondon })).body.items.map((m: { memberId: string }) => m.memberId);
    expect(members).toEqual([london.deviceId]);
    const allMembers = (await s.call('GET', `/api/v1/groups/${ids.group}/members`, { token: tokens.globalAll })).body.items.map((m: { memberId: string }) => m.memberId);
    expect(allMembers.sort()).toEqual([london.deviceId, paris.deviceId].sort());
    // The refused decide wrote nothing; the scoped sign-in log shows no paris row at all.
    const all = (await s.call('GET', `/api/v1/sign-ins?deviceId=${paris.deviceId}`, { token: tokens.globalAll })).body.items;
    expect(all).toHaveLength(1);
    const scoped = (await s.call('GET', '/api/v1/sign-ins', { token: tokens.helpdeskLondon })).body.items;
    expect(scoped.some((x: { deviceId: string | null }) => x.deviceId === paris.deviceId)).toBe(false);
    // The audit says which scope each grant got.
    const audit = (await s.call('GET', '/api/v1/audit?action=apiToken.create&limit=100', { token: t.adminToken })).body.items;
    expect(audit.find((e: { targetId: string }) => e.targetId === created.body.id)?.details.scopeTags).toEqual(['london']);
  });
});
