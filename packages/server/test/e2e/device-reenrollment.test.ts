import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, openTestStore, type DeviceIdentity } from '../harness.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';

const hex = () => randomBytes(32).toString('hex');
type Hardware = { productUuidHash?: string; machineIdHash?: string };

const dialects = ['sqlite', ...(process.env.VERITY_TEST_POSTGRES_URL ? ['postgres' as const] : [])] as const;

for (const dialect of dialects) {
  describe(`re-enrollment of the same machine [${dialect}]`, () => {
    let s: TestServer;
    let t: TenantBootstrap;
    let token: string;
    const password = 'correct horse battery staple';

    beforeAll(async () => {
      s = await TestServer.start(dialect === 'postgres' ? { store: await openTestStore('postgres') } : {});
      t = await s.tenant();
      token = await enrollmentToken(s, t.adminToken);
      for (const name of ['alice', 'bob'])
        expect((await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: `${name}@${t.domain}`, displayName: name, password } })).status).toBe(201);
    });
    afterAll(async () => {
      const store = dialect === 'postgres' ? s.server.ctx.store : undefined;
      await s.close();
      await store?.close();
    });

    async function enroll(hardwareIdentity: Hardware | undefined, as: { user?: string } = {}): Promise<DeviceIdentity & { status: number; body: any }> {
      const { keyPem, csrPem } = await createDeviceKeyAndCsr('this-machine');
      const device = { hostname: 'this-machine', platform: 'linux', ...(hardwareIdentity ? { hardwareIdentity } : {}) };
      const res = as.user
        ? await s.call('POST', '/api/v1/register', { body: { tenant: t.domain, username: `${as.user}@${t.domain}`, password, csr: csrPem, device } })
        : await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: token, csr: csrPem, device } });
      return { status: res.status, body: res.body, keyPem, certPem: res.body.certificate, deviceId: res.body.deviceId, tenantId: res.body.tenantId };
    }
    const device = async (id: string) => (await s.call('GET', `/api/v1/devices/${id}`, { token: t.adminToken })).body;

    it('enrolling the same machine again retires the old record: certificates revoked, audited, no duplicate left', async () => {
      const machine = { productUuidHash: hex(), machineIdHash: hex() };
      const first = await enroll(machine);
      expect(first.status).toBe(201);
      expect(first.body.replacedDeviceIds).toEqual([]);
      // Reinstalled OS: a new machine-id, the same firmware UUID.
      const second = await enroll({ productUuidHash: machine.productUuidHash, machineIdHash: hex() });
      expect(second.status).toBe(201);
      expect(second.body.replacedDeviceIds).toEqual([first.deviceId]);
      expect(await device(first.deviceId)).toMatchObject({ status: 'retired', replacedByDeviceId: second.deviceId, certificates: [expect.objectContaining({ status: 'revoked' })] });
      expect(await device(second.deviceId)).toMatchObject({ status: 'active', hardwareIdentity: { productUuidHash: machine.productUuidHash } });
      const refused = await s.call('POST', '/api/v1/device/checkin', { device: first, body: { report: linuxReport() } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('VERITY_DEVICE_RETIRED');
      expect((await s.call('POST', '/api/v1/device/checkin', { device: second, body: { report: linuxReport() } })).status).toBe(200);
      const audit = (await s.call('GET', '/api/v1/audit?limit=20', { token: t.adminToken })).body.items as { action: string; targetId: string; details: Record<string, unknown> }[];
      expect(audit.find((e) => e.action === 'device.retire' && e.targetId === first.deviceId)?.details).toMatchObject({ reason: 're-enrolled', replacedBy: second.deviceId });
      const duplicates = await s.call('GET', '/api/v1/devices/duplicates', { token: t.adminToken });
      expect(duplicates.status).toBe(200);
      expect(duplicates.body.items.flatMap((g: { devices: { id: string }[] }) => g.devices.map((d) => d.id))).not.toContain(second.deviceId);
    });

    it('cloned VMs (same machine-id, different firmware UUIDs) and machines without an identity are separate devices', async () => {
      const machineIdHash = hex();
      const a = await enroll({ productUuidHash: hex(), machineIdHash });
      const b = await enroll({ productUuidHash: hex(), machineIdHash });
      expect(b.body.replacedDeviceIds).toEqual([]);
      const c = await enroll(undefined);
      const d = await enroll(undefined);
      expect(d.body.replacedDeviceIds).toEqual([]);
      for (const x of [a, b, c, d]) expect((await device(x.deviceId)).status).toBe('active');
    });

    it('a personal registration replaces the same user\'s record only; the rest is listed as duplicates', async () => {
      const machine = { machineIdHash: hex() };
      const corporate = await enroll(machine);
      const alice1 = await enroll(machine, { user: 'alice' });
      expect(alice1.body.replacedDeviceIds).toEqual([]);
      const alice2 = await enroll(machine, { user: 'alice' });
      expect(alice2.body.replacedDeviceIds).toEqual([alice1.deviceId]);
      const bob = await enroll(machine, { user: 'bob' });
      expect(bob.body.replacedDeviceIds).toEqual([]);
      expect((await device(corporate.deviceId)).status).toBe('active');
      const groups = (await s.call('GET', '/api/v1/devices/duplicates', { token: t.adminToken })).body.items as { devices: { id: string; status: string }[] }[];
      const group = groups.find((g) => g.devices.some((x) => x.id === corporate.deviceId));
      expect(group?.devices.map((x) => x.id).sort()).toEqual([corporate.deviceId, alice2.deviceId, bob.deviceId].sort());
    });

    it('concurrent enrollments of one machine leave exactly one active record, and every other one retired and pointing on', async () => {
      const machine = { productUuidHash: hex(), machineIdHash: hex() };
      const results = await Promise.all(Array.from({ length: 5 }, () => enroll(machine)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const records = await Promise.all(results.map((r) => device(r.deviceId)));
      const active = records.filter((r) => r.status === 'active');
      expect(active).toHaveLength(1);
      for (const r of records.filter((x) => x.status !== 'active')) {
        expect(r.status).toBe('retired');
        expect(results.map((x) => x.deviceId)).toContain(r.replacedByDeviceId);
      }
      // Every retirement is accounted for: the replaced ids the answers name are exactly the retired records.
      expect(results.flatMap((r) => r.body.replacedDeviceIds).sort()).toEqual(records.filter((r) => r.status === 'retired').map((r) => r.id).sort());
    });

    it('rejects a malformed hardware identity naming the path, and stores nothing', async () => {
      const before = (await s.call('GET', '/api/v1/devices?limit=500', { token: t.adminToken })).body.total;
      const bad = await enroll({ machineIdHash: 'not-a-hash' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VERITY_REQUEST_INVALID');
      expect(bad.body.errors[0].path).toBe('$.device.hardwareIdentity.machineIdHash');
      expect((await s.call('GET', '/api/v1/devices?limit=500', { token: t.adminToken })).body.total).toBe(before);
    });
  });
}
