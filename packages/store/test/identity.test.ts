import { expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('tenants, users, groups, roles, tokens, sessions', (h) => {
  it('tenants: create, get, find by domain (case-insensitive), list, update, unique domain, delete cascades', async () => {
    const s = await h.fresh();
    const a = await s.tenants.create({ name: 'Contoso', domain: 'Contoso.Example' });
    expect(a.complianceSettings).toEqual({ noPolicyAssignedState: 'compliant', validityPeriodDays: 30 });
    expect((await s.tenants.findByDomain('CONTOSO.example'))?.id).toBe(a.id);
    await expect(s.tenants.create({ name: 'Dup', domain: 'contoso.example' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict, status: 409 });
    const updated = await s.tenants.update(a.id, { complianceSettings: { noPolicyAssignedState: 'noncompliant', validityPeriodDays: 7 } });
    expect(updated?.complianceSettings.noPolicyAssignedState).toBe('noncompliant');
    expect((await s.tenants.list()).map((t) => t.id)).toEqual([a.id]);
    await s.users.create(a.id, { userPrincipalName: 'x@contoso.example', displayName: 'X' });
    expect(await s.tenants.delete(a.id)).toBe(true);
    expect(await s.tenants.get(a.id)).toBeUndefined();
    expect(await s.users.list(a.id)).toEqual([]);
    expect(await s.tenants.update('nope', { name: 'n' })).toBeUndefined();
  });

  it('users: UPN unique per tenant and case-insensitive; search; update; delete', async () => {
    const t = await h.tenant();
    const t2 = await h.tenant();
    const u = await h.store.users.create(t, { userPrincipalName: 'Alice@Contoso.test', displayName: 'Alice Smith', department: 'Sales', attributes: { costCenter: '42' } });
    expect(u).toMatchObject({ userPrincipalName: 'alice@contoso.test', status: 'enabled', userType: 'member', passwordHash: null, attributes: { costCenter: '42' } });
    await expect(h.store.users.create(t, { userPrincipalName: 'ALICE@contoso.test', displayName: 'Dup' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
    await h.store.users.create(t2, { userPrincipalName: 'alice@contoso.test', displayName: 'Same UPN, other tenant' });
    await h.store.users.create(t, { userPrincipalName: 'bob@contoso.test', displayName: 'Bob 100%_' });
    expect((await h.store.users.findByUpn(t, 'ALICE@CONTOSO.TEST'))?.id).toBe(u.id);
    expect((await h.store.users.list(t)).map((x) => x.userPrincipalName)).toEqual(['alice@contoso.test', 'bob@contoso.test']);
    expect((await h.store.users.list(t, { search: 'smith' })).map((x) => x.id)).toEqual([u.id]);
    expect((await h.store.users.list(t, { search: '%_' })).map((x) => x.userPrincipalName)).toEqual(['bob@contoso.test']);
    expect((await h.store.users.list(t, { search: '_' })).length).toBe(1);
    h.clock.advance(1000);
    const upd = await h.store.users.update(t, u.id, { status: 'disabled', passwordHash: '$argon2id$x', jobTitle: 'Boss' });
    expect(upd).toMatchObject({ status: 'disabled', passwordHash: '$argon2id$x', jobTitle: 'Boss' });
    expect(upd!.updatedAt > u.updatedAt).toBe(true);
    expect(await h.store.users.delete(t, u.id)).toBe(true);
    expect(await h.store.users.get(t, u.id)).toBeUndefined();
    await expect(h.store.users.list(t, { limit: 501 })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidQuery, details: [{ path: '$.limit' }] });
  });

  it('groups: static members, dynamic replacement, groupsOfMember, list filters, delete cascades members', async () => {
    const t = await h.tenant();
    const g = await h.store.groups.create(t, { displayName: 'Sales devices', memberKind: 'device' });
    const dyn = await h.store.groups.create(t, { displayName: 'Windows', memberKind: 'device', membershipType: 'dynamic', membershipRule: '(device.deviceOSType -eq "Windows")' });
    expect(await h.store.groups.addMembers(t, g.id, ['d1', 'd2'])).toBe(2);
    expect(await h.store.groups.addMembers(t, g.id, ['d2', 'd3'])).toBe(1);
    expect(await h.store.groups.removeMembers(t, g.id, ['d3'])).toBe(1);
    expect((await h.store.groups.listMembers(t, g.id)).map((m) => [m.memberId, m.source])).toEqual([['d1', 'static'], ['d2', 'static']]);
    expect(await h.store.groups.replaceDynamicMembers(t, dyn.id, ['d1', 'd4'])).toEqual({ added: 2, removed: 0 });
    expect(await h.store.groups.replaceDynamicMembers(t, dyn.id, ['d4', 'd5'])).toEqual({ added: 1, removed: 1 });
    expect((await h.store.groups.listMembers(t, dyn.id)).map((m) => m.memberId)).toEqual(['d4', 'd5']);
    // Static members are never removed by a dynamic refresh.
    await h.store.groups.addMembers(t, dyn.id, ['s1']);
    await h.store.groups.replaceDynamicMembers(t, dyn.id, []);
    expect((await h.store.groups.listMembers(t, dyn.id)).map((m) => m.memberId)).toEqual(['s1']);
    expect(await h.store.groups.removeMembers(t, dyn.id, ['s1'])).toBe(1);
    expect((await h.store.groups.groupsOfMember(t, 'd1')).sort()).toEqual([g.id]);
    expect((await h.store.groups.list(t, { membershipType: 'dynamic' })).map((x) => x.id)).toEqual([dyn.id]);
    expect((await h.store.groups.list(t)).map((x) => x.displayName)).toEqual(['Sales devices', 'Windows']);
    expect((await h.store.groups.update(t, g.id, { description: 'd' }))?.description).toBe('d');
    expect(await h.store.groups.delete(t, g.id)).toBe(true);
    expect(await h.store.groups.groupsOfMember(t, 'd1')).toEqual([]);
    expect(await h.store.groups.addMembers(t, 'no-such-group', ['x'])).toBe(0);
  });

  it('admin roles: assign, list by user, update, remove', async () => {
    const t = await h.tenant();
    const r = await h.store.roles.assign(t, { userId: 'u1', role: 'helpdeskOperator', scopeTags: ['emea'] });
    await h.store.roles.assign(t, { userId: 'u2', role: 'globalAdmin' });
    expect((await h.store.roles.list(t, { userId: 'u1' })).map((x) => x.scopeTags)).toEqual([['emea']]);
    expect((await h.store.roles.update(t, r.id, { role: 'readOnly', scopeTags: [] }))).toMatchObject({ role: 'readOnly', scopeTags: [] });
    expect((await h.store.roles.get(t, r.id))?.role).toBe('readOnly');
    expect(await h.store.roles.remove(t, r.id)).toBe(true);
    expect((await h.store.roles.list(t)).length).toBe(1);
  });

  it('api tokens: create, findByHash across tenants, touch, revoke, unique hash, list, delete', async () => {
    const t = await h.tenant();
    const hash = `${t}-hash`;
    const tok = await h.store.apiTokens.create(t, { name: 'ci', tokenHash: hash, role: 'policyAdmin', expiresAt: '2027-01-01T00:00:00Z' });
    expect(tok.expiresAt).toBe('2027-01-01T00:00:00.000Z');
    expect((await h.store.apiTokens.findByHash(hash))).toMatchObject({ tenantId: t, id: tok.id, scopeTags: [] });
    expect(await h.store.apiTokens.findByHash('unknown')).toBeUndefined();
    const other = await h.tenant();
    await expect(h.store.apiTokens.create(other, { name: 'dup', tokenHash: hash, role: 'readOnly' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.conflict });
    expect(await h.store.apiTokens.touch(t, tok.id, '2026-02-01T00:00:00Z')).toBe(true);
    expect(await h.store.apiTokens.revoke(t, tok.id, '2026-02-02T00:00:00Z')).toBe(true);
    expect(await h.store.apiTokens.revoke(t, tok.id, '2026-02-03T00:00:00Z')).toBe(false);
    expect(await h.store.apiTokens.get(t, tok.id)).toMatchObject({ lastUsedAt: '2026-02-01T00:00:00.000Z', revokedAt: '2026-02-02T00:00:00.000Z' });
    expect((await h.store.apiTokens.list(t)).length).toBe(1);
    expect(await h.store.apiTokens.delete(t, tok.id)).toBe(true);
  });

  it('sessions: create, findByHash, list for user, revoke, revoke all, delete expired', async () => {
    const t = await h.tenant();
    const s1 = await h.store.sessions.create(t, { userId: 'u1', tokenHash: `${t}-s1`, kind: 'portal', expiresAt: '2026-01-02T00:00:00Z' });
    const s2 = await h.store.sessions.create(t, { userId: 'u1', tokenHash: `${t}-s2`, kind: 'admin', expiresAt: '2026-03-01T00:00:00Z' });
    expect((await h.store.sessions.findByHash(`${t}-s1`))?.id).toBe(s1.id);
    expect((await h.store.sessions.listForUser(t, 'u1')).length).toBe(2);
    expect(await h.store.sessions.revoke(t, s1.id, '2026-01-01T01:00:00Z')).toBe(true);
    expect(await h.store.sessions.revokeAllForUser(t, 'u1', '2026-01-01T02:00:00Z')).toBe(1);
    expect((await h.store.sessions.get(t, s2.id))?.revokedAt).toBe('2026-01-01T02:00:00.000Z');
    expect(await h.store.sessions.deleteExpired(t, '2026-02-01T00:00:00Z')).toBe(1);
    expect(await h.store.sessions.get(t, s1.id)).toBeUndefined();
  });
});
