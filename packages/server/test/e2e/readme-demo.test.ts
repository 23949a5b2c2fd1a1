import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCompliancePolicy } from '@verity/core';
import { TestServer, linuxReport } from '../harness.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { eventually, startMailbox } from './compliance-fixtures.js';

// The policy the README's compliance walkthrough imports.
const DEMO_POLICY = JSON.parse(readFileSync(new URL('../../../../docs/examples/linux-demo-notify-and-lock.json', import.meta.url), 'utf8')) as Record<string, unknown>;
// The policy docs/gateway.md's worked example swaps in for it.
const FIREWALL_POLICY = JSON.parse(readFileSync(new URL('../../../../docs/examples/linux-firewall-required.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };

describe('the README compliance walkthrough: the e-mail and the lock, without losing the machine', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const hardwareIdentity = { productUuidHash: randomBytes(32).toString('hex'), machineIdHash: randomBytes(32).toString('hex') };
  const password = 'a long passphrase here';

  /** `npm run agent -- enroll --user alice@… --password-stdin`: a personal registration of this machine. */
  async function registerThisMachine() {
    const { keyPem, csrPem } = await createDeviceKeyAndCsr('vm');
    const res = await s.call('POST', '/api/v1/register', { body: { tenant: t.domain, username: `alice@${t.domain}`, password, csr: csrPem, device: { hostname: 'vm', platform: 'linux', hardwareIdentity } } });
    expect(res.status).toBe(201);
    return { keyPem, certPem: res.body.certificate as string, deviceId: res.body.deviceId as string, tenantId: res.body.tenantId as string, replaced: res.body.replacedDeviceIds as string[] };
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    s = await TestServer.start({ config: { schedulerIntervalMs: 25, smtpUrl: mailbox.url } });
    t = await s.tenant('Demo');
  });
  afterAll(async () => { await s.close(); await mailbox.close(); });

  it('the demo policy copy acts at once (mark noncompliant, e-mail, lock) and has no retire', () => {
    const { policy } = importCompliancePolicy(DEMO_POLICY);
    const actions = policy.scheduledActions.map((a) => [a.actionType, a.gracePeriodHours]);
    expect(actions.sort()).toEqual([['block', 0], ['notification', 0], ['remoteLock', 0]]);
  });

  it('imported and assigned, a failing check-in is noncompliant at once, mails the user, locks at the next check-in, and the device stays enrolled', async () => {
    const imported = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: DEMO_POLICY });
    expect(imported.status).toBe(201);
    const assigned = await s.call('POST', `/api/v1/compliance-policies/${imported.body.policy.id}/assign`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    expect(assigned.status).toBe(200);
    expect((await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `alice@${t.domain}`, displayName: 'Alice', password } })).status).toBe(201);

    const device = await registerThisMachine();
    const first = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff) } });
    expect(first.body.complianceState).toBe('noncompliant');
    const mail = await eventually(() => mailbox.mails.find((m) => m.to.includes(`alice@${t.domain}`)), 'the e-mail to Alice');
    expect(mail.text).toMatch(/firewall/i);
    const lock = await eventually(async () => {
      const next = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff) } });
      return next.body.commands?.find((c: { kind: string }) => c.kind === 'lock');
    }, 'the lock command');
    expect(lock.kind).toBe('lock');
    // More scheduler ticks: nothing retires the machine.
    await new Promise((r) => setTimeout(r, 300));
    const detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.actions.map((a: { actionType: string }) => a.actionType).sort()).toEqual(['block', 'notification', 'remoteLock']);
    expect((await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken })).body.status).toBe('active');
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff) } })).status).toBe(200);

    // Enrolling the machine again leaves one active record.
    const again = await registerThisMachine();
    expect(again.replaced).toEqual([device.deviceId]);
    expect((await s.call('GET', '/api/v1/devices/duplicates', { token: t.adminToken })).body.items).toEqual([]);
  });

  it('the gateway example swaps the demo policy for the firewall-only one: the device then follows its firewall alone', async () => {
    const demoId = DEMO_POLICY.id as string;
    expect((await s.call('DELETE', `/api/v1/compliance-policies/${demoId}/assignments`, { token: t.adminToken })).status).toBe(200);
    const imported = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: FIREWALL_POLICY });
    expect(imported.status).toBe(201);
    expect(imported.body.policy.id).toBe(FIREWALL_POLICY.id);
    expect((await s.call('POST', `/api/v1/compliance-policies/${FIREWALL_POLICY.id as string}/assign`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } })).status).toBe(200);
    const device = await registerThisMachine();
    // No disk encryption, no Secure Boot: only the firewall counts.
    const bare = { 'encryption.volumes': { state: 'known' as const, value: [{ mountPoint: '/', device: '/dev/sda1', encrypted: false, method: 'none', system: true }], source: 'test' }, 'secureBoot.enabled': { state: 'known' as const, value: false, source: 'test' } };
    const first = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(bare) } });
    expect(first.body.complianceState, JSON.stringify(first.body)).toBe('compliant');
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({ ...bare, ...firewallOff }) } })).body.complianceState).toBe('noncompliant');
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(bare) } })).body.complianceState).toBe('compliant');
  });
});
