import { chmod, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgentStateStore } from './agent-state.js';
import { defaultStateDir } from './state-dir.js';

const credentials = { keyPem: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n', certPem: 'cert', caPem: 'ca' };
const config = { serverUrl: 'https://verity.example.com', deviceId: 'dev-1', tenantId: 't-1', checkinIntervalSeconds: 900, enrolledAt: '2026-01-01T00:00:00.000Z' };

describe('agent state', () => {
  it('writes key and cert 0600 inside a 0700 directory', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'state-')), 'agent');
    const state = createAgentStateStore(dir);
    await state.saveEnrollment(config, credentials);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'cert.pem'))).mode & 0o777).toBe(0o600);
    expect(await state.readConfig()).toEqual(config);
    expect(await state.readCredentials()).toEqual(credentials);
  });

  it('refuses a key file someone made readable to others', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'state-')), 'agent');
    const state = createAgentStateStore(dir);
    await state.saveEnrollment(config, credentials);
    await chmod(join(dir, 'key.pem'), 0o644);
    await expect(state.readCredentials()).rejects.toMatchObject({ code: 'VERITY_AGENT_FILE_PERMISSIONS' });
  });

  it('says not enrolled when there is no state, and wipes everything on retire', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'state-')), 'agent');
    const state = createAgentStateStore(dir);
    await expect(state.readConfig()).rejects.toMatchObject({ code: 'VERITY_AGENT_NOT_ENROLLED' });
    await state.saveEnrollment(config, credentials);
    await state.savePendingResults([{ commandId: 'c1', status: 'succeeded' }]);
    expect(await state.readPendingResults()).toHaveLength(1);
    await state.wipe();
    await expect(state.readCredentials()).rejects.toMatchObject({ code: 'VERITY_AGENT_NOT_ENROLLED' });
  });

  it('chooses the state directory by env, uid and XDG', () => {
    expect(defaultStateDir({ VERITY_AGENT_STATE_DIR: '/x' }, 0)).toBe('/x');
    expect(defaultStateDir({}, 0)).toBe('/var/lib/verity-agent');
    expect(defaultStateDir({ XDG_STATE_HOME: '/home/a/.st' }, 1000, '/home/a')).toBe('/home/a/.st/verity-agent');
    expect(defaultStateDir({}, 1000, '/home/a')).toBe('/home/a/.local/state/verity-agent');
  });
});
