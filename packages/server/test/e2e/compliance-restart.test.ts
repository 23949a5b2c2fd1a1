// Crashes, not shutdowns: the server runs in a child process and is killed with SIGKILL, then a new
// one starts on the same data directory (same node), as after a power cut or an OOM kill.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { linuxReport } from '../harness.js';
import { startChildServer, type ChildServer } from '../child-process.js';
import { eventually, linuxPolicy, startMailbox, userWithDevice } from './compliance-fixtures.js';

const HOUR = 3_600_000;
/** Each test starts two server processes (tsx compiles each at start): on a loaded 2-core machine that alone can take 30 s. */
const CHILD_SERVERS_TIMEOUT_MS = 120_000;
const firewallOff = { 'firewall.enabled': { state: 'known' as const, value: false, source: 'nft' } };

async function assignedPolicy(s: ChildServer, adminToken: string, actions: Parameters<typeof linuxPolicy>[0]) {
  const policy = await s.call('POST', '/api/v1/compliance-policies', { token: adminToken, body: linuxPolicy(actions) });
  expect(policy.status).toBe(201);
  await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
}

describe('durable noncompliance actions across SIGKILL', () => {
  const dirs: string[] = [];
  const children: ChildServer[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill();
    for (const close of closers.splice(0)) await close();
  });
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  const dataDir = () => { const d = mkdtempSync(join(tmpdir(), 'verity-crash-')); dirs.push(d); return d; };

  it('runs an action scheduled before the server was killed exactly once after the restart', async () => {
    const mailbox = await startMailbox();
    closers.push(() => mailbox.close());
    const dir = dataDir();
    const config = { dataDir: dir, schedulerIntervalMs: 25, smtpUrl: mailbox.url };
    const first = await startChildServer({ config, tenant: { name: 'Acme', domain: 'crash-one.example.com' } });
    children.push(first);
    const t = first.tenant!;
    await assignedPolicy(first, t.adminToken, [{ actionType: 'block', gracePeriodHours: 1 }, { actionType: 'notification', gracePeriodHours: 1 }]);
    const { device, upn } = await userWithDevice(first, t.adminToken, t.domain);
    const checkin = await first.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff) } });
    expect(checkin.body.complianceState).toBe('inGracePeriod');
    await first.kill();
    expect(first.process.signalCode).toBe('SIGKILL');

    // An hour and a second later (the child's clock runs ahead by that much): the grace period is over.
    const second = await startChildServer({ config, clockOffsetMs: HOUR + 1000 });
    children.push(second);
    const mail = await eventually(() => mailbox.mails[0], 'the e-mail after the restart');
    expect(mail.to).toEqual([upn]);
    await eventually(async () => (await second.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken, insecure: true })).body.complianceState === 'noncompliant' || undefined, 'noncompliant after the restart');
    await new Promise((r) => setTimeout(r, 250));
    expect(mailbox.mails).toHaveLength(1);
    const detail = await second.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken, insecure: true });
    expect(detail.body.actions.map((a: { actionType: string; status: string; attempts: number }) => `${a.actionType} ${a.status}/${a.attempts}`).sort()).toEqual(['block done/1', 'notification done/1']);
  }, CHILD_SERVERS_TIMEOUT_MS);

  it('sends no second e-mail when killed right after SMTP took the message, and the restarted node takes its job back at once', async () => {
    let victim: ChildServer | undefined;
    // The mailbox kills the sender the moment the message is in, before answering 250.
    const mailbox = await startMailbox({ beforeAccept: async () => { await victim?.kill(); } });
    closers.push(() => mailbox.close());
    const dir = dataDir();
    const config = { dataDir: dir, schedulerIntervalMs: 25, smtpUrl: mailbox.url };
    victim = await startChildServer({ config, tenant: { name: 'Acme', domain: 'crash-two.example.com' } });
    children.push(victim);
    const t = victim.tenant!;
    await assignedPolicy(victim, t.adminToken, [{ actionType: 'notification', gracePeriodHours: 0 }]);
    const { device } = await userWithDevice(victim, t.adminToken, t.domain);
    expect((await victim.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(firewallOff) } })).status).toBe(200);
    const mail = await eventually(() => mailbox.mails[0], 'the e-mail the killed server handed over');
    await eventually(() => (victim!.process.signalCode === 'SIGKILL' ? true : undefined), 'the sender killed');
    expect(mail.messageId).toMatch(/^<noncompliance\..+@localhost>$/);
    victim = undefined;

    // The job's lease (5 minutes) has not expired: only the node taking back its own jobs lets it finish now.
    const started = Date.now();
    const restarted = await startChildServer({ config });
    children.push(restarted);
    const action = await eventually(async () => {
      const detail = await restarted.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
      const a = detail.body.actions.find((x: { actionType: string }) => x.actionType === 'notification');
      return a?.status === 'done' ? a : undefined;
    }, 'the notification job done after the restart', 20_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(action.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.mails).toHaveLength(1);
    const audit = await restarted.call('GET', '/api/v1/audit?action=compliance.action.notification', { token: t.adminToken });
    expect(audit.body.items).toEqual([expect.objectContaining({ details: expect.objectContaining({ outcome: 'unconfirmed', why: 'previous-attempt-interrupted', messageId: mail.messageId }) })]);
  });
});
