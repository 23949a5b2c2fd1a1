import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDeviceShow } from '../src/device-show-output.js';
import { printDuplicates } from '../src/device-duplicates-output.js';
import { operatorToken } from '../src/tenants-command.js';

describe('verity devices show (human output)', () => {
  it('says for every fact where it came from, in words, and why an unknown one is unknown', () => {
    const lines = formatDeviceShow({
      id: 'd1', displayName: 'vm', posture: {
        receivedAt: '2026-12-06T03:59:19Z',
        report: { facts: {
          'password.maxAgeDays': { state: 'known', value: 0, source: '/etc/login.defs PASS_MAX_DAYS' },
          'firewall.enabled': { state: 'unknown', reason: 'no firewall tool is installed', cause: 'not-installed' },
        } },
      },
      certificates: [], compliance: null,
    });
    const maxAge = lines.find((l) => l.includes('password.maxAgeDays'))!;
    expect(maxAge).toContain('never expires');
    expect(maxAge).toContain('/etc/login.defs PASS_MAX_DAYS');
    const firewall = lines.find((l) => l.includes('firewall.enabled'))!;
    expect(firewall).toContain('unknown (not installed)');
    expect(firewall).toContain('could not read: no firewall tool is installed');
  });
});

describe('verity devices list --duplicates', () => {
  it('prints each machine with its active records, or says there are none', async () => {
    const out: string[] = [];
    const api = { call: async () => ({ items: [{ devices: [{ id: 'a', displayName: 'vm', ownership: 'corporate' }, { id: 'b', displayName: 'vm', ownership: 'personal', primaryUserId: 'alice' }] }] }) } as never;
    await printDuplicates(api, false, (l) => out.push(l));
    expect(out[0]).toMatch(/^Machine 1: 2 active records/);
    expect(out.filter((l) => /^\s+(a|b)\s/.test(l))).toHaveLength(2);
    const none: string[] = [];
    await printDuplicates({ call: async () => ({ items: [] }) } as never, false, (l) => none.push(l));
    expect(none).toEqual(['No machine has more than one active record.']);
  });
});

describe('the operator credential for verity tenants', () => {
  const profile = { server: 'https://localhost:8443', token: 'vrt_admin-token-000', caCertificate: 'x'.repeat(100) };
  it('comes from --operator-token-file, then VERITY_OPERATOR_TOKEN, then the profile, and never silently from the admin token', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'verity-cli-')), 'operator.token');
    writeFileSync(file, 'vro_from-file\n');
    expect(operatorToken({ operatorTokenFile: file }, { VERITY_OPERATOR_TOKEN: 'vro_env' }, { ...profile, operatorToken: 'vro_profile' })).toEqual({ token: 'vro_from-file', from: 'file' });
    expect(operatorToken({}, { VERITY_OPERATOR_TOKEN: 'vro_env' }, { ...profile, operatorToken: 'vro_profile' })).toEqual({ token: 'vro_env', from: 'env' });
    expect(operatorToken({}, {}, { ...profile, operatorToken: 'vro_profile' })).toEqual({ token: 'vro_profile', from: 'profile' });
    expect(() => operatorToken({}, {}, profile)).toThrow(/operator\.token/);
  });
});
