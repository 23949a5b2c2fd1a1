import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostureReport } from '@verity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCheckinLoop, type CheckinLoopOptions } from '../../src/checkin/checkin-loop.js';
import { enrollDevice } from '../../src/enrollment/enroll-device.js';
import { silentLogger } from '../../src/log/logger.js';
import { createAgentStateStore, type AgentStateStore } from '../../src/state/agent-state.js';
import { statusCommand } from '../../src/cli/status-command.js';
import { fakeHostProbe } from '../fake-host-probe.js';
import { createTestCa, startTinyServer, type TinyServer } from './tiny-verity-server.js';

const report = (at: Date): PostureReport => ({
  schemaVersion: 1,
  collectedAt: at.toISOString(),
  platform: 'linux',
  agentVersion: '0.1.0',
  facts: { 'device.hostname': { state: 'known', value: 'test-host', source: 'test' }, 'os.name': { state: 'known', value: 'Debian', source: 'test' } },
});

let server: TinyServer;
beforeAll(async () => {
  server = await startTinyServer();
});
afterAll(async () => {
  await server.close();
});

async function enrolled(): Promise<AgentStateStore> {
  const state = createAgentStateStore(join(await mkdtemp(join(tmpdir(), 'agent-e2e-')), 'state'));
  await enrollDevice({
    serverUrl: server.url,
    credentials: { kind: 'token', enrollmentToken: 'token-ok' },
    trust: { kind: 'fingerprint', fingerprint256: server.ca.fingerprint256 },
    report: report(new Date()),
    state,
    logger: silentLogger,
    now: new Date(),
  });
  return state;
}

/** One `run --once` with a clock that starts at `at`. */
function once(state: AgentStateStore, at: Date, extra: Partial<CheckinLoopOptions> = {}) {
  return runCheckinLoop({
    state,
    collect: async (now) => report(now),
    probe: fakeHostProbe({}),
    logger: silentLogger,
    now: () => at,
    random: () => 0.5,
    sleep: async () => {},
    signal: new AbortController().signal,
    once: true,
    notify: () => {},
    ...extra,
  });
}

describe('agent against a contract server', () => {
  it('enrolls with a pinned CA: key and cert 0600, device id stored', async () => {
    const state = await enrolled();
    const config = await state.readConfig();
    expect(config).toMatchObject({ tenantId: 'tenant-1', serverUrl: server.url });
    expect((await stat(join(state.dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(state.dir, 'cert.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(state.dir, 'key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('refuses a server whose CA does not match the pin, and surfaces the server error code for a bad token', async () => {
    const state = createAgentStateStore(join(await mkdtemp(join(tmpdir(), 'agent-e2e-')), 'state'));
    const base = { serverUrl: server.url, report: report(new Date()), state, logger: silentLogger, now: new Date() };
    await expect(
      enrollDevice({ ...base, credentials: { kind: 'token', enrollmentToken: 'token-ok' }, trust: { kind: 'fingerprint', fingerprint256: Array(32).fill('00').join(':') } }),
    ).rejects.toMatchObject({ code: 'VERITY_AGENT_CA_FINGERPRINT_MISMATCH' });
    await expect(
      enrollDevice({ ...base, credentials: { kind: 'token', enrollmentToken: 'nope' }, trust: { kind: 'file', caPem: server.ca.caPem } }),
    ).rejects.toMatchObject({ code: 'VERITY_ENROLLMENT_TOKEN_INVALID', status: 401 });
    await expect(state.readConfig()).rejects.toMatchObject({ code: 'VERITY_AGENT_NOT_ENROLLED' });
  });

  it('registers a personal device with user credentials (trust on first use) and checks in', async () => {
    const state = createAgentStateStore(join(await mkdtemp(join(tmpdir(), 'agent-e2e-')), 'state'));
    const base = { serverUrl: server.url, report: report(new Date()), state, logger: silentLogger, now: new Date(), trust: { kind: 'trust-on-first-use' as const } };
    await expect(enrollDevice({ ...base, credentials: { kind: 'user', tenant: 'example.com', username: 'alice', password: 'wrong' } })).rejects.toMatchObject({
      code: 'VERITY_AUTH_INVALID_CREDENTIALS',
    });
    const config = await enrollDevice({ ...base, credentials: { kind: 'user', tenant: 'example.com', username: 'alice', password: 'correct horse' } });
    expect(config.checkinIntervalSeconds).toBe(600);
    expect(await once(state, new Date())).toBe(EXIT.ok);
  });

  it('checks in over mTLS, runs commands and reports their results on the next check-in', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    const notes: string[] = [];
    server.commands = [
      { id: 'cmd-1', kind: 'notify', payload: { title: 'Hello', message: 'Please update' } },
      { id: 'cmd-2', kind: 'lock', payload: {} },
    ];
    expect(await once(state, new Date('2026-02-01T10:00:00Z'), { notify: (m) => notes.push(m) })).toBe(EXIT.ok);
    expect(notes).toEqual(['Hello: Please update']);
    expect(await once(state, new Date('2026-02-01T10:15:00Z'))).toBe(EXIT.ok);
    const mine = server.checkins.filter((c) => c.deviceId === deviceId);
    expect(mine).toHaveLength(2);
    expect(mine[1]!.body.commandResults).toEqual([
      { commandId: 'cmd-1', status: 'succeeded' },
      // The fake host has no loginctl: the failure is reported, with the reason.
      { commandId: 'cmd-2', status: 'failed', detail: 'loginctl lock-sessions is not installed' },
    ]);
    expect(await state.readLastCheckin()).toMatchObject({ ok: true, complianceState: 'compliant' });
  });

  it('buffers reports while the server is down and sends them oldest first when it is back, across restarts', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    await server.stop();
    try {
      for (const t of ['2026-03-01T10:00:00Z', '2026-03-01T10:15:00Z', '2026-03-01T10:30:00Z']) {
        expect(await once(state, new Date(t))).toBe(EXIT.error);
      }
      expect(await readdir(join(state.dir, 'spool'))).toHaveLength(3);
    } finally {
      await server.start();
    }
    server.mode = 'unavailable';
    expect(await once(state, new Date('2026-03-01T10:45:00Z'))).toBe(EXIT.error); // 503 buffers too
    server.mode = 'up';
    expect(await once(state, new Date('2026-03-01T11:00:00Z'))).toBe(EXIT.ok);
    const sent = server.checkins.filter((c) => c.deviceId === deviceId).map((c) => c.body.report.collectedAt);
    expect(sent).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:15:00.000Z', '2026-03-01T10:30:00.000Z', '2026-03-01T10:45:00.000Z', '2026-03-01T11:00:00.000Z']);
    expect(await readdir(join(state.dir, 'spool'))).toHaveLength(0);
  });

  it('backs off exponentially while down, then returns to the jittered interval; a signal stops it with 0', async () => {
    const state = await enrolled();
    const delays: number[] = [];
    const controller = new AbortController();
    await server.stop();
    let restarted = false;
    const code = await runCheckinLoop({
      state,
      collect: async (now) => report(now),
      probe: fakeHostProbe({}),
      logger: silentLogger,
      now: () => new Date(),
      random: () => 0.5,
      signal: controller.signal,
      notify: () => {},
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length === 2) {
          await server.start();
          restarted = true;
        }
        if (delays.length === 3) controller.abort();
      },
    }).finally(async () => {
      if (!restarted) await server.start();
    });
    expect(code).toBe(EXIT.ok);
    expect(delays).toEqual([30_000, 60_000, 900_000]);
  });

  it('trusts only the Verity CA: a server certificate from another CA is refused and the report kept', async () => {
    const state = await enrolled();
    const { deviceId } = await state.readConfig();
    await writeFile(join(state.dir, 'ca.pem'), (await createTestCa()).caPem);
    expect(await once(state, new Date())).toBe(EXIT.error);
    expect(server.checkins.filter((c) => c.deviceId === deviceId)).toHaveLength(0);
    expect(await readdir(join(state.dir, 'spool'))).toHaveLength(1);
  });

  it('renews the certificate when the server asks, with a new key', async () => {
    const state = await enrolled();
    const before = await state.readCredentials();
    server.renewCertificate = true;
    expect(await once(state, new Date())).toBe(EXIT.ok);
    const after = await state.readCredentials();
    expect(after.keyPem).not.toBe(before.keyPem);
    expect(after.certPem).not.toBe(before.certPem);
    expect(server.renewals).toContain((await state.readConfig()).deviceId);
    // The renewed identity works for mTLS.
    expect(await once(state, new Date())).toBe(EXIT.ok);
  });

  it('stops with exit code 3 when the device is revoked', async () => {
    const state = await enrolled();
    server.mode = 'revoked';
    try {
      expect(await once(state, new Date())).toBe(EXIT.stoppedByServer);
      expect(await state.readLastCheckin()).toMatchObject({ ok: false });
      expect(await readdir(join(state.dir, 'spool'))).toHaveLength(0);
    } finally {
      server.mode = 'up';
    }
  });

  it('retire deletes key, certificate and state', async () => {
    const state = await enrolled();
    server.commands = [{ id: 'cmd-r', kind: 'retire', payload: {} }];
    expect(await once(state, new Date())).toBe(EXIT.ok);
    await expect(state.readCredentials()).rejects.toMatchObject({ code: 'VERITY_AGENT_NOT_ENROLLED' });
  });

  it('status shows what fails and how to fix it', async () => {
    const state = await enrolled();
    let out = '';
    const ctx = { probe: fakeHostProbe({}), platform: 'linux' as const, logger: silentLogger, now: () => new Date(), stdout: (t: string) => (out += t), env: {}, stateDir: () => state.dir };
    expect(await statusCommand(ctx, {})).toBe(0);
    expect(out).toContain('How to fix: Reinstall with full-disk encryption (LUKS).');
    out = '';
    await statusCommand(ctx, { json: true });
    expect(JSON.parse(out)).toMatchObject({ enrolled: true, server: { reachable: true, status: { complianceState: 'noncompliant' } } });
  });
});
