import { postureReportSchema } from '@verity/core';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixture.js';
import { fakeHostProbe } from '../../test/fake-host-probe.js';
import { createNodeHostProbe } from '../host/node-host-probe.js';
import { collectPosture } from './collect-posture.js';

describe('collectPosture', () => {
  it('the real Linux collector on this machine produces a schema-valid report', async () => {
    if (process.platform !== 'linux') return;
    const now = new Date();
    const report = await collectPosture(createNodeHostProbe(), 'linux', now);
    expect(postureReportSchema.safeParse(report).success).toBe(true);
    expect(report.collectedAt).toBe(now.toISOString());
    expect(report.facts['device.hostname']?.state).toBe('known');
  }, 120_000);

  it('a recorded Ubuntu laptop yields the expected facts', async () => {
    const probe = fakeHostProbe({
      files: {
        '/etc/os-release': fixture('linux/os-release-ubuntu.txt'),
        '/proc/sys/kernel/hostname': 'alice-laptop\n',
        '/proc/sys/kernel/osrelease': '6.5.0-27-generic\n',
        '/sys/class/dmi/id/product_serial': 'PF3ABCDE\n',
        '/sys/class/dmi/id/product_name': '20XW0055GE\n',
        '/sys/class/dmi/id/sys_vendor': 'LENOVO\n',
        '/etc/login.defs': fixture('linux/login.defs'),
        '/etc/pam.d/common-password': fixture('linux/common-password-pwquality'),
        '/etc/security/pwquality.conf': fixture('linux/pwquality.conf'),
        '/usr/bin/unattended-upgrade': '',
      },
      dirs: { '/sys/class': [], '/sys/class/dmi/id': [], '/sys/class/tpm': ['tpm0'] },
      commands: {
        'lsblk -J -o NAME,TYPE,FSTYPE,FSVER,MOUNTPOINTS': fixture('linux/lsblk-ubuntu-luks-lvm.json'),
        'ufw status': fixture('linux/ufw-status-active.txt'),
        'apt-config dump': fixture('linux/apt-config-dump-ubuntu.txt'),
        'apt-get -s -o Debug::NoLocking=1 upgrade': fixture('linux/apt-get-s-upgrade-ubuntu.txt'),
        'loginctl list-sessions --no-legend': '',
      },
    });
    const report = await collectPosture(probe, 'linux', new Date('2026-03-04T05:06:07Z'));
    expect(report.facts).toMatchObject({
      'os.distribution': { state: 'known', value: 'ubuntu' },
      'device.serialNumber': { state: 'known', value: 'PF3ABCDE' },
      'firewall.enabled': { state: 'known', value: true },
      'firewall.product': { state: 'known', value: 'ufw' },
      'secureBoot.enabled': { state: 'known', value: false },
      'tpm.present': { state: 'known', value: true },
      'updates.automaticSecurity': { state: 'known', value: true },
      'updates.pendingSecurity': { state: 'known', value: 2 },
      'password.minLength': { state: 'known', value: 14 },
      'screenLock.enabled': { state: 'unknown' },
    });
  });

  it('the identity scope reads only OS and device identity (no package manager)', async () => {
    const probe = fakeHostProbe({ files: { '/etc/os-release': fixture('linux/os-release-ubuntu.txt'), '/proc/sys/kernel/hostname': 'h1\n' } });
    const report = await collectPosture(probe, 'linux', new Date(0), 'identity');
    expect(report.facts['device.hostname']).toMatchObject({ value: 'h1' });
    expect(report.facts['updates.pendingSecurity']).toBeUndefined();
    expect(probe.calls.some((c) => c.startsWith('apt-get'))).toBe(false);
  });

  it('a platform without collectors still yields a valid report', async () => {
    const report = await collectPosture(fakeHostProbe({}), 'iot', new Date(0));
    expect(report.facts['os.name']?.state).toBe('unknown');
  });
});
