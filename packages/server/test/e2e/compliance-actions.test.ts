import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { eventually, linuxPolicy, startMailbox, userWithDevice } from './compliance-fixtures.js';

const HOUR = 3_600_000;
const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft list ruleset' } };

describe('noncompliance actions: grace period, e-mail over SMTP, remote lock, cancel on return to compliance', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let policyId: string;
  let templateId: string;
  const start = new Date('2026-11-29T08:00:00.000Z');

  beforeAll(async () => {
    mailbox = await startMailbox();
    s = await TestServer.start({ config: { schedulerIntervalMs: 25, smtpUrl: mailbox.url, smtpFrom: 'Verity <it@example.com>' } });
    t = await s.tenant();
    s.setNow(start);
    const tpl = await s.call('POST', '/api/v1/notification-message-templates', {
      token: t.adminToken,
      body: {
        '@odata.type': '#microsoft.graph.notificationMessageTemplate', displayName: 'Noncompliant device', defaultLocale: 'en-US',
        localizedNotificationMessages: [
          { locale: 'en-US', subject: '{{DeviceName}} is not compliant', messageTemplate: 'Hello {{UserName}}, fix {{DeviceName}}:\n{{FailingSettings}}', isDefault: true },
          { locale: 'de-DE', subject: '{{DeviceName}} ist nicht konform', messageTemplate: 'Hallo {{UserName}}, bitte {{DeviceName}} reparieren:\n{{FailingSettings}}' },
        ],
      },
    });
    expect(tpl.status).toBe(201);
    templateId = tpl.body.id;
    const cc = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'helpdesk', memberKind: 'user' } });
    const helper = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `helpdesk@${t.domain}`, displayName: 'Help Desk' } });
    await s.call('PUT', `/api/v1/groups/${cc.body.id}/members/${helper.body.id}`, { token: t.adminToken });
    const imported = await s.call('POST', '/api/v1/compliance-policies', {
      token: t.adminToken,
      body: linuxPolicy([
        { actionType: 'block', gracePeriodHours: 24 },
        { actionType: 'notification', gracePeriodHours: 24, notificationTemplateId: templateId, notificationMessageCCList: [cc.body.id] },
        { actionType: 'remoteLock', gracePeriodHours: 48 },
      ]),
    });
    expect(imported.status).toBe(201);
    policyId = imported.body.policy.id;
    const assigned = await s.call('POST', `/api/v1/compliance-policies/${policyId}/assign`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } }] } });
    expect(assigned.status).toBe(200);
  });
  afterAll(async () => { await s.close(); await mailbox.close(); });

  it('puts a failing device in its grace period, then marks it noncompliant, mails the user (in their language), and locks it', async () => {
    const { device, upn } = await userWithDevice(s, t.adminToken, t.domain, { attributes: { preferredLanguage: 'de-DE' }, hostname: 'ada-laptop' });
    const first = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()) } });
    expect(first.body.complianceState).toBe('inGracePeriod');
    let detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.graceEndsAt).toBe(new Date(start.getTime() + 24 * HOUR).toISOString());
    expect(detail.body.actions.map((a: { actionType: string; status: string }) => `${a.actionType}:${a.status}`).sort()).toEqual(['block:pending', 'notification:pending', 'remoteLock:pending']);

    // A re-check-in during the grace period schedules nothing twice and keeps the episode.
    await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()) } });
    detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.actions).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 150));
    expect(mailbox.mails).toHaveLength(0);

    s.setNow(new Date(start.getTime() + 24 * HOUR + 1000));
    const mail = await eventually(() => mailbox.mails[0], 'the noncompliance e-mail');
    expect(mail.to).toContain(upn);
    expect(mail.to).toContain(`helpdesk@${t.domain}`);
    expect(mail.cc).toEqual([`helpdesk@${t.domain}`]);
    expect(mail.subject).toBe('ada-laptop ist nicht konform');
    expect(mail.text).toContain('Hallo Ada Lovelace');
    expect(mail.text).toMatch(/firewall/i);
    // {{FailingSettings}} is a list: one "- " item per failing setting, each ending as a sentence.
    const items = mail.text.split(/\r?\n/).filter((l: string) => l.startsWith('- '));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatch(/^- \S.*[.!?]$/);
    await eventually(async () => (await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken })).body.complianceState === 'noncompliant', 'the block action');

    s.setNow(new Date(start.getTime() + 48 * HOUR + 1000));
    await eventually(async () => {
      const d = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
      return d.body.actions.every((a: { status: string }) => a.status === 'done') || undefined;
    }, 'every action done');
    const lockCheckin = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()) } });
    const lock = lockCheckin.body.commands.find((c: { kind: string }) => c.kind === 'lock');
    expect(lock).toBeDefined();
    const ack = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()), commandResults: [{ commandId: lock.id, status: 'succeeded' }] } });
    expect(ack.body.commands).toEqual([]);

    // Exactly once: more ticks and check-ins send no second mail.
    await new Promise((r) => setTimeout(r, 200));
    expect(mailbox.mails).toHaveLength(1);
    const audit = await s.call('GET', '/api/v1/audit?limit=200', { token: t.adminToken });
    const actions = audit.body.items.filter((e: { action: string; targetId: string }) => e.action.startsWith('compliance.action.') && e.targetId === device.deviceId).map((e: { action: string; actorType: string }) => `${e.action}:${e.actorType}`);
    expect(actions.sort()).toEqual(['compliance.action.block:system', 'compliance.action.notification:system', 'compliance.action.remoteLock:system']);
  });

  it('cancels pending actions when the device returns to compliance within the grace period', async () => {
    s.setNow(start);
    const before = mailbox.mails.length;
    const { device } = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'bob-laptop' });
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()) } })).body.complianceState).toBe('inGracePeriod');
    s.setNow(new Date(start.getTime() + 2 * HOUR));
    expect((await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({}, s.now().toISOString()) } })).body.complianceState).toBe('compliant');
    const detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.actions.map((a: { status: string }) => a.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    s.setNow(new Date(start.getTime() + 72 * HOUR));
    await new Promise((r) => setTimeout(r, 200));
    expect(mailbox.mails.length).toBe(before);
    const d = await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken });
    expect(d.body.complianceState).toBe('compliant');
  });

  it('starts a new episode (new grace period) when the device fails again later', async () => {
    s.setNow(start);
    const { device } = await userWithDevice(s, t.adminToken, t.domain, { hostname: 'carol-laptop' });
    await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()) } });
    s.setNow(new Date(start.getTime() + HOUR));
    await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({}, s.now().toISOString()) } });
    s.setNow(new Date(start.getTime() + 10 * HOUR));
    const again = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff, s.now().toISOString()) } });
    expect(again.body.complianceState).toBe('inGracePeriod');
    const detail = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(detail.body.graceEndsAt).toBe(new Date(start.getTime() + 34 * HOUR).toISOString());
    expect(detail.body.actions.filter((a: { status: string }) => a.status === 'pending')).toHaveLength(3);
  });
});
