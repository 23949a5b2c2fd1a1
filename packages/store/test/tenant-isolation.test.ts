import { expect, it } from 'vitest';
import { describeEachDialect } from './dialects.js';
import { isForeignKeyViolation } from '../src/index.js';

/**
 * For every repository: data written in tenant A is invisible to tenant B, and B's updates and
 * deletes aimed at A's ids have no effect. (Another tenant's row is simply "not found".)
 */
describeEachDialect('tenant isolation', (h) => {
  const at = '2026-01-01T00:00:00Z';

  it('users, groups, roles, tokens, sessions', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const s = h.store;
    const u = await s.users.create(a, { userPrincipalName: 'x@a.test', displayName: 'X' });
    expect(await s.users.get(b, u.id)).toBeUndefined();
    expect(await s.users.findByUpn(b, 'x@a.test')).toBeUndefined();
    expect(await s.users.list(b)).toEqual([]);
    expect(await s.users.update(b, u.id, { displayName: 'hacked' })).toBeUndefined();
    expect(await s.users.delete(b, u.id)).toBe(false);
    expect((await s.users.get(a, u.id))?.displayName).toBe('X');

    const g = await s.groups.create(a, { displayName: 'G', memberKind: 'device' });
    await s.groups.addMembers(a, g.id, ['m1']);
    expect(await s.groups.get(b, g.id)).toBeUndefined();
    expect(await s.groups.list(b)).toEqual([]);
    expect(await s.groups.update(b, g.id, { displayName: 'hacked' })).toBeUndefined();
    expect(await s.groups.addMembers(b, g.id, ['m2'])).toBe(0);
    expect(await s.groups.removeMembers(b, g.id, ['m1'])).toBe(0);
    expect(await s.groups.replaceDynamicMembers(b, g.id, ['m3'])).toEqual({ added: 0, removed: 0 });
    expect(await s.groups.listMembers(b, g.id)).toEqual([]);
    expect(await s.groups.groupsOfMember(b, 'm1')).toEqual([]);
    expect(await s.groups.delete(b, g.id)).toBe(false);
    expect((await s.groups.listMembers(a, g.id)).map((m) => m.memberId)).toEqual(['m1']);

    const r = await s.roles.assign(a, { userId: u.id, role: 'globalAdmin' });
    expect(await s.roles.get(b, r.id)).toBeUndefined();
    expect(await s.roles.list(b)).toEqual([]);
    expect(await s.roles.update(b, r.id, { role: 'readOnly' })).toBeUndefined();
    expect(await s.roles.remove(b, r.id)).toBe(false);
    expect((await s.roles.get(a, r.id))?.role).toBe('globalAdmin');

    const tok = await s.apiTokens.create(a, { name: 't', tokenHash: `${a}-tok`, role: 'readOnly' });
    expect(await s.apiTokens.get(b, tok.id)).toBeUndefined();
    expect(await s.apiTokens.list(b)).toEqual([]);
    expect(await s.apiTokens.touch(b, tok.id, at)).toBe(false);
    expect(await s.apiTokens.revoke(b, tok.id, at)).toBe(false);
    expect(await s.apiTokens.delete(b, tok.id)).toBe(false);
    expect((await s.apiTokens.get(a, tok.id))?.revokedAt).toBeNull();

    const ses = await s.sessions.create(a, { userId: u.id, tokenHash: `${a}-ses`, kind: 'portal', expiresAt: '2026-02-01T00:00:00Z' });
    expect(await s.sessions.get(b, ses.id)).toBeUndefined();
    expect(await s.sessions.listForUser(b, u.id)).toEqual([]);
    expect(await s.sessions.revoke(b, ses.id, at)).toBe(false);
    expect(await s.sessions.revokeAllForUser(b, u.id, at)).toBe(0);
    expect(await s.sessions.deleteExpired(b, '2030-01-01T00:00:00Z')).toBe(0);
    expect((await s.sessions.get(a, ses.id))?.revokedAt).toBeNull();
  });

  it('enrollment profiles, devices, certificates, posture, compliance, commands', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const s = h.store;
    const p = await s.enrollmentProfiles.create(a, { name: 'p', tokenHash: `${a}-enr`, expiresAt: '2027-01-01T00:00:00Z' });
    expect(await s.enrollmentProfiles.get(b, p.id)).toBeUndefined();
    expect(await s.enrollmentProfiles.list(b)).toEqual([]);
    expect(await s.enrollmentProfiles.update(b, p.id, { name: 'hacked' })).toBeUndefined();
    expect(await s.enrollmentProfiles.revoke(b, p.id, at)).toBe(false);
    expect(await s.enrollmentProfiles.delete(b, p.id)).toBe(false);
    expect((await s.enrollmentProfiles.get(a, p.id))?.revokedAt).toBeNull();

    const d = await s.devices.create(a, { displayName: 'PC', platform: 'windows', ownership: 'corporate', joinType: 'joined', serialNumber: 'S1' });
    expect(await s.devices.get(b, d.id)).toBeUndefined();
    expect(await s.devices.findBySerialNumber(b, 'S1')).toBeUndefined();
    expect((await s.devices.list(b)).items).toEqual([]);
    expect(await s.devices.count(b)).toBe(0);
    expect(await s.devices.update(b, d.id, { displayName: 'hacked' })).toBeUndefined();
    expect(await s.devices.recordCheckin(b, d.id, { osVersion: 'x' }, at)).toBeUndefined();
    expect(await s.devices.setStatus(b, d.id, 'revoked')).toBeUndefined();
    expect(await s.devices.setComplianceState(b, d.id, 'noncompliant', at)).toBeUndefined();
    expect(await s.devices.setRiskLevel(b, d.id, 'high')).toBeUndefined();
    expect(await s.devices.staleDevices(b, '2030-01-01T00:00:00Z')).toEqual([]);
    expect(await s.devices.delete(b, d.id)).toBe(false);
    expect(await s.devices.get(a, d.id)).toMatchObject({ displayName: 'PC', status: 'active', complianceState: 'unknown' });

    await s.certificates.add(a, { serial: `${a}-c`, deviceId: d.id, fingerprint256: 'f', notBefore: at, notAfter: '2027-01-01T00:00:00Z', certPem: 'p' });
    expect(await s.certificates.get(b, `${a}-c`)).toBeUndefined();
    expect(await s.certificates.listForDevice(b, d.id)).toEqual([]);
    expect(await s.certificates.supersedeOthers(b, d.id, 'x')).toBe(0);
    expect(await s.certificates.revoke(b, `${a}-c`, at)).toBe(false);
    expect(await s.certificates.revokeAllForDevice(b, d.id, at)).toBe(0);
    expect((await s.certificates.get(a, `${a}-c`))?.status).toBe('active');
    // A device id of tenant A cannot be used to attach data in tenant B (composite foreign key).
    const refused = async (write: Promise<unknown>) => write.then(() => undefined, (e: unknown) => e);
    const certificateError = await refused(s.certificates.add(b, { serial: `${b}-c`, deviceId: d.id, fingerprint256: 'f', notBefore: at, notAfter: at, certPem: 'p' }));
    const postureError = await refused(s.posture.add(b, { deviceId: d.id, collectedAt: at, report: {} }));
    // The composite (tenant_id, device_id) foreign key refuses both, nothing else (not a unique or a type error).
    expect(isForeignKeyViolation(certificateError), String(certificateError)).toBe(true);
    expect(isForeignKeyViolation(postureError), String(postureError)).toBe(true);
    expect(await s.certificates.listForDevice(b, d.id)).toEqual([]);

    await s.posture.add(a, { deviceId: d.id, collectedAt: at, report: { r: 1 } });
    expect(await s.posture.latest(b, d.id)).toBeUndefined();
    expect(await s.posture.history(b, d.id)).toEqual([]);
    expect(await s.posture.prune(b, 1)).toBe(0);
    expect(await s.posture.latest(a, d.id)).toBeDefined();

    await s.deviceCompliance.put(a, d.id, 'compliant', {}, at);
    expect(await s.deviceCompliance.get(b, d.id)).toBeUndefined();
    expect(await s.deviceCompliance.delete(b, d.id)).toBe(false);
    expect((await s.deviceCompliance.get(a, d.id))?.state).toBe('compliant');

    const c = await s.commands.enqueue(a, { deviceId: d.id, kind: 'lock' });
    expect(await s.commands.get(b, c.command.id)).toBeUndefined();
    expect(await s.commands.listForDevice(b, d.id)).toEqual([]);
    expect(await s.commands.pendingFor(b, d.id)).toEqual([]);
    expect(await s.commands.complete(b, d.id, c.command.id, 'succeeded', null, at)).toBeUndefined();
    expect((await s.commands.get(a, c.command.id))?.status).toBe('pending');
  });

  it('policies, assignments, jobs, templates, push, access, locations, sign-ins, audit', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const s = h.store;
    const cp = await s.compliancePolicies.create(a, { displayName: 'c', kind: 'k', platform: 'windows', graph: {}, normalized: {} });
    expect(await s.compliancePolicies.get(b, cp.id)).toBeUndefined();
    expect(await s.compliancePolicies.list(b)).toEqual([]);
    expect(await s.compliancePolicies.update(b, cp.id, { displayName: 'hacked' })).toBeUndefined();
    expect(await s.compliancePolicies.delete(b, cp.id)).toBe(false);
    expect((await s.compliancePolicies.get(a, cp.id))?.version).toBe(1);

    const as = await s.assignments.add(a, { policyType: 'compliance', policyId: cp.id, targetType: 'allDevices' });
    expect(await s.assignments.listForPolicy(b, 'compliance', cp.id)).toEqual([]);
    expect(await s.assignments.listAll(b, 'compliance')).toEqual([]);
    await s.assignments.replaceForPolicy(b, 'compliance', cp.id, []);
    expect(await s.assignments.remove(b, as.id)).toBe(false);
    expect((await s.assignments.listForPolicy(a, 'compliance', cp.id)).length).toBe(1);

    const { job } = await s.jobs.schedule(a, { kind: 'k', dedupeKey: 'k1', payload: {}, runAt: '2099-01-01T00:00:00Z', deviceId: 'd' });
    expect(await s.jobs.get(b, job.id)).toBeUndefined();
    expect(await s.jobs.list(b)).toEqual([]);
    expect(await s.jobs.complete(b, job.id, 'w')).toBe(false);
    expect(await s.jobs.fail(b, job.id, 'w', 'e', null)).toBe(false);
    expect(await s.jobs.cancel(b, job.id)).toBe(false);
    expect(await s.jobs.cancelForDevice(b, 'd')).toBe(0);
    expect((await s.jobs.schedule(b, { kind: 'k', dedupeKey: 'k1', payload: {}, runAt: at })).created).toBe(true);
    expect((await s.jobs.get(a, job.id))?.status).toBe('pending');

    const mt = await s.messageTemplates.create(a, { displayName: 'm', defaultLocale: 'en-US', messages: [] });
    expect(await s.messageTemplates.get(b, mt.id)).toBeUndefined();
    expect(await s.messageTemplates.list(b)).toEqual([]);
    expect(await s.messageTemplates.update(b, mt.id, { displayName: 'hacked' })).toBeUndefined();
    expect(await s.messageTemplates.delete(b, mt.id)).toBe(false);

    const ps = await s.pushSubscriptions.save(a, { userId: 'u', endpoint: 'https://p/1', keys: { p256dh: 'k', auth: 'a' } });
    expect(await s.pushSubscriptions.listForUser(b, 'u')).toEqual([]);
    expect(await s.pushSubscriptions.remove(b, ps.id)).toBe(false);
    expect(await s.pushSubscriptions.removeByEndpoint(b, 'https://p/1')).toBe(false);
    expect((await s.pushSubscriptions.listForUser(a, 'u')).length).toBe(1);

    const ap = await s.accessPolicies.create(a, { displayName: 'a', state: 'enabled', graph: {} });
    expect(await s.accessPolicies.get(b, ap.id)).toBeUndefined();
    expect(await s.accessPolicies.list(b)).toEqual([]);
    expect(await s.accessPolicies.update(b, ap.id, { state: 'disabled' })).toBeUndefined();
    expect(await s.accessPolicies.delete(b, ap.id)).toBe(false);
    const nl = await s.namedLocations.create(a, { displayName: 'n', kind: 'country', graph: {} });
    expect(await s.namedLocations.get(b, nl.id)).toBeUndefined();
    expect(await s.namedLocations.list(b)).toEqual([]);
    expect(await s.namedLocations.update(b, nl.id, { displayName: 'hacked' })).toBeUndefined();
    expect(await s.namedLocations.delete(b, nl.id)).toBe(false);
    expect((await s.accessPolicies.get(a, ap.id))?.state).toBe('enabled');

    await s.signIns.add(a, { at, userId: 'u', result: 'grant', decision: {} });
    expect((await s.signIns.query(b, {})).items).toEqual([]);
    expect(await s.signIns.prune(b, '2099-01-01T00:00:00Z')).toBe(0);
    expect((await s.signIns.query(a, {})).items.length).toBe(1);

    await s.audit.append(a, { actorType: 'system', action: 'x' });
    expect(await s.audit.list(b)).toEqual([]);
    expect(await s.audit.verify(b)).toEqual({ ok: true, count: 0, head: null, keyedFrom: null });
  });
});
