import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, type DeviceIdentity } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

const METRICS_TOKEN = 'metrics-token-for-commands';
const LOCK_FAILED = 'loginctl lock-sessions exited with code 1: System has not been booted with systemd';

describe('device commands: at-least-once delivery, acknowledged results, and what the admin sees', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let device: DeviceIdentity;
  const checkin = (body: Record<string, unknown> = {}, who: DeviceIdentity = device) =>
    s.call('POST', '/api/v1/device/checkin', { device: who, body: { report: linuxReport({}, s.now().toISOString()), ...body } });

  beforeAll(async () => {
    s = await TestServer.start({ config: { metricsToken: METRICS_TOKEN, commandLeaseSeconds: 60 } });
    t = await s.tenant();
    device = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'lock-me' });
  });
  afterAll(async () => s.close());

  afterAll(() => s.setNow(null));

  it('offers a lock again after its lease when the answer carrying it was lost, until the agent reports its result', async () => {
    // A clock of our own from a minute after enrollment: lease arithmetic in round numbers.
    const base = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
    const at = (seconds: number) => new Date(base + seconds * 1000);
    s.setNow(at(0));
    const lock = await s.call('POST', `/api/v1/devices/${device.deviceId}/lock`, { token: t.adminToken, body: { reason: 'lost laptop' } });
    expect(lock.status).toBe(200);
    const commandId = lock.body.commandId as string;
    let view = await s.call('GET', `/api/v1/devices/${device.deviceId}/commands`, { token: t.adminToken });
    expect(view.body.items).toEqual([expect.objectContaining({ id: commandId, kind: 'lock', state: 'issued', deliveredAt: null, deliveries: 0 })]);

    // Delivered; the agent never sees this answer (the connection dropped).
    expect((await checkin()).body.commands.map((c: { id: string }) => c.id)).toEqual([commandId]);
    view = await s.call('GET', `/api/v1/devices/${device.deviceId}/commands`, { token: t.adminToken });
    expect(view.body.items[0]).toMatchObject({ state: 'delivered', deliveries: 1, deliveredAt: at(0).toISOString(), redeliverAfter: at(60).toISOString() });
    // Within the lease: not handed out twice.
    s.setNow(at(30));
    expect((await checkin()).body.commands).toEqual([]);
    // After it: offered again, same id (the agent runs an id once).
    s.setNow(at(90));
    expect((await checkin()).body.commands.map((c: { id: string }) => c.id)).toEqual([commandId]);
    s.setNow(at(300));
    const ack = await checkin({ commandResults: [{ commandId, status: 'failed', detail: LOCK_FAILED }] });
    expect(ack.status).toBe(200);
    expect(ack.body.commands).toEqual([]);

    view = await s.call('GET', `/api/v1/devices/${device.deviceId}/commands`, { token: t.adminToken });
    expect(view.body.items[0]).toMatchObject({ id: commandId, state: 'failed', deliveries: 2, completedAt: at(300).toISOString(), detail: LOCK_FAILED, redeliverAfter: null });
    // A failed lock is in the device's compliance view, and counted.
    const compliance = await s.call('GET', `/api/v1/devices/${device.deviceId}/compliance`, { token: t.adminToken });
    expect(compliance.body.failedLocks).toEqual([expect.objectContaining({ id: commandId, state: 'failed', detail: LOCK_FAILED })]);
    const metrics = await s.call('GET', '/metrics', { token: METRICS_TOKEN });
    expect(metrics.body).toMatch(/verity_device_command_results_total\{kind="lock",status="failed"\} 1/);
    s.setNow(null);
  });

  it('refuses a result for a command the device never received, and a replayed one, with nothing written', async () => {
    const other = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'other' });
    const othersLock = await s.call('POST', `/api/v1/devices/${other.deviceId}/lock`, { token: t.adminToken, body: {} });
    const mine = await s.call('POST', `/api/v1/devices/${device.deviceId}/lock`, { token: t.adminToken, body: {} });
    const before = (await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken })).body;
    const posturesBefore = (await s.call('GET', `/api/v1/devices/${device.deviceId}/posture`, { token: t.adminToken })).body.items.length;
    const changed = { 'firewall.enabled': { state: 'known', value: false, source: 'nft' } };
    for (const commandId of [othersLock.body.commandId, mine.body.commandId, 'never-issued-1']) {
      const res = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport(changed), commandResults: [{ commandId, status: 'succeeded' }] } });
      expect(res.status, commandId).toBe(409);
      expect(res.body.code).toBe('VERITY_COMMAND_RESULT_UNKNOWN');
      expect(res.body.errors).toEqual([{ path: '$.commandResults[0].commandId', message: expect.any(String) }]);
    }
    const after = (await s.call('GET', `/api/v1/devices/${device.deviceId}`, { token: t.adminToken })).body;
    expect(after.lastCheckinAt).toBe(before.lastCheckinAt);
    expect((await s.call('GET', `/api/v1/devices/${device.deviceId}/posture`, { token: t.adminToken })).body.items).toHaveLength(posturesBefore);
    const commands = (await s.call('GET', `/api/v1/devices/${device.deviceId}/commands`, { token: t.adminToken })).body.items;
    expect(commands.find((c: { id: string }) => c.id === mine.body.commandId)).toMatchObject({ state: 'issued' });

    // Delivered, answered once: a second answer (here a forged "succeeded") is a replay.
    const delivered = await checkin();
    expect(delivered.body.commands.map((c: { id: string }) => c.id)).toEqual([mine.body.commandId]);
    expect((await checkin({ commandResults: [{ commandId: mine.body.commandId, status: 'failed', detail: LOCK_FAILED }] })).status).toBe(200);
    const replay = await checkin({ commandResults: [{ commandId: mine.body.commandId, status: 'succeeded' }] });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('VERITY_COMMAND_RESULT_REPLAYED');
    expect((await s.call('GET', `/api/v1/devices/${device.deviceId}/commands`, { token: t.adminToken })).body.items
      .find((c: { id: string }) => c.id === mine.body.commandId)).toMatchObject({ state: 'failed', detail: LOCK_FAILED });
  });

  it('answers another tenant\'s or an out-of-scope device\'s commands as not found', async () => {
    const other = await s.tenant();
    const res = await s.call('GET', `/api/v1/devices/${device.deviceId}/commands`, { token: other.adminToken });
    expect([res.status, res.body.code]).toEqual([404, 'VERITY_DEVICE_NOT_FOUND']);
  });
});
