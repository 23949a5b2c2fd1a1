import { describe, expect, it } from 'vitest';
import { fakeHostProbe } from '../../test/fake-host-probe.js';
import { silentLogger } from '../log/logger.js';
import { executeCommand } from './device-commands.js';

const ctx = (commands: Record<string, string | { kind: 'exited'; code: number; stdout: string; stderr: string }>) => ({
  probe: fakeHostProbe({ commands }),
  logger: silentLogger,
  notify: () => {},
});

describe('device commands', () => {
  it('lock runs loginctl lock-sessions and reports its failure detail', async () => {
    expect((await executeCommand({ id: 'a', kind: 'lock', payload: {} }, ctx({ 'loginctl lock-sessions': '' }))).result).toEqual({ commandId: 'a', status: 'succeeded', detail: 'loginctl lock-sessions' });
    const failed = await executeCommand(
      { id: 'b', kind: 'lock', payload: {} },
      ctx({ 'loginctl lock-sessions': { kind: 'exited', code: 1, stdout: '', stderr: 'System has not been booted with systemd as init system (PID 1).' } }),
    );
    expect(failed.result).toMatchObject({ status: 'failed', detail: expect.stringContaining('not been booted with systemd') });
  });

  it('retire asks the loop to wipe; unknown kinds fail visibly', async () => {
    expect((await executeCommand({ id: 'r', kind: 'retire', payload: {} }, ctx({}))).retire).toBe(true);
    expect((await executeCommand({ id: 'x', kind: 'wipe-disk', payload: {} }, ctx({}))).result.status).toBe('failed');
  });
});
