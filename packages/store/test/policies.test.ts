import fc from 'fast-check';
import { expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('policies, templates, push, sign-ins, settings', (h) => {
  it('compliance policies: create at version 1, optimistic update bumps version, list by platform, delete', async () => {
    const t = await h.tenant();
    const graph = { '@odata.type': '#microsoft.graph.windows10CompliancePolicy', osMinimumVersion: '10.0.19045' };
    const p = await h.store.compliancePolicies.create(t, { displayName: 'Win baseline', kind: 'windows10', platform: 'windows', graph, normalized: { rules: [] } });
    await h.store.compliancePolicies.create(t, { displayName: 'Mac baseline', kind: 'macOS', platform: 'macos', graph: {}, normalized: {} });
    expect(p).toMatchObject({ version: 1, graph });
    const u = await h.store.compliancePolicies.update(t, p.id, { displayName: 'Win v2' }, 1);
    expect(u).toMatchObject({ version: 2, displayName: 'Win v2', graph });
    expect(await h.store.compliancePolicies.update(t, p.id, { displayName: 'stale' }, 1)).toBeUndefined();
    expect((await h.store.compliancePolicies.list(t, { platform: 'windows' })).map((x) => x.id)).toEqual([p.id]);
    expect(await h.store.compliancePolicies.delete(t, p.id)).toBe(true);
    expect(await h.store.compliancePolicies.get(t, p.id)).toBeUndefined();
  });

  it('assignments: add, list for policy, list all, replace, remove', async () => {
    const t = await h.tenant();
    const a = await h.store.assignments.add(t, { policyType: 'compliance', policyId: 'p1', targetType: 'group', groupId: 'g1' });
    await h.store.assignments.add(t, { policyType: 'compliance', policyId: 'p1', targetType: 'group', groupId: 'g2', mode: 'exclude' });
    await h.store.assignments.add(t, { policyType: 'access', policyId: 'p1', targetType: 'allUsers' });
    expect(a.mode).toBe('include');
    expect((await h.store.assignments.listForPolicy(t, 'compliance', 'p1')).map((x) => x.groupId).sort()).toEqual(['g1', 'g2']);
    expect((await h.store.assignments.listAll(t, 'access')).length).toBe(1);
    const replaced = await h.store.assignments.replaceForPolicy(t, 'compliance', 'p1', [{ targetType: 'allDevices' }]);
    expect(replaced.map((x) => x.targetType)).toEqual(['allDevices']);
    expect((await h.store.assignments.listForPolicy(t, 'compliance', 'p1')).length).toBe(1);
    expect(await h.store.assignments.remove(t, replaced[0]!.id)).toBe(true);
  });

  it('message templates: Graph shape with localized messages', async () => {
    const t = await h.tenant();
    const m = await h.store.messageTemplates.create(t, { displayName: 'Noncompliant', defaultLocale: 'en-US', messages: [{ locale: 'en-US', subject: 'Fix', body: 'Please update' }] });
    expect((await h.store.messageTemplates.get(t, m.id))?.messages[0]?.subject).toBe('Fix');
    const u = await h.store.messageTemplates.update(t, m.id, { messages: [{ locale: 'de-DE', subject: 'Bitte', body: 'aktualisieren' }] });
    expect(u?.messages.map((x) => x.locale)).toEqual(['de-DE']);
    expect((await h.store.messageTemplates.list(t)).length).toBe(1);
    expect(await h.store.messageTemplates.delete(t, m.id)).toBe(true);
  });

  it('push subscriptions: save upserts by endpoint, list, remove by id and endpoint', async () => {
    const t = await h.tenant();
    const keys = { p256dh: 'BN...', auth: 'aa' };
    const s1 = await h.store.pushSubscriptions.save(t, { userId: 'u1', endpoint: 'https://push.example/1', keys });
    const again = await h.store.pushSubscriptions.save(t, { userId: 'u2', endpoint: 'https://push.example/1', keys: { ...keys, auth: 'bb' } });
    expect(again).toMatchObject({ id: s1.id, userId: 'u2', keys: { auth: 'bb' } });
    await h.store.pushSubscriptions.save(t, { userId: 'u2', endpoint: 'https://push.example/2', keys });
    expect((await h.store.pushSubscriptions.listForUser(t, 'u2')).length).toBe(2);
    expect(await h.store.pushSubscriptions.removeByEndpoint(t, 'https://push.example/2')).toBe(true);
    expect(await h.store.pushSubscriptions.remove(t, s1.id)).toBe(true);
    expect(await h.store.pushSubscriptions.listForUser(t, 'u2')).toEqual([]);
  });

  it('access policies and named locations: CRUD with Graph documents', async () => {
    const t = await h.tenant();
    const p = await h.store.accessPolicies.create(t, { displayName: 'Require compliant device', state: 'enabledForReportingButNotEnforced', graph: { conditions: {} } });
    expect((await h.store.accessPolicies.list(t, { state: 'enabled' }))).toEqual([]);
    expect((await h.store.accessPolicies.update(t, p.id, { state: 'enabled' }))?.state).toBe('enabled');
    expect((await h.store.accessPolicies.list(t, { state: 'enabled' })).length).toBe(1);
    expect((await h.store.accessPolicies.get(t, p.id))?.graph).toEqual({ conditions: {} });
    expect(await h.store.accessPolicies.delete(t, p.id)).toBe(true);
    const l = await h.store.namedLocations.create(t, { displayName: 'HQ', kind: 'ip', graph: { ipRanges: [{ cidrAddress: '10.0.0.0/8' }] } });
    expect((await h.store.namedLocations.update(t, l.id, { displayName: 'HQ2' }))?.displayName).toBe('HQ2');
    expect((await h.store.namedLocations.list(t)).map((x) => x.kind)).toEqual(['ip']);
    expect((await h.store.namedLocations.get(t, l.id))?.graph).toEqual({ ipRanges: [{ cidrAddress: '10.0.0.0/8' }] });
    expect(await h.store.namedLocations.delete(t, l.id)).toBe(true);
  });

  it('sign-in log: add, query by filters and time window, keyset pages newest first, prune', async () => {
    const t = await h.tenant();
    for (let i = 0; i < 12; i++) {
      await h.store.signIns.add(t, {
        id: `s${String(i).padStart(2, '0')}`, at: new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 2))).toISOString(), userId: i % 2 ? 'u1' : 'u2',
        appId: 'app', deviceId: i % 3 ? 'd1' : null, result: i % 4 ? 'grant' : 'block', reportOnlyResults: [{ policyId: 'p', result: 'block' }], decision: { reasons: ['x'] },
      });
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await h.store.signIns.query(t, { limit: 5, cursor });
      pages.push(page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat()).toEqual(['s11', 's10', 's09', 's08', 's07', 's06', 's05', 's04', 's03', 's02', 's01', 's00']);
    expect(pages.length).toBe(3);
    expect((await h.store.signIns.query(t, { userId: 'u1', result: 'block' })).items).toEqual([]);
    expect((await h.store.signIns.query(t, { result: 'block' })).items.map((e) => e.id)).toEqual(['s08', 's04', 's00']);
    expect((await h.store.signIns.query(t, { deviceId: 'd1', appId: 'app', from: '2026-01-01T00:02:00Z', to: '2026-01-01T00:04:00Z' })).items.map((e) => e.id)).toEqual(['s07', 's05', 's04']);
    const first = (await h.store.signIns.query(t, { limit: 1 })).items[0]!;
    expect(first).toMatchObject({ reportOnlyResults: [{ policyId: 'p', result: 'block' }], decision: { reasons: ['x'] } });
    await expect(h.store.signIns.query(t, { cursor: 'garbage!' })).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidCursor });
    // Any cursor text either pages or is refused as VERITY_STORE_INVALID_CURSOR; nothing else escapes.
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.json().map((j) => Buffer.from(j).toString('base64url')),
      fc.record({ a: fc.constantFrom('2026-01-01T00:03:00.000Z', 'x'), i: fc.string({ unit: 'binary' }) }).map((o) => Buffer.from(JSON.stringify(o)).toString('base64url'))), async (cursor) => {
      try { await h.store.signIns.query(t, { cursor, limit: 2 }); } catch (error) { expect(error).toMatchObject({ code: STORE_ERROR_CODES.invalidCursor, status: 400 }); }
    }), { numRuns: 60 });
    expect(await h.store.signIns.prune(t, '2026-01-01T00:03:00Z')).toBe(6);
  });

  it('settings: installation-wide key/value with set, setIfAbsent, keys, delete', async () => {
    const s = await h.fresh();
    expect(await s.settings.get('ca.key')).toBeUndefined();
    expect(await s.settings.setIfAbsent('ca.key', 'sealed-1')).toBe(true);
    expect(await s.settings.setIfAbsent('ca.key', 'sealed-2')).toBe(false);
    await s.settings.set('ca.cert', 'pem');
    await s.settings.set('ca.cert', 'pem2');
    expect(await s.settings.get('ca.cert')).toBe('pem2');
    expect(await s.settings.keys('ca.')).toEqual(['ca.cert', 'ca.key']);
    expect(await s.settings.delete('ca.cert')).toBe(true);
    expect(await s.settings.get('ca.key')).toBe('sealed-1');
  });
});
