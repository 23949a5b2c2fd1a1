import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';
import { createDeviceCa, loadCa } from '../../src/device-ca/index.js';

const device = { hostname: 'h', platform: 'linux' };

function expectProblem(res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.code).toBe(code);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

describe('bad input is answered 4xx with problem+json, never 500, never half-written', () => {
  let s: TestServer;
  let t: TenantBootstrap;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  async function deviceCount(): Promise<number> {
    return (await s.call('GET', '/api/v1/devices?limit=500', { token: t.adminToken })).body.items.length;
  }

  it('unknown enrollment token', async () => {
    const { csrPem } = await createDeviceKeyAndCsr('h');
    expectProblem(await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: 'vre_doesnotexistdoesnotexist', csr: csrPem, device } }), 401, 'VERITY_ENROLLMENT_TOKEN_INVALID');
  });

  it('exhausted (reused) token: the second device is refused and not written', async () => {
    const token = await enrollmentToken(s, t.adminToken, { maxUses: 1 });
    await s.enrollDevice(token);
    const before = await deviceCount();
    const { csrPem } = await createDeviceKeyAndCsr('h');
    expectProblem(await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: token, csr: csrPem, device } }), 401, 'VERITY_ENROLLMENT_TOKEN_EXHAUSTED');
    expect(await deviceCount()).toBe(before);
  });

  it('expired token', async () => {
    const token = await enrollmentToken(s, t.adminToken, { expiresInHours: 1 });
    s.setNow(new Date(Date.now() + 2 * 3600_000));
    try {
      const { csrPem } = await createDeviceKeyAndCsr('h');
      expectProblem(await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: token, csr: csrPem, device } }), 401, 'VERITY_ENROLLMENT_TOKEN_EXPIRED');
    } finally {
      s.setNow(null);
    }
  });

  it('revoked enrollment profile', async () => {
    const res = await s.call('POST', '/api/v1/enrollment-profiles', { token: t.adminToken, body: { name: 'x' } });
    expect((await s.call('DELETE', `/api/v1/enrollment-profiles/${res.body.id}`, { token: t.adminToken })).status).toBe(204);
    const { csrPem } = await createDeviceKeyAndCsr('h');
    expectProblem(await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: res.body.token, csr: csrPem, device } }), 401, 'VERITY_ENROLLMENT_TOKEN_INVALID');
  });

  it('malformed CSR does not consume a token use', async () => {
    const token = await enrollmentToken(s, t.adminToken, { maxUses: 1 });
    const garbage = '-----BEGIN CERTIFICATE REQUEST-----\n' + 'A'.repeat(200) + '\n-----END CERTIFICATE REQUEST-----';
    const res = await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: token, csr: garbage, device } });
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^VERITY_CSR_/);
    await s.enrollDevice(token); // the single use is still available
  });

  it('CSR whose signature does not match its key', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const { csrPem } = await createDeviceKeyAndCsr('h');
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    der[der.length - 3] = der[der.length - 3]! ^ 0x55; // corrupt the signature value
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const res = await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: token, csr: tampered, device } });
    expect(res.status).toBe(400);
    expect(['VERITY_CSR_BAD_SIGNATURE', 'VERITY_CSR_MALFORMED']).toContain(res.body.code);
  });

  it('certificate from another CA is refused', async () => {
    const other = await loadCa(...(Object.values(await createDeviceCa({ commonName: 'Rogue CA', now: new Date() })) as [string, string]));
    const { keyPem, csrPem } = await createDeviceKeyAndCsr('rogue');
    const issued = await other.issueDeviceCertificate({ csrPem, tenantId: t.tenantId, deviceId: 'rogue-device', now: new Date(), validityDays: 30 });
    const res = await s.call('POST', '/api/v1/device/checkin', { device: { keyPem, certPem: issued.certPem, deviceId: 'rogue-device', tenantId: t.tenantId }, body: { report: linuxReport() } });
    expectProblem(res, 401, 'VERITY_DEVICE_CERT_UNKNOWN');
  });

  it('expired device certificate is refused', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const d = await s.enrollDevice(token);
    s.setNow(new Date(Date.now() + 400 * 86_400_000));
    try {
      expectProblem(await s.call('POST', '/api/v1/device/checkin', { device: d, body: { report: linuxReport() } }), 401, 'VERITY_DEVICE_CERT_EXPIRED');
    } finally {
      s.setNow(null);
    }
  });

  it('invalid posture report names the JSON path', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const d = await s.enrollDevice(token);
    const report = linuxReport({ 'updates.pendingSecurity': { state: 'known', value: -4, source: 'x' } });
    const res = await s.call('POST', '/api/v1/device/checkin', { device: d, body: { report } });
    expectProblem(res, 400, 'VERITY_REQUEST_INVALID');
    expect(res.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain('updates.pendingSecurity');
    const history = await s.call('GET', `/api/v1/devices/${d.deviceId}/posture`, { token: t.adminToken });
    expect(history.body.items).toHaveLength(0);
  });

  it('oversized body', async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const d = await s.enrollDevice(token);
    const huge = JSON.stringify({ report: linuxReport(), pad: 'x'.repeat(300 * 1024) });
    expectProblem(await s.call('POST', '/api/v1/device/checkin', { device: d, rawBody: huge }), 413, 'VERITY_REQUEST_TOO_LARGE');
  });

  it('invalid JSON', async () => {
    expectProblem(await s.call('POST', '/api/v1/users', { token: t.adminToken, rawBody: '{"userPrincipalName": ' }), 400, 'VERITY_REQUEST_INVALID_JSON');
  });

  it('unknown fields and wrong types name their path', async () => {
    const res = await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: 'x@y.z', displayName: 5, admin: true } });
    expectProblem(res, 400, 'VERITY_REQUEST_INVALID');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('$.displayName');
  });

  it('invalid inventory filters', async () => {
    expectProblem(await s.call('GET', '/api/v1/devices?platform=amiga', { token: t.adminToken }), 400, 'VERITY_REQUEST_INVALID');
    expectProblem(await s.call('GET', '/api/v1/devices?limit=100000', { token: t.adminToken }), 400, 'VERITY_REQUEST_INVALID');
    expectProblem(await s.call('GET', '/api/v1/devices?sort=password', { token: t.adminToken }), 400, 'VERITY_REQUEST_INVALID');
    const badCursor = await s.call('GET', '/api/v1/devices?cursor=not-a-cursor', { token: t.adminToken });
    expect(badCursor.status).toBe(400);
  });

  it('invalid dynamic group rule names the position', async () => {
    const res = await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: 'g', memberKind: 'device', membershipType: 'dynamic', membershipRule: 'device.platform -eq' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERITY_RULE_SYNTAX');
    expect(res.body.errors[0]).toMatchObject({ path: '$.membershipRule', position: expect.any(Number) });
  });

  it('unknown route', async () => {
    expectProblem(await s.call('GET', '/api/v1/nope', { token: t.adminToken }), 404, 'VERITY_ROUTE_NOT_FOUND');
  });

  it('deeply nested JSON is refused at the edge on every JSON route (policy import, merge-patch, named location, check-in), never a 500', async () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const policy = await s.call('POST', '/api/v1/conditional-access/policies', {
      token: t.adminToken,
      body: { displayName: 'p', state: 'disabled', conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } },
    });
    expect(policy.status).toBe(201);
    for (const levels of [33, 1_900, 20_000]) {
      for (const [method, path, text] of [
        ['POST', '/api/v1/conditional-access/policies', `{"displayName":"x","conditions":${deep(levels)}}`],
        ['PATCH', `/api/v1/conditional-access/policies/${policy.body.id}`, `{"conditions":${deep(levels)}}`],
        ['POST', '/api/v1/conditional-access/named-locations', `{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"x","ipRanges":${deepArray(levels)}}`],
        ['POST', '/api/v1/compliance-policies', `{"@odata.type":"#microsoft.graph.windows10CompliancePolicy","displayName":"x","extra":${deep(levels)}}`],
      ] as const) {
        expectProblem(await s.call(method, path, { token: t.adminToken, rawBody: text }), 400, 'VERITY_REQUEST_TOO_DEEP');
      }
    }
    expect((await s.call('GET', `/api/v1/conditional-access/policies/${policy.body.id}`, { token: t.adminToken })).body.displayName).toBe('p');
    const token = await enrollmentToken(s, t.adminToken);
    const enrolled = await s.enrollDevice(token);
    const report = JSON.stringify(linuxReport());
    const res = await s.call('POST', '/api/v1/device/checkin', { device: enrolled, rawBody: `{"report":${report.slice(0, -1)},"facts2":${deep(20_000)}}}` });
    expect(res.status).toBe(400);
    expect(['VERITY_REQUEST_INVALID', 'VERITY_REQUEST_TOO_DEEP']).toContain(res.body.code);
  });
});
