// The newcomer's path from the README, end to end: the real agent CLI on this machine against
// a real control plane (real TLS and mTLS, real posture collection), then revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestServer, enrollmentToken } from '../../../server/test/harness.js';
import type { TenantBootstrap } from '../../../server/src/tenants/tenant-bootstrap.js';

const AGENT = resolve(import.meta.dirname, '../../bin/verity-agent.mjs');

function agent(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [AGENT, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('agent CLI against the real control plane', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let stateDir: string;
  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    stateDir = mkdtempSync(join(tmpdir(), 'verity-agent-e2e-'));
  });
  afterAll(async () => {
    await s.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('enrolls, checks in with real posture, shows up in the inventory, and is refused after revocation', { timeout: 300_000 }, async () => {
    const profile = await s.call('POST', '/api/v1/enrollment-profiles', { token: t.adminToken, body: { name: 'this machine' } });
    expect(profile.body.agentCommand).toContain('--ca-fingerprint');
    const enroll = await agent(['enroll', '--server', s.url, '--token', profile.body.token, '--ca-fingerprint', profile.body.caFingerprint256, '--state-dir', stateDir]);
    expect(enroll.code, enroll.stderr).toBe(0);
    for (const file of ['key.pem', 'cert.pem']) expect(statSync(join(stateDir, file)).mode & 0o777).toBe(0o600);

    const run = await agent(['run', '--once', '--state-dir', stateDir]);
    expect(run.code, run.stderr).toBe(0);

    const list = await s.call('GET', '/api/v1/devices', { token: t.adminToken });
    expect(list.body.items).toHaveLength(1);
    const device = list.body.items[0];
    expect(device.platform).toBe('linux');
    expect(device.lastCheckinAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const detail = await s.call('GET', `/api/v1/devices/${device.id}`, { token: t.adminToken });
    const facts = detail.body.posture.report.facts as Record<string, { state: string }>;
    expect(facts['os.kernel']!.state).toBe('known');
    expect(facts['encryption.volumes']).toMatchObject({ state: expect.stringMatching(/^(known|unknown)$/) });

    const status = await agent(['status', '--json', '--state-dir', stateDir]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(device.id);

    expect((await s.call('POST', `/api/v1/devices/${device.id}/revoke`, { token: t.adminToken, body: {} })).status).toBe(200);
    const refused = await agent(['run', '--once', '--state-dir', stateDir]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('VERITY_DEVICE_REVOKED');
  });

  it('refuses to enroll when the CA fingerprint does not match', { timeout: 120_000 }, async () => {
    const token = await enrollmentToken(s, t.adminToken);
    const dir = mkdtempSync(join(tmpdir(), 'verity-agent-e2e-'));
    try {
      const res = await agent(['enroll', '--server', s.url, '--token', token, '--ca-fingerprint', 'ab'.repeat(32), '--state-dir', dir]);
      // A usage-class refusal (4xx) exits 2 and names its code.
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('VERITY_AGENT_CA_FINGERPRINT_MISMATCH');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
