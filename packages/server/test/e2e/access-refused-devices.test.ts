import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

const P = '/api/v1/conditional-access/policies';
const WHAT_IF = '/api/v1/conditional-access/what-if';
const CRM = 'c0ffee00-0000-4000-8000-00000000c7a1';

/** Corporate-joined (hybrid joined) devices only: the control a revoked corporate device used to satisfy. */
const joinedDeviceForCrm = {
  id: 'crm-joined-device', displayName: 'CRM requires a corporate-joined device', state: 'enabled',
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [CRM] }, clientAppTypes: ['all'] },
  grantControls: { operator: 'OR', builtInControls: ['domainJoinedDevice', 'compliantDevice'] },
};

describe('revoked, retired and deleted devices satisfy no device control', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let alice: { id: string; userPrincipalName: string };

  /** A device enrolled through the real endpoint (corporate join) that checked in compliant. */
  async function compliantJoinedDevice(hostname: string): Promise<string> {
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname });
    const checkin = await s.call('POST', '/api/v1/device/checkin', { device, body: { report: linuxReport() } });
    expect(checkin.status).toBe(200);
    return device.deviceId;
  }

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    alice = (await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `alice@${t.domain}`, displayName: 'Alice' } })).body;
    expect((await s.call('POST', P, { token: t.adminToken, body: joinedDeviceForCrm })).status).toBe(201);
  });
  afterAll(async () => s.close());

  it('what-if for a revoked corporate-joined device is refused, with the revocation as the first reason', async () => {
    const id = await compliantJoinedDevice('revoked-laptop');
    const before = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: id } });
    expect(before.body.result).toBe('grant');
    expect((await s.call('POST', `/api/v1/devices/${id}/revoke`, { token: t.adminToken, body: { reason: 'lost' } })).status).toBe(200);

    const res = await s.call('POST', WHAT_IF, { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: id } });
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('controlsRequired');
    expect(res.body.reasons[0]).toMatchObject({ code: 'device-revoked' });
    expect(res.body.reasons[0].message).toContain(id);
    expect(res.body.missingControls.map((c: { control: string }) => c.control)).toEqual(['anyOf(compliantDevice,domainJoinedDevice)']);
    expect(res.body.signIn.device).toBeNull();
    expect(res.body.signIn.deviceRefusal).toMatchObject({ deviceId: id, reason: 'device-revoked' });
  });

  it('the decision API refuses a retired device and the sign-in log keeps the device and the reason', async () => {
    const id = await compliantJoinedDevice('retired-laptop');
    expect((await s.call('POST', `/api/v1/devices/${id}/retire`, { token: t.adminToken })).status).toBe(200);
    const res = await s.call('POST', '/api/v1/access/decide', { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: id } });
    expect(res.body.result).toBe('controlsRequired');
    expect(res.body.reasons[0].code).toBe('device-retired');
    const log = await s.call('GET', `/api/v1/sign-ins?deviceId=${id}`, { token: t.adminToken });
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ id: res.body.signInId, deviceId: id, result: 'controlsRequired' });
    expect(log.body.items[0].decision.reasons[0].code).toBe('device-retired');
    expect(log.body.items[0].decision.input).toMatchObject({ device: null, deviceRefusal: { deviceId: id, reason: 'device-retired' } });
  });

  it('what-if for a deleted device id answers 404 VERITY_DEVICE_NOT_FOUND naming $.deviceId', async () => {
    const id = await compliantJoinedDevice('deleted-laptop');
    expect((await s.call('DELETE', `/api/v1/devices/${id}`, { token: t.adminToken })).status).toBe(204);
    for (const url of [WHAT_IF, '/api/v1/access/decide']) {
      const res = await s.call('POST', url, { token: t.adminToken, body: { user: alice.id, appId: CRM, deviceId: id } });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('VERITY_DEVICE_NOT_FOUND');
      expect(res.body.errors[0].path).toBe('$.deviceId');
    }
  });
});
