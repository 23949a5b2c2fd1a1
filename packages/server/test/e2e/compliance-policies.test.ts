import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { eventually, linuxPolicy, userWithDevice, windowsPolicy } from './compliance-fixtures.js';

const ALL_DEVICES = { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } };

describe('compliance policies API: import, export, assign, settings, evaluation', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  beforeAll(async () => {
    s = await TestServer.start({ config: { schedulerIntervalMs: 50, complianceSweepIntervalMs: 50 } });
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('imports a real Windows export: 201 with the report and the settings it cannot evaluate shown as not evaluated', async () => {
    const res = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: windowsPolicy() });
    expect(res.status).toBe(201);
    expect(res.body.policy).toMatchObject({ displayName: 'Windows - Corporate baseline', kind: 'windows10', platform: 'windows', version: 1 });
    expect(res.body.report.evaluated).toContain('osMinimumVersion');
    const got = await s.call('GET', `/api/v1/compliance-policies/${res.body.policy.id}`, { token: t.adminToken });
    expect(got.status).toBe(200);
    expect(got.body.notEvaluated.map((n: { setting: string }) => n.setting).sort()).toEqual(res.body.report.notEvaluated.map((n: { setting: string }) => n.setting).sort());
    const exported = await s.call('GET', `/api/v1/compliance-policies/${res.body.policy.id}/export`, { token: t.adminToken });
    expect(exported.body['@odata.type']).toBe('#microsoft.graph.windows10CompliancePolicy');
    expect(exported.body.id).toBe(res.body.policy.id);
    expect(exported.body.bitLockerEnabled).toBe(true);
    expect(exported.body.scheduledActionsForRule[0].scheduledActionConfigurations).toHaveLength(4);
  });

  it('dry run validates without storing (200)', async () => {
    const before = await s.call('GET', '/api/v1/compliance-policies', { token: t.adminToken });
    const res = await s.call('POST', '/api/v1/compliance-policies?dryRun=true', { token: t.adminToken, body: linuxPolicy() });
    expect(res.status).toBe(200);
    expect(res.body.policy).toMatchObject({ id: null, kind: 'linux', platform: 'linux' });
    expect(res.body.report.notEvaluated.map((n: { setting: string }) => n.setting)).toContain('linux_passwordpolicy_minimumdigits');
    const after = await s.call('GET', '/api/v1/compliance-policies', { token: t.adminToken });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('rejects bad input with problem+json naming the JSON path', async () => {
    const unknownType = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: { '@odata.type': '#microsoft.graph.fooCompliancePolicy', displayName: 'x' } });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.code).toBe('VERITY_COMPLIANCE_POLICY_UNSUPPORTED_TYPE');
    expect(unknownType.headers['content-type']).toContain('application/problem+json');

    const wrongType = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: { ...windowsPolicy(), passwordMinimumLength: 'twelve' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('VERITY_COMPLIANCE_POLICY_INVALID');
    expect(wrongType.body.errors ?? wrongType.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: '$.passwordMinimumLength' })]));

    // Intune accepts a minimum above the maximum: imported (dry run here) with a warning that no device can meet it.
    const contradictory = await s.call('POST', '/api/v1/compliance-policies?dryRun=true', { token: t.adminToken, body: { ...windowsPolicy(), osMinimumVersion: '10.0.22631', osMaximumVersion: '10.0.19045' } });
    expect(contradictory.status).toBe(200);
    expect(contradictory.body.report.normalised).toEqual([expect.objectContaining({ code: 'can-never-be-met', path: '$.osMinimumVersion' })]);

    const notJson = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, rawBody: '{"@odata.type": ', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);

    const badGroup = await s.call('POST', `/api/v1/compliance-policies/${(await s.call('GET', '/api/v1/compliance-policies', { token: t.adminToken })).body.items[0].id}/assignments`, {
      token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'no-such-group' } }] },
    });
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.code).toBe('VERITY_COMPLIANCE_ASSIGNMENT_INVALID');
    expect(JSON.stringify(badGroup.body)).toContain('$.assignments[0].target.groupId');

    const badSettings = await s.call('PATCH', '/api/v1/compliance-settings', { token: t.adminToken, body: { validityPeriodDays: 0 } });
    expect(badSettings.status).toBe(400);
    expect(JSON.stringify(badSettings.body)).toContain('validityPeriodDays');
  });

  it('validates message templates (Graph shape) and names the JSON path', async () => {
    const dup = await s.call('POST', '/api/v1/notification-message-templates', { token: t.adminToken, body: { displayName: 'x', localizedNotificationMessages: [
      { locale: 'en-US', subject: 's', messageTemplate: 'b' }, { locale: 'en-us', subject: 's', messageTemplate: 'b' }] } });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.body)).toContain('$.localizedNotificationMessages[1].locale');
    const noDefault = await s.call('POST', '/api/v1/notification-message-templates', { token: t.adminToken, body: { displayName: 'x', defaultLocale: 'fr-FR', localizedNotificationMessages: [{ locale: 'en-US', subject: 's', messageTemplate: 'b' }] } });
    expect(noDefault.status).toBe(400);
    expect(noDefault.body.code).toBe('VERITY_NOTIFICATION_TEMPLATE_INVALID');
    const ok = await s.call('POST', '/api/v1/notification-message-templates', { token: t.adminToken, body: { displayName: 'x', localizedNotificationMessages: [{ locale: 'de-DE', subject: 's', messageTemplate: 'b', isDefault: true }] } });
    expect(ok.status).toBe(201);
    expect(ok.body.defaultLocale).toBe('de-DE');
    const patched = await s.call('PATCH', `/api/v1/notification-message-templates/${ok.body.id}`, { token: t.adminToken, body: { displayName: 'renamed' } });
    expect(patched.body).toMatchObject({ displayName: 'renamed', defaultLocale: 'de-DE' });
  });

  it('lets a read-only admin read policies but not change them', async () => {
    const ro = await s.call('POST', '/api/v1/api-tokens', { token: t.adminToken, body: { name: 'ro', role: 'readOnly' } });
    if (ro.status !== 201) return expect.fail(`token: ${ro.status} ${JSON.stringify(ro.body)}`);
    expect((await s.call('GET', '/api/v1/compliance-policies', { token: ro.body.token })).status).toBe(200);
    const denied = await s.call('POST', '/api/v1/compliance-policies', { token: ro.body.token, body: windowsPolicy() });
    expect(denied.status).toBe(403);
  });

  it('shows another tenant\'s policy as not found', async () => {
    const other = await s.tenant('Other');
    const mine = (await s.call('GET', '/api/v1/compliance-policies', { token: t.adminToken })).body.items[0];
    const res = await s.call('GET', `/api/v1/compliance-policies/${mine.id}`, { token: other.adminToken });
    expect(res.status).toBe(404);
  });

  it('edits tenant compliance settings and shows them', async () => {
    const patched = await s.call('PATCH', '/api/v1/compliance-settings', { token: t.adminToken, body: { validityPeriodDays: 14 } });
    expect(patched.status).toBe(200);
    const got = await s.call('GET', '/api/v1/compliance-settings', { token: t.adminToken });
    expect(got.body).toEqual({ noPolicyAssignedState: 'compliant', validityPeriodDays: 14 });
  });

  it('evaluates a Linux device on check-in for the right reasons, and re-evaluates at once on policy and assignment changes', async () => {
    const { device } = await userWithDevice(s, t.adminToken, t.domain);
    const imported = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy() });
    expect(imported.status).toBe(201);
    const policyId = imported.body.policy.id as string;

    // Unassigned: the tenant default (compliant) applies.
    const first = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({ 'firewall.enabled': { state: 'known', value: false, source: 'nft' } }) } });
    expect(first.status).toBe(200);
    expect(first.body.complianceState).toBe('compliant');
    let detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.reasons.map((r: { code: string }) => r.code)).toContain('no-policy-assigned');

    // Assigning re-evaluates immediately: the firewall is off, block has no grace -> noncompliant.
    const assigned = await s.call('POST', `/api/v1/compliance-policies/${policyId}/assignments`, { token: t.adminToken, body: { assignments: [ALL_DEVICES] } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.value[0].target['@odata.type']).toBe('#microsoft.graph.allDevicesAssignmentTarget');
    detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.state).toBe('noncompliant');
    const failing = detail.body.policies[0].settings.filter((x: { state: string }) => x.state === 'noncompliant');
    expect(failing.map((x: { code: string }) => x.code)).toEqual(['firewall-disabled']);
    expect(failing[0].remediation).toEqual(expect.any(String));
    expect(detail.body.policies[0].notEvaluated.map((n: { setting: string }) => n.setting)).toContain('linux_passwordpolicy_minimumdigits');

    // The agent's status shows the same.
    const status = await s.call('GET', '/api/v1/device/status', { device });
    expect(status.body.compliance.state).toBe('noncompliant');
    expect(status.body.compliance.policies[0].settings.some((x: { code: string; remediation: string }) => x.code === 'firewall-disabled' && x.remediation)).toBe(true);

    // Fixing the firewall and checking in makes it compliant.
    const fixed = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    expect(fixed.body.complianceState).toBe('compliant');

    // Editing the policy (Ubuntu 24.04 minimum) re-evaluates at once: 22.04 is too old now.
    const edited = await s.call('PUT', `/api/v1/compliance-policies/${policyId}`, { token: t.adminToken, body: linuxPolicy(undefined, '24.04'), headers: { 'if-match': '"1"' } });
    expect(edited.status).toBe(200);
    expect(edited.body.policy.version).toBe(2);
    detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.state).toBe('noncompliant');
    expect(detail.body.policies[0].settings.find((x: { state: string }) => x.state === 'noncompliant').code).toBe('distribution-version-too-low');
    const stale = await s.call('PUT', `/api/v1/compliance-policies/${policyId}`, { token: t.adminToken, body: linuxPolicy(), headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);

    // Excluding the device's group wins over "all devices".
    const g = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'excluded', memberKind: 'device' } });
    await s.call('PUT', `/api/v1/groups/${g.body.id}/members/${device.deviceId}`, { token: t.adminToken });
    const excl = await s.call('POST', `/api/v1/compliance-policies/${policyId}/assignments`, { token: t.adminToken, body: { assignments: [ALL_DEVICES, { target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: g.body.id } }] } });
    expect(excl.status).toBe(200);
    detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.state).toBe('compliant');

    // Tenant setting "no policy assigned = noncompliant" applies at once.
    await s.call('PATCH', '/api/v1/compliance-settings', { token: t.adminToken, body: { noPolicyAssignedState: 'noncompliant' } });
    detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.state).toBe('noncompliant');
    await s.call('PATCH', '/api/v1/compliance-settings', { token: t.adminToken, body: { noPolicyAssignedState: 'compliant' } });

    // Validity period: no check-in for longer than 14 days -> noncompliant (the sweep or next evaluation).
    s.setNow(new Date(Date.now() + 15 * 86_400_000));
    const risk = await s.call('POST', `/api/v1/devices/${device.deviceId}/risk`, { token: t.adminToken, body: { riskLevel: 'low' } });
    expect(risk.status).toBe(200);
    expect(risk.body.complianceState).toBe('noncompliant');
    detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.reasons.map((r: { code: string }) => r.code)).toContain('check-in-expired');
    s.setNow(null);

    const audit = await s.call('GET', '/api/v1/audit?action=compliance.policy.assign', { token: t.adminToken });
    expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('marks a device that stopped checking in noncompliant after the validity period, without any call (sweep)', async () => {
    const other = await s.tenant('Quiet');
    const { device } = await userWithDevice(s, other.adminToken, other.domain, { hostname: 'quiet-1' });
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } })).body.complianceState).toBe('compliant');
    s.setNow(new Date(Date.now() + 31 * 86_400_000));
    try {
      await eventually(async () => (await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: other.adminToken })).body.reasons?.some((r: { code: string }) => r.code === 'check-in-expired') || undefined, 'the validity sweep');
      expect((await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: other.adminToken })).body.complianceState).toBe('noncompliant');
    } finally {
      s.setNow(null);
    }
  });

  it('publishes device.compliance.changed when the state changes', async () => {
    const seen: { deviceId: unknown; state: unknown }[] = [];
    const off = s.server.ctx.events.subscribe('device.compliance.changed', (e) => { seen.push({ deviceId: e.payload.deviceId, state: e.payload.state }); });
    const { device } = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'events-1' });
    await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    await new Promise((r) => setTimeout(r, 20));
    off();
    // The tenant's Linux policy now wants Ubuntu 24.04; the report says 22.04.
    expect(seen).toContainEqual({ deviceId: device.deviceId, state: 'noncompliant' });
  });
});
