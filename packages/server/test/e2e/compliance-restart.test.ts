import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestServer, linuxReport } from '../harness.js';
import { eventually, linuxPolicy, startMailbox, userWithDevice } from './compliance-fixtures.js';

const HOUR = 3_600_000;

describe('durable scheduler: an action scheduled before a restart runs exactly once after it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verity-restart-'));
  let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
  afterAll(async () => { await mailbox?.close(); rmSync(dataDir, { recursive: true, force: true }); });

  it('survives the server being killed between scheduling and execution', async () => {
    mailbox = await startMailbox();
    const config = { schedulerIntervalMs: 25, smtpUrl: mailbox.url };
    const start = new Date('2026-11-29T08:00:00.000Z');

    const first = await TestServer.start({ dataDir, config });
    first.setNow(start);
    const t = await first.tenant();
    const policy = await first.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy([{ actionType: 'block', gracePeriodHours: 1 }, { actionType: 'notification', gracePeriodHours: 1 }]) });
    await first.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    const { device, upn } = await userWithDevice(first, t.adminToken, t.domain);
    const checkin = await first.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport({ 'firewall.enabled': { state: 'known', value: false, source: 'nft' } }) } });
    expect(checkin.body.complianceState).toBe('inGracePeriod');
    await first.close();

    const second = await TestServer.start({ dataDir, config });
    try {
      second.setNow(new Date(start.getTime() + HOUR + 1000));
      const mail = await eventually(() => mailbox!.mails[0], 'the e-mail after restart');
      expect(mail.to).toEqual([upn]);
      await eventually(async () => (await second.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken })).body.complianceState === 'noncompliant', 'noncompliant after restart');
      await new Promise((r) => setTimeout(r, 250));
      expect(mailbox.mails).toHaveLength(1);
      const detail = await second.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
      expect(detail.body.actions.map((a: { status: string; attempts: number }) => `${a.status}/${a.attempts}`)).toEqual(['done/1', 'done/1']);
    } finally {
      await second.close();
    }
  });
});
