// The agent's client side (enrollment, check-in loop, commands, spool, renewal, status) against the
// real control plane: real TLS and mTLS, the real store, the real command and renewal rules.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostureReport } from '@verity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCheckinLoop, type CheckinLoopOptions } from '../../src/checkin/checkin-loop.js';
import { createDeviceApiClient } from '../../src/client/device-api-client.js';
import { enrollDevice } from '../../src/enrollment/enroll-device.js';
import { createCertificateRequest, normaliseFingerprint } from '../../src/enrollment/certificate-request.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { createAgentStateStore, STATE_FILES, type AgentStateStore } from '../../src/state/agent-state.js';
import { statusCommand } from '../../src/cli/status-command.js';
import { fakeHostProbe } from '../fake-host-probe.js';
import { TestServer, enrollmentToken } from '../../../server/test/harness.js';
import { linuxPolicy } from '../../../server/test/e2e/compliance-fixtures.js';
import type { TenantBootstrap } from '../../../server/src/tenants/tenant-bootstrap.js';
import { createDeviceCa } from '../../../server/src/device-ca/index.js';

const DAY = 86_400_000;
const known = <T>(value: T) => ({ state: 'known' as const, value, source: 'test' });
/** A report whose facts change with `n` (so posture history keeps each one). */
const report = (at: Date, n = 0): PostureReport => ({
  schemaVersion: 1,
  collectedAt: at.toISOString(),
  platform: 'linux',
  agentVersion: '0.1.0',
  facts: { 'device.hostname': known('test-host'), 'os.name': known('Debian'), 'updates.pendingSecurity': known(n) },
});

let s: TestServer;
let t: TenantBootstrap;
beforeAll(async () => {
  s = await TestServer.start({ config: { checkinIntervalSeconds: 600, commandLeaseSeconds: 60 } });
  t = await s.tenant();
});
afterAll(async () => { await s.close(); });

async function freshState(): Promise<AgentStateStore> {
  return createAgentStateStore(join(await mkdtemp(join(tmpdir(), 'agent-e2e-')), 'state'));
}

async function enrolled(server: TestServer = s, admin: string = t.adminToken): Promise<AgentStateStore> {
  const state = await freshState();
  await enrollDevice({
    serverUrl: server.url,
    credentials: { kind: 'token', enrollmentToken: await enrollmentToken(server, admin) },
    trust: { kind: 'fingerprint', fingerprint256: normaliseFingerprint(server.server.ctx.deviceCa.fingerprint256)! },
    report: report(new Date()),
    state,
    logger: silentLogger,
    now: new Date(),
  });
  return state;
}

/** One `run --once`. */
function once(state: AgentStateStore, extra: Partial<CheckinLoopOptions> = {}) {
  return runCheckinLoop({
    state,
    collect: async (now) => report(now),
    probe: fakeHostProbe({}),
    logger: silentLogger,
    now: () => new Date(),
    random: () => 0.5,
    sleep: async () => {},
    signal: new AbortController().signal,
    once: true,
    notify: () => {},
    ...extra,
  });
}

/** A client whose check-ins carrying command results never reach the server (the connection drops). */
const resultsLost: typeof createDeviceApiClient = (...args) => {
  const client = createDeviceApiClient(...args);
  return {
    ...client,
    checkin: async (report, results) => {
      if (results.length > 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return client.checkin(report, results);
    },
  };
};

/** The device as the agent's own certificate presents it, for the server side of a test. */
async function identity(state: AgentStateStore) {
  const c = await state.readCredentials();
  const config = await state.readConfig();
  return { keyPem: c.keyPem, certPem: c.certPem, deviceId: config.deviceId, tenantId: config.tenantId };
}
const commandsOf = async (deviceId: string, server = s, token = t.adminToken) =>
  (await server.call('GET', `/api/v1/devices/${deviceId}/commands`, { token })).body.items as { id: string; kind: string; state: string; detail: string | null; deliveries: number }[];

describe('agent against the real control plane', () => {
  it('enrolls with a pinned CA: key and cert 0600, the device in the tenant', async () => {
    const state = await enrolled();
    const config = await state.readConfig();
    expect(config).toMatchObject({ tenantId: t.tenantId, serverUrl: s.url, checkinIntervalSeconds: 600 });
    expect((await stat(join(state.dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(state.dir, 'cert.pem'))).mode & 0o777).toBe(0o600);
    expect((await s.call('GET', `/api/v1/devices/${config.deviceId}`, { token: t.adminToken })).status).toBe(200);
  });

  it('refuses a server whose CA does not match the pin, and surfaces the server\'s code for a bad token', async () => {
    const state = await freshState();
    const base = { serverUrl: s.url, report: report(new Date()), state, logger: silentLogger, now: new Date() };
    await expect(enrollDevice({ ...base, credentials: { kind: 'token', enrollmentToken: await enrollmentToken(s, t.adminToken) }, trust: { kind: 'fingerprint', fingerprint256: Array(32).fill('00').join(':') } }))
      .rejects.toMatchObject({ code: 'VERITY_AGENT_CA_FINGERPRINT_MISMATCH' });
    await expect(enrollDevice({ ...base, credentials: { kind: 'token', enrollmentToken: 'vre_not-a-real-token-at-all' }, trust: { kind: 'file', caPem: s.caPem } }))
      .rejects.toMatchObject({ code: 'VERITY_ENROLLMENT_TOKEN_INVALID', status: 401 });
    await expect(state.readConfig()).rejects.toMatchObject({ code: 'VERITY_AGENT_NOT_ENROLLED' });
  });

  it('registers a personal device with user credentials (trust on first use) and checks in', async () => {
    const upn = `agent-user@${t.domain}`;
    expect((await s.call('POST', '/api/v1/users', { token: t.adminToken, body: { userPrincipalName: upn, displayName: 'Agent User', password: 'correct horse battery' } })).status).toBe(201);
    const state = await freshState();
    const base = { serverUrl: s.url, report: report(new Date()), state, logger: silentLogger, now: new Date(), trust: { kind: 'trust-on-first-use' as const } };
    await expect(enrollDevice({ ...base, credentials: { kind: 'user', tenant: t.domain, username: upn, password: 'wrong password!' } })).rejects.toMatchObject({ code: 'VERITY_AUTH_INVALID_CREDENTIALS', status: 401 });
    const config = await enrollDevice({ ...base, credentials: { kind: 'user', tenant: t.domain, username: upn, password: 'correct horse battery' } });
    expect(await once(state)).toBe(EXIT.ok);
    expect((await s.call('GET', `/api/v1/devices/${config.deviceId}`, { token: t.adminToken })).body).toMatchObject({ ownership: 'personal', lastCheckinAt: expect.any(String) });
  });

  it('runs commands and reports their results at once; the server records them', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    const notes: string[] = [];
    const notify = (await s.server.ctx.store.commands.enqueue(t.tenantId, { deviceId, kind: 'notify', payload: { title: 'Hello', message: 'Please update' } })).command;
    const lock = await s.call('POST', `/api/v1/devices/${deviceId}/lock`, { token: t.adminToken, body: {} });
    expect(await once(state, { notify: (m) => notes.push(m) })).toBe(EXIT.ok);
    expect(notes).toEqual(['Hello: Please update']);
    expect(await commandsOf(deviceId)).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: notify.id, state: 'succeeded' }),
      // The fake host has no loginctl: the failure is reported with the reason.
      expect.objectContaining({ id: lock.body.commandId, state: 'failed', detail: 'loginctl lock-sessions is not installed' }),
    ]));
    expect(await state.readPendingResults()).toEqual([]);
    expect(await state.readLastCheckin()).toMatchObject({ ok: true });
  });

  it('runs a command offered again (its result lost) only once: the recorded result, or "stopped while running", is reported instead', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    const notes: string[] = [];
    const first = (await s.server.ctx.store.commands.enqueue(t.tenantId, { deviceId, kind: 'notify', payload: { title: 'Once' } })).command;
    expect(await once(state, { notify: (m) => notes.push(m), clientFactory: resultsLost })).toBe(EXIT.ok);
    // The result never reaches the server (its file lost); the lease runs out and the server offers the command again.
    await rm(join(state.dir, STATE_FILES.pendingResults), { force: true });
    s.setNow(new Date(Date.now() + 2 * 60_000));
    expect(await once(state, { notify: (m) => notes.push(m) })).toBe(EXIT.ok);
    expect(notes).toEqual(['Once']);
    expect(await commandsOf(deviceId)).toEqual([expect.objectContaining({ id: first.id, state: 'succeeded', deliveries: 2 })]);

    // Killed while running a command (recorded as started, no result): not run again, reported failed.
    const second = (await s.server.ctx.store.commands.enqueue(t.tenantId, { deviceId, kind: 'notify', payload: { title: 'Twice?' } })).command;
    await once(state, { notify: (m) => notes.push(m), clientFactory: resultsLost });
    const executed = await state.readExecutedCommands();
    await state.saveExecutedCommands(executed.map((e) => (e.commandId === second.id ? { commandId: e.commandId, startedAt: e.startedAt } : e)));
    await rm(join(state.dir, STATE_FILES.pendingResults), { force: true });
    s.setNow(new Date(Date.now() + 4 * 60_000));
    await once(state, { notify: (m) => notes.push(m) });
    s.setNow(null);
    expect(notes).toEqual(['Once', 'Twice?']);
    expect((await commandsOf(deviceId)).find((c) => c.id === second.id)).toMatchObject({ state: 'failed', detail: 'the agent stopped while running this command; it is not run a second time' });
  });

  it('drops a result the server already has (its earlier answer was lost) and checks in without it', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    const lock = await s.call('POST', `/api/v1/devices/${deviceId}/lock`, { token: t.adminToken, body: {} });
    expect(await once(state, { clientFactory: resultsLost })).toBe(EXIT.ok);
    const [pending] = await state.readPendingResults();
    // The check-in carrying the result reached the server, its answer did not.
    const sent = await s.call('POST', '/api/v1/device/checkin', { device: await identity(state), body: { report: report(new Date(), 1), commandResults: [pending] } });
    expect(sent.status).toBe(200);
    expect(await once(state)).toBe(EXIT.ok);
    expect(await state.readPendingResults()).toEqual([]);
    expect((await commandsOf(deviceId)).find((c) => c.id === lock.body.commandId)).toMatchObject({ state: 'failed' });
  });

  it('buffers reports while the server is down and sends them oldest first when it is back, across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agent-e2e-server-'));
    let server = await TestServer.start({ dataDir });
    const port = new URL(server.url).port;
    const tenant = await server.tenant();
    const state = await enrolled(server, tenant.adminToken);
    const { deviceId } = await state.readConfig();
    let n = 0;
    const run = () => once(state, { collect: async (now) => report(now, ++n) });
    await server.close();
    try {
      for (let i = 0; i < 3; i++) expect(await run()).toBe(EXIT.error);
      expect(await readdir(join(state.dir, 'spool'))).toHaveLength(3);
    } finally {
      server = await TestServer.start({ dataDir, config: { port: Number(port) } });
    }
    try {
      expect(await run()).toBe(EXIT.ok);
      expect(await readdir(join(state.dir, 'spool'))).toHaveLength(0);
      const history = (await server.call('GET', `/api/v1/devices/${deviceId}/posture?limit=10`, { token: tenant.adminToken })).body.items as { report: PostureReport }[];
      // Newest first: the fresh report, then the three buffered ones, then the enrollment check-in's.
      expect(history.map((h) => (h.report.facts['updates.pendingSecurity'] as { value: number }).value)).toEqual([4, 3, 2, 1]);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('backs off exponentially while the server is down, then returns to the jittered interval; a signal stops it with 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agent-e2e-server-'));
    let server = await TestServer.start({ dataDir, config: { checkinIntervalSeconds: 900 } });
    const port = Number(new URL(server.url).port);
    const tenant = await server.tenant();
    const state = await enrolled(server, tenant.adminToken);
    await server.close();
    const delays: number[] = [];
    const controller = new AbortController();
    try {
      const code = await runCheckinLoop({
        state, collect: async (now) => report(now), probe: fakeHostProbe({}), logger: silentLogger, now: () => new Date(), random: () => 0.5,
        signal: controller.signal, notify: () => {},
        sleep: async (ms) => {
          delays.push(ms);
          if (delays.length === 2) server = await TestServer.start({ dataDir, config: { port, checkinIntervalSeconds: 900 } });
          if (delays.length === 3) controller.abort();
        },
      });
      expect(code).toBe(EXIT.ok);
      expect(delays).toEqual([30_000, 60_000, 900_000]);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reports a server certificate it cannot verify loudly, keeps the report, and does not treat it as an outage to retry', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    const before = (await s.call('GET', `/api/v1/devices/${deviceId}`, { token: t.adminToken })).body.lastCheckinAt;
    await writeFile(join(state.dir, 'ca.pem'), (await createDeviceCa({ commonName: 'Some other CA', now: new Date() })).certPem);
    const lines: string[] = [];
    const delays: number[] = [];
    const controller = new AbortController();
    const code = await runCheckinLoop({
      state, collect: async (now) => report(now), probe: fakeHostProbe({}), logger: createLogger({ write: (l) => lines.push(l) }), now: () => new Date(), random: () => 0.5,
      signal: controller.signal, notify: () => {},
      sleep: async (ms) => { delays.push(ms); if (delays.length === 2) controller.abort(); },
    });
    expect(code).toBe(EXIT.ok);
    expect((await s.call('GET', `/api/v1/devices/${deviceId}`, { token: t.adminToken })).body.lastCheckinAt).toBe(before);
    expect(await readdir(join(state.dir, 'spool'))).toHaveLength(2);
    const errors = lines.map((l) => JSON.parse(l) as { level: string; code?: string }).filter((l) => l.level === 'error');
    expect(errors.map((e) => e.code)).toEqual(['VERITY_AGENT_SERVER_UNTRUSTED', 'VERITY_AGENT_SERVER_UNTRUSTED']);
    // The normal interval (600 s, jittered), not the outage back-off (30 s, 60 s, ...).
    expect(delays).toEqual([600_000, 600_000]);
    expect((await state.readLastCheckin())?.error).toMatch(/^VERITY_AGENT_SERVER_UNTRUSTED/);
  });

  it('renews the certificate when the server asks, with a new key; the old certificate is refused from then on', async () => {
    s.setNow(new Date(Date.now() - 70 * DAY));
    const state = await enrolled();
    s.setNow(null);
    const before = await state.readCredentials();
    expect(await once(state)).toBe(EXIT.ok);
    const after = await state.readCredentials();
    expect(after.keyPem).not.toBe(before.keyPem);
    expect(after.certPem).not.toBe(before.certPem);
    expect(await state.readPendingRenewal()).toBeUndefined();
    const { deviceId, tenantId } = await state.readConfig();
    const old = await s.call('POST', '/api/v1/device/checkin', { device: { keyPem: before.keyPem, certPem: before.certPem, deviceId, tenantId }, body: { report: report(new Date()) } });
    expect([old.status, old.body.code]).toEqual([401, 'VERITY_DEVICE_CERT_SUPERSEDED']);
    expect(await once(state)).toBe(EXIT.ok);
  });

  it('finishes a renewal whose answer was lost: the same CSR fetches the certificate the server already issued', async () => {
    const state = await enrolled();
    const old = await identity(state);
    const request = await createCertificateRequest(old.deviceId);
    await state.savePendingRenewal({ keyPem: request.privateKeyPem, csrPem: request.csrPem });
    // The renewal reached the server, its answer did not: the server now refuses the old certificate.
    expect((await s.call('POST', '/api/v1/device/renew', { device: old, body: { csr: request.csrPem } })).status).toBe(200);
    expect((await s.call('POST', '/api/v1/device/checkin', { device: old, body: { report: report(new Date()) } })).body.code).toBe('VERITY_DEVICE_CERT_SUPERSEDED');
    expect(await once(state)).toBe(EXIT.ok);
    expect((await state.readCredentials()).keyPem).toBe(request.privateKeyPem);
    expect(await state.readPendingRenewal()).toBeUndefined();
  });

  it('stops with exit code 3 when the device is revoked', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    expect((await s.call('POST', `/api/v1/devices/${deviceId}/revoke`, { token: t.adminToken, body: {} })).status).toBe(200);
    expect(await once(state)).toBe(EXIT.stoppedByServer);
    expect(await state.readLastCheckin()).toMatchObject({ ok: false, error: expect.stringMatching(/^VERITY_DEVICE_REVOKED/) });
    expect(await readdir(join(state.dir, 'spool'))).toHaveLength(0);
  });

  it('retire deletes key, certificate and state', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    await s.server.ctx.store.commands.enqueue(t.tenantId, { deviceId, kind: 'retire' });
    expect(await once(state)).toBe(EXIT.ok);
    await expect(state.readCredentials()).rejects.toMatchObject({ code: 'VERITY_AGENT_NOT_ENROLLED' });
  });

  it('status shows what fails and how to fix it, as the server evaluated it', async () => {
    const other = await s.tenant();
    const policy = await s.call('POST', '/api/v1/compliance-policies', { token: other.adminToken, body: linuxPolicy() });
    await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: other.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
    const state = await enrolled(s, other.adminToken);
    expect(await once(state)).toBe(EXIT.ok);
    let out = '';
    const ctx = { probe: fakeHostProbe({}), platform: 'linux' as const, logger: silentLogger, now: () => new Date(), stdout: (text: string) => (out += text), env: {}, stateDir: () => state.dir };
    expect(await statusCommand(ctx, {})).toBe(0);
    const { deviceId } = await state.readConfig();
    const compliance = (await s.call('GET', `/api/v1/devices/${deviceId}/compliance`, { token: other.adminToken })).body;
    const failing = compliance.policies[0].settings.filter((x: { state: string }) => x.state !== 'compliant');
    expect(failing.length).toBeGreaterThan(0);
    for (const setting of failing) expect(out).toContain(`How to fix: ${setting.remediation}`);
    out = '';
    await statusCommand(ctx, { json: true });
    expect(JSON.parse(out)).toMatchObject({ enrolled: true, server: { reachable: true, status: { complianceState: compliance.state } } });
  });
});
